package com.example.tidemark.sqlite;

import io.tidemark.BackendUnavailableException;
import io.tidemark.Health;
import io.tidemark.OutcomeUnknownException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;

/**
 * One SQLite connection, used by one thread at a time. Every operation runs in a {@code BEGIN IMMEDIATE}
 * transaction, which takes SQLite's write lock at once: threads (through {@link #lock}) and processes (through
 * SQLite's file lock, waited for with {@code busy_timeout}) are serialised. WAL journal, {@code synchronous=FULL}.
 *
 * <p>Lost replies: when the connection fails at {@code COMMIT} the change may or may not have been committed, and
 * nothing on a fresh connection tells which (a row equal to ours may have been written by another process). A
 * write then throws {@link OutcomeUnknownException}, never a guessed outcome, and is never retried here; a read
 * returns what it read. The dead connection is dropped and the next call opens a new one.
 */
final class Database implements AutoCloseable {
  /** Work done inside one transaction. */
  interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private final Path file;
  private final UnaryOperator<Connection> wire;
  private final ReentrantLock lock = new ReentrantLock();
  private Connection connection;

  private Database(Path file, UnaryOperator<Connection> wire) {
    this.file = file;
    this.wire = wire;
  }

  static Database open(Path file) {
    return open(file, UnaryOperator.identity());
  }

  /**
   * Opens the database; every connection passes through {@code wire} (tests put a fault injector there, as a
   * TCP proxy sits between a client and its server).
   */
  static Database open(Path file, UnaryOperator<Connection> wire) {
    Database db = new Database(file, wire);
    try (Statement s = db.connection().createStatement()) {
      s.execute("CREATE TABLE IF NOT EXISTS watermark (chain_id TEXT NOT NULL, pkh TEXT NOT NULL, request TEXT NOT NULL,"
          + " lvl INTEGER NOT NULL, round INTEGER NOT NULL, digest TEXT NOT NULL, PRIMARY KEY (chain_id, pkh, request))");
      s.execute("CREATE TABLE IF NOT EXISTS nameservice (ledger_alias TEXT PRIMARY KEY, ledger_name TEXT NOT NULL,"
          + " branch TEXT NOT NULL, commit_address TEXT, commit_t INTEGER, index_address TEXT, index_t INTEGER,"
          + " default_context_address TEXT, status TEXT NOT NULL, updated_at INTEGER NOT NULL,"
          + " status_v INTEGER NOT NULL, status_meta TEXT NOT NULL, config_v INTEGER NOT NULL,"
          + " config_meta TEXT NOT NULL)");
    } catch (SQLException e) {
      db.drop();
      throw new BackendUnavailableException("cannot open SQLite database " + file + ": " + e.getMessage(), e);
    }
    return db;
  }

  /** The open connection, or a new one if there is none or it died. */
  private Connection connection() throws SQLException {
    if (connection == null || connection.isClosed()) {
      Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA busy_timeout = 30000");
        s.execute("PRAGMA journal_mode = WAL");
        s.execute("PRAGMA synchronous = FULL");
      }
      c.setAutoCommit(true);
      connection = wire.apply(c);
    }
    return connection;
  }

  /** Closes the connection quietly after a failure; the next call opens a new one. */
  private void drop() {
    try {
      if (connection != null) {
        connection.close();
      }
    } catch (SQLException ignored) {
      // it is being discarded because it failed
    }
    connection = null;
  }

  /** Runs a change in one {@code BEGIN IMMEDIATE} transaction; see the class comment for a failed commit. */
  <T> T write(String what, Work<T> work) {
    return transaction(what, true, work);
  }

  /** Runs a read in one transaction (a consistent snapshot). */
  <T> T read(String what, Work<T> work) {
    return transaction(what, false, work);
  }

  private <T> T transaction(String what, boolean writes, Work<T> work) {
    lock.lock();
    try {
      Connection c = connection();
      try (Statement s = c.createStatement()) {
        s.execute("BEGIN IMMEDIATE");
        T result;
        try {
          result = work.run(c);
        } catch (SQLException | RuntimeException e) {
          s.execute("ROLLBACK");
          throw e;
        }
        try {
          s.execute("COMMIT");
        } catch (SQLException e) {
          drop();
          if (writes) {
            throw new OutcomeUnknownException(what + ": the connection failed at COMMIT (" + e.getMessage()
                + "); the change may or may not have been applied", e);
          }
        }
        return result;
      }
    } catch (SQLException e) {
      drop();
      throw new BackendUnavailableException(what + ": " + e.getMessage() + " (nothing was applied)", e);
    } finally {
      lock.unlock();
    }
  }

  /**
   * A health check: the database file is still there, and one row of {@code table} can be read. No transaction is
   * begun (so SQLite takes only its shared read lock for the statement, and writers are not held up) and nothing is
   * created: a missing file is reported, never opened (which would create an empty database). A failure is
   * {@link Health.Unreachable} with the reason, never thrown.
   */
  Health check(String table) {
    if (!Files.isRegularFile(file)) {
      return new Health.Unreachable(this + ": the database file does not exist (was it removed?)");
    }
    lock.lock();
    try {
      Connection c = connection();
      try (Statement s = c.createStatement(); ResultSet r = s.executeQuery("SELECT 1 FROM " + table + " LIMIT 1")) {
        r.next();
      }
      return new Health.Reachable(this + ": table " + table + " readable");
    } catch (SQLException e) {
      drop();
      return new Health.Unreachable(this + ": cannot read table " + table + ": " + e.getMessage());
    } finally {
      lock.unlock();
    }
  }

  /** Closes the connection; called once (Tidemark's checking layer closes a store once). */
  @Override
  public void close() {
    lock.lock();
    try {
      if (connection != null) {
        connection.close();
      }
    } catch (SQLException e) {
      throw new BackendUnavailableException("closing SQLite: " + e.getMessage(), e);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public String toString() {
    return "SQLite " + file;
  }
}
