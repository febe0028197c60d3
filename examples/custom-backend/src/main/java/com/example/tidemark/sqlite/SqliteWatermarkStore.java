package com.example.tidemark.sqlite;

import io.tidemark.Health;
import io.tidemark.spi.WatermarkBackend;
import io.tidemark.watermark.AdvanceResult;
import io.tidemark.watermark.StoredWatermark;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Watermarks in SQLite: the storage operations only. Tidemark's checking layer has already validated every
 * argument and rejects calls after close. An advance is one conditional upsert, the same rule as Tidemark's
 * {@link Watermark#decide} written in SQL; the row read before it, in the same write transaction, gives the outcome.
 */
final class SqliteWatermarkStore implements WatermarkBackend {
  /** The advance rule: insert, or replace only a lower mark. */
  static final String ADVANCE = "INSERT INTO watermark (chain_id, pkh, request, lvl, round, digest)"
      + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (chain_id, pkh, request) DO UPDATE SET lvl = excluded.lvl, round = excluded.round, digest = excluded.digest"
      + " WHERE watermark.lvl < excluded.lvl OR (watermark.lvl = excluded.lvl AND watermark.round < excluded.round)";

  /** The condition that selects one key's row. */
  private static final String KEY = "chain_id = ? AND pkh = ? AND request = ?";

  private final Database db;

  SqliteWatermarkStore(Database db) {
    this.db = db;
  }

  @Override
  public AdvanceResult advance(WatermarkKey key, Watermark mark) {
    return db.write("advance " + key, c -> {
      Optional<Watermark> stored = read(c, key);
      AdvanceResult expected = Watermark.decide(stored, mark);
      try (PreparedStatement s = c.prepareStatement(ADVANCE)) {
        where(s, key);
        s.setLong(4, mark.level());
        s.setInt(5, mark.round());
        s.setString(6, mark.digest());
        boolean written = s.executeUpdate() == 1;
        if (written != expected instanceof AdvanceResult.Advanced) {
          throw new IllegalStateException("SQL condition and Tidemark's rule disagree for " + key);
        }
      }
      return expected;
    });
  }

  private static Optional<Watermark> read(Connection c, WatermarkKey key) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT lvl, round, digest FROM watermark WHERE " + KEY)) {
      where(s, key);
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.of(new Watermark(r.getLong(1), r.getInt(2), r.getString(3))) : Optional.empty();
      }
    }
  }

  /** Sets the key's three parts as the first three parameters of {@code s}. */
  private static void where(PreparedStatement s, WatermarkKey key) throws SQLException {
    s.setString(1, key.chainId());
    s.setString(2, key.publicKeyHash());
    s.setString(3, key.requestKind());
  }

  @Override
  public Optional<Watermark> get(WatermarkKey key) {
    return db.read("get " + key, c -> read(c, key));
  }

  @Override
  public Stream<StoredWatermark> list() {
    return db.read("list", c -> {
      List<StoredWatermark> all = new ArrayList<>();
      try (PreparedStatement s = c.prepareStatement("SELECT chain_id, pkh, request, lvl, round, digest FROM watermark");
          ResultSet r = s.executeQuery()) {
        while (r.next()) {
          all.add(new StoredWatermark(new WatermarkKey(r.getString(1), r.getString(2), r.getString(3)),
              new Watermark(r.getLong(4), r.getInt(5), r.getString(6))));
        }
      }
      return all.stream();
    });
  }

  @Override
  public boolean reset(WatermarkKey key) {
    return db.write("reset " + key, c -> {
      try (PreparedStatement s = c.prepareStatement("DELETE FROM watermark WHERE " + KEY)) {
        where(s, key);
        return s.executeUpdate() == 1;
      }
    });
  }

  /** Reads one row of the table, outside any write transaction; see {@link Database#check}. */
  @Override
  public Health check() {
    return db.check("watermark");
  }

  @Override
  public void close() {
    db.close();
  }

  @Override
  public String toString() {
    return "SQLite watermark store " + db;
  }
}
