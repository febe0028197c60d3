package com.example.tidemark.sqlite;

import io.tidemark.spi.support.Validate;
import io.tidemark.watermark.AdvanceResult;
import io.tidemark.watermark.StoredWatermark;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Watermarks in SQLite. An advance is one conditional upsert, the same rule as Tidemark's
 * {@link Watermark#decide} written in SQL; the row read before it, in the same write transaction, gives the outcome.
 */
final class SqliteWatermarkStore implements WatermarkStore {
  /** The advance rule: insert, or replace only a lower mark. */
  static final String ADVANCE = "INSERT INTO watermark (idx, request, lvl, round, digest) VALUES (?, ?, ?, ?, ?)"
      + " ON CONFLICT (idx, request) DO UPDATE SET lvl = excluded.lvl, round = excluded.round, digest = excluded.digest"
      + " WHERE watermark.lvl < excluded.lvl OR (watermark.lvl = excluded.lvl AND watermark.round < excluded.round)";

  private final Database db;

  SqliteWatermarkStore(Database db) {
    this.db = db;
  }

  @Override
  public AdvanceResult advance(WatermarkKey key, Watermark mark) {
    Validate.advance(key, mark);
    return db.write("advance " + key, c -> {
      Optional<Watermark> stored = read(c, key);
      AdvanceResult expected = Watermark.decide(stored, mark);
      try (PreparedStatement s = c.prepareStatement(ADVANCE)) {
        s.setString(1, key.idx());
        s.setString(2, key.requestKind());
        s.setLong(3, mark.level());
        s.setInt(4, mark.round());
        s.setString(5, mark.digest());
        boolean written = s.executeUpdate() == 1;
        if (written != expected instanceof AdvanceResult.Advanced) {
          throw new IllegalStateException("SQL condition and Tidemark's rule disagree for " + key);
        }
      }
      return expected;
    });
  }

  private static Optional<Watermark> read(Connection c, WatermarkKey key) throws SQLException {
    try (PreparedStatement s = c.prepareStatement("SELECT lvl, round, digest FROM watermark WHERE idx = ? AND request = ?")) {
      s.setString(1, key.idx());
      s.setString(2, key.requestKind());
      try (ResultSet r = s.executeQuery()) {
        return r.next() ? Optional.of(new Watermark(r.getLong(1), r.getInt(2), r.getString(3))) : Optional.empty();
      }
    }
  }

  @Override
  public Optional<Watermark> get(WatermarkKey key) {
    Validate.present("key", key);
    return db.read("get " + key, c -> read(c, key));
  }

  @Override
  public Stream<StoredWatermark> list() {
    return db.read("list", c -> {
      List<StoredWatermark> all = new ArrayList<>();
      try (PreparedStatement s = c.prepareStatement("SELECT idx, request, lvl, round, digest FROM watermark");
          ResultSet r = s.executeQuery()) {
        while (r.next()) {
          all.add(new StoredWatermark(WatermarkKey.ofIdx(r.getString(1), r.getString(2)), new Watermark(r.getLong(3), r.getInt(4), r.getString(5))));
        }
      }
      return all.stream();
    });
  }

  @Override
  public boolean reset(WatermarkKey key) {
    Validate.present("key", key);
    return db.write("reset " + key, c -> {
      try (PreparedStatement s = c.prepareStatement("DELETE FROM watermark WHERE idx = ? AND request = ?")) {
        s.setString(1, key.idx());
        s.setString(2, key.requestKind());
        return s.executeUpdate() == 1;
      }
    });
  }

  @Override
  public void close() {
    db.close();
  }
}
