package com.example.tidemark.sqlite;

import io.tidemark.Health;
import io.tidemark.publisher.CasResult;
import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.NsRecord;
import io.tidemark.publisher.PublishResult;
import io.tidemark.spi.PublisherBackend;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * The nameservice in SQLite: the storage operations only. Tidemark's checking layer has already validated every
 * argument (meta maps are canonical), rejects calls after close, and passes {@code now}, the time every write
 * stores as {@code updated_at}: the backend never reads the clock itself. Each operation is one conditional statement ({@code INSERT ... ON CONFLICT ... WHERE
 * commit_t < ?}, {@code UPDATE ... WHERE status_v = ?}) in a write transaction; the row read first gives the outcome,
 * computed with Tidemark's {@link NsRecord} rules, and the statement's update count must agree with it.
 */
final class SqlitePublisher implements PublisherBackend {
  static final String COMMIT = "INSERT INTO nameservice (ledger_alias, ledger_name, branch, commit_address, commit_t, status,"
      + " updated_at, status_v, status_meta, config_v, config_meta) VALUES (?, ?, ?, ?, ?, 'ready', ?, 1, '{}', 0, '{}')"
      + " ON CONFLICT (ledger_alias) DO UPDATE SET commit_address = excluded.commit_address, commit_t = excluded.commit_t,"
      + " updated_at = max(nameservice.updated_at, excluded.updated_at)"
      + " WHERE nameservice.commit_t IS NULL OR nameservice.commit_t < excluded.commit_t";
  static final String INDEX = "INSERT INTO nameservice (ledger_alias, ledger_name, branch, index_address, index_t, status,"
      + " updated_at, status_v, status_meta, config_v, config_meta) VALUES (?, ?, ?, ?, ?, 'ready', ?, 1, '{}', 0, '{}')"
      + " ON CONFLICT (ledger_alias) DO UPDATE SET index_address = excluded.index_address, index_t = excluded.index_t,"
      + " updated_at = max(nameservice.updated_at, excluded.updated_at)"
      + " WHERE nameservice.index_t IS NULL OR nameservice.index_t < excluded.index_t";
  static final String RETRACT = "UPDATE nameservice SET status = 'retracted', status_v = status_v + 1,"
      + " updated_at = max(updated_at, ?) WHERE ledger_alias = ?";
  static final String STATUS = "UPDATE nameservice SET status = ?, status_meta = ?, status_v = status_v + 1,"
      + " updated_at = max(updated_at, ?) WHERE ledger_alias = ? AND status_v = ?";
  static final String CONFIG = "UPDATE nameservice SET config_meta = ?, default_context_address = coalesce(?, default_context_address),"
      + " config_v = config_v + 1, updated_at = max(updated_at, ?) WHERE ledger_alias = ? AND config_v = ?";

  private final Database db;

  SqlitePublisher(Database db) {
    this.db = db;
  }

  @Override
  public PublishResult publishCommit(LedgerAlias alias, String address, long t, long now) {
    return publish(COMMIT, alias, address, t, true, now);
  }

  @Override
  public PublishResult publishIndex(LedgerAlias alias, String address, long t, long now) {
    return publish(INDEX, alias, address, t, false, now);
  }

  private PublishResult publish(String sql, LedgerAlias alias, String address, long t, boolean commit, long now) {
    return db.write("publish " + alias, c -> {
      Optional<NsRecord> stored = read(c, alias);
      PublishResult r = commit ? NsRecord.decideCommit(stored, alias, address, t, now) : NsRecord.decideIndex(stored, alias, address, t, now);
      try (PreparedStatement s = c.prepareStatement(sql)) {
        s.setString(1, alias.toString());
        s.setString(2, alias.name());
        s.setString(3, alias.branch());
        s.setString(4, address);
        s.setLong(5, t);
        s.setLong(6, now);
        agree(s.executeUpdate(), r.applied(), alias);
      }
      return r;
    });
  }

  @Override
  public Optional<NsRecord> retract(LedgerAlias alias, long now) {
    return db.write("retract " + alias, c -> {
      Optional<NsRecord> next = read(c, alias).map(r -> r.retracted(now));
      try (PreparedStatement s = c.prepareStatement(RETRACT)) {
        s.setLong(1, next.map(NsRecord::updatedAt).orElse(0L));
        s.setString(2, alias.toString());
        agree(s.executeUpdate(), next.isPresent(), alias);
      }
      return next;
    });
  }

  @Override
  public CasResult pushStatus(LedgerAlias alias, long expectedV, String state, Map<String, Object> meta, long now) {
    return db.write("push status " + alias, c -> {
      CasResult r = NsRecord.decideStatus(read(c, alias), expectedV, state, meta, now);
      try (PreparedStatement s = c.prepareStatement(STATUS)) {
        s.setString(1, state);
        s.setString(2, Meta.write(meta));
        s.setLong(3, r instanceof CasResult.Applied a ? a.record().updatedAt() : 0);
        s.setString(4, alias.toString());
        s.setLong(5, expectedV);
        agree(s.executeUpdate(), r.applied(), alias);
      }
      return r;
    });
  }

  @Override
  public CasResult pushConfig(LedgerAlias alias, long expectedV, Map<String, Object> meta,
      Optional<String> defaultContextAddress, long now) {
    return db.write("push config " + alias, c -> {
      CasResult r = NsRecord.decideConfig(read(c, alias), expectedV, meta, defaultContextAddress, now);
      try (PreparedStatement s = c.prepareStatement(CONFIG)) {
        s.setString(1, Meta.write(meta));
        if (defaultContextAddress.isPresent()) {
          s.setString(2, defaultContextAddress.get());
        } else {
          s.setNull(2, Types.VARCHAR);
        }
        s.setLong(3, r instanceof CasResult.Applied a ? a.record().updatedAt() : 0);
        s.setString(4, alias.toString());
        s.setLong(5, expectedV);
        agree(s.executeUpdate(), r.applied(), alias);
      }
      return r;
    });
  }

  private static void agree(int updated, boolean applied, LedgerAlias alias) {
    if ((updated == 1) != applied) {
      throw new IllegalStateException("SQL condition and Tidemark's rule disagree for " + alias);
    }
  }

  @Override
  public boolean delete(LedgerAlias alias) {
    return db.write("delete " + alias, c -> {
      try (PreparedStatement s = c.prepareStatement("DELETE FROM nameservice WHERE ledger_alias = ?")) {
        s.setString(1, alias.toString());
        return s.executeUpdate() == 1;
      }
    });
  }

  @Override
  public Optional<NsRecord> lookup(LedgerAlias alias) {
    return db.read("lookup " + alias, c -> read(c, alias));
  }

  @Override
  public Stream<NsRecord> allRecords() {
    return db.read("all records", c -> {
      List<NsRecord> all = new ArrayList<>();
      try (PreparedStatement s = c.prepareStatement("SELECT * FROM nameservice"); ResultSet r = s.executeQuery()) {
        while (r.next()) {
          all.add(record(r));
        }
      }
      return all.stream();
    });
  }

  private static Optional<NsRecord> read(Connection c, LedgerAlias alias) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT * FROM nameservice WHERE ledger_alias = ?")) {
      s.setString(1, alias.toString());
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.of(record(r)) : Optional.empty();
      }
    }
  }

  private static NsRecord record(ResultSet r) throws SQLException {
    return new NsRecord(new LedgerAlias(r.getString("ledger_name"), r.getString("branch")),
        Optional.ofNullable(r.getString("commit_address")), optLong(r, "commit_t"),
        Optional.ofNullable(r.getString("index_address")), optLong(r, "index_t"),
        Optional.ofNullable(r.getString("default_context_address")), r.getString("status"), r.getLong("updated_at"),
        r.getLong("status_v"), Meta.read("status meta", r.getString("status_meta")), r.getLong("config_v"),
        Meta.read("config meta", r.getString("config_meta")));
  }

  private static OptionalLong optLong(ResultSet r, String column) throws SQLException {
    long v = r.getLong(column);
    return r.wasNull() ? OptionalLong.empty() : OptionalLong.of(v);
  }

  /** Reads one row of the table, outside any write transaction; see {@link Database#check}. */
  @Override
  public Health check() {
    return db.check("nameservice");
  }

  @Override
  public void close() {
    db.close();
  }

  @Override
  public String toString() {
    return "SQLite publisher " + db;
  }
}
