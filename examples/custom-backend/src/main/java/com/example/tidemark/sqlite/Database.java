package com.example.tidemark.sqlite;

import io.tidemark.BackendUnavailableException;
import io.tidemark.spi.support.CloseGuard;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One SQLite connection, used by one thread at a time. Every operation runs in a {@code BEGIN IMMEDIATE}
 * transaction, which takes SQLite's write lock at once: threads (through {@link #lock}) and processes (through
 * SQLite's file lock, waited for with {@code busy_timeout}) are serialised. WAL journal, {@code synchronous=FULL}.
 */
final class Database implements AutoCloseable {
  /** Work done inside one transaction. */
  interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  private final Connection connection;
  private final ReentrantLock lock = new ReentrantLock();
  final CloseGuard guard;

  private Database(Connection connection, Path file) {
    this.connection = connection;
    this.guard = new CloseGuard("SQLite store " + file);
  }

  static Database open(Path file) {
    try {
      Connection c = DriverManager.getConnection("jdbc:sqlite:" + file.toAbsolutePath());
      try (Statement s = c.createStatement()) {
        s.execute("PRAGMA busy_timeout = 30000");
        s.execute("PRAGMA journal_mode = WAL");
        s.execute("PRAGMA synchronous = FULL");
        s.execute("CREATE TABLE IF NOT EXISTS watermark (idx TEXT NOT NULL, request TEXT NOT NULL, lvl INTEGER NOT NULL,"
            + " round INTEGER NOT NULL, digest TEXT NOT NULL, PRIMARY KEY (idx, request))");
        s.execute("CREATE TABLE IF NOT EXISTS nameservice (ledger_alias TEXT PRIMARY KEY, ledger_name TEXT NOT NULL,"
            + " branch TEXT NOT NULL, commit_address TEXT, commit_t INTEGER, index_address TEXT, index_t INTEGER,"
            + " default_context_address TEXT, status TEXT NOT NULL, updated_at INTEGER NOT NULL, status_v INTEGER NOT NULL,"
            + " status_meta TEXT NOT NULL, config_v INTEGER NOT NULL, config_meta TEXT NOT NULL)");
      }
      c.setAutoCommit(true);
      return new Database(c, file);
    } catch (SQLException e) {
      throw new BackendUnavailableException("cannot open SQLite database " + file + ": " + e.getMessage(), e);
    }
  }

  /** Runs {@code work} in one {@code BEGIN IMMEDIATE} transaction; rolls back if it throws. */
  <T> T transaction(String what, Work<T> work) {
    guard.check();
    lock.lock();
    try (Statement s = connection.createStatement()) {
      s.execute("BEGIN IMMEDIATE");
      try {
        T result = work.run(connection);
        s.execute("COMMIT");
        return result;
      } catch (SQLException | RuntimeException e) {
        s.execute("ROLLBACK");
        throw e;
      }
    } catch (SQLException e) {
      throw new BackendUnavailableException(what + ": " + e.getMessage(), e);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() {
    if (guard.close()) {
      lock.lock();
      try {
        connection.close();
      } catch (SQLException e) {
        throw new BackendUnavailableException("closing SQLite: " + e.getMessage(), e);
      } finally {
        lock.unlock();
      }
    }
  }
}
