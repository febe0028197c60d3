package io.tidemark.backend.jdbc;

import io.tidemark.BackendUnavailableException;
import io.tidemark.CorruptedStoreException;
import io.tidemark.Health;
import io.tidemark.TidemarkException;
import io.tidemark.spi.Checked;
import io.tidemark.spi.WatermarkBackend;
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
import javax.sql.DataSource;

/**
 * The storage of a {@link WatermarkStore} in one PostgreSQL table (see {@value Ddl#RESOURCE}): one row per key
 * ({@code chain_id}, {@code pkh}, {@code kind}) with {@code level}, {@code round}, {@code digest}.
 *
 * <p>Each advance is one statement ({@link #ADVANCE}) in autocommit: it locks the stored row, decides with the
 * advance rule and writes, and returns the row as it was, from which the outcome is computed with
 * {@link Watermark#decide}. See the module README for why it is correct at READ COMMITTED.
 *
 * <p>A statement whose reply is lost (the connection failed after it was sent) is sent again on another connection;
 * the monotonic rule keeps a duplicate from applying twice, and the outcome is the true one ({@code Advanced}, or
 * {@code Repeated} when the stored mark is the caller's) or {@link io.tidemark.OutcomeUnknownException}, never a
 * {@code Refused} that could hide the caller's own stored mark.
 */
public final class PostgresWatermarkStore implements WatermarkBackend {
    /**
     * The advance, one statement ({@code %1$s} is the table). {@code old} reads the stored row {@code FOR UPDATE}: at
     * READ COMMITTED that waits for a concurrent writer of the row and returns its latest committed version, locked
     * until the statement commits. {@code ins} creates the row only if there was none; if another transaction
     * created it after this statement's snapshot, its {@code ON CONFLICT DO NOTHING} writes nothing and the statement
     * reports neither a row nor a write (the caller runs it again, once the new row is visible). {@code upd}
     * applies the rule to the locked row. Returns the counts of both writes and the row as it was.
     */
    static final String ADVANCE =
            """
            WITH arg (chain_id, pkh, kind, level, round, digest) AS (
                VALUES (?::text, ?::text, ?::text, ?::bigint, ?::integer, ?::text)),
            old AS (
                SELECT true AS found, w.level, w.round, w.digest FROM %1$s w, arg
                WHERE w.chain_id = arg.chain_id AND w.pkh = arg.pkh AND w.kind = arg.kind
                FOR UPDATE OF w),
            ins AS (
                INSERT INTO %1$s (chain_id, pkh, kind, level, round, digest)
                SELECT * FROM arg WHERE NOT EXISTS (SELECT FROM old)
                ON CONFLICT (chain_id, pkh, kind) DO NOTHING
                RETURNING 1),
            upd AS (
                UPDATE %1$s w SET level = arg.level, round = arg.round, digest = arg.digest
                FROM arg, old
                WHERE w.chain_id = arg.chain_id AND w.pkh = arg.pkh AND w.kind = arg.kind
                  AND (old.level < arg.level OR (old.level = arg.level AND old.round < arg.round))
                RETURNING 1)
            SELECT (SELECT count(*) FROM ins) AS inserted, (SELECT count(*) FROM upd) AS updated,
                   old.found, old.level, old.round, old.digest
            FROM (VALUES (1)) AS one LEFT JOIN old ON true""";

    static final String GET = "SELECT level, round, digest FROM %1$s WHERE chain_id = ? AND pkh = ? AND kind = ?";
    static final String RESET = "DELETE FROM %1$s WHERE chain_id = ? AND pkh = ? AND kind = ?";
    static final String FIRST_PAGE =
            "SELECT chain_id, pkh, kind, level, round, digest FROM %1$s ORDER BY chain_id, pkh, kind LIMIT ?";
    static final String NEXT_PAGE = "SELECT chain_id, pkh, kind, level, round, digest FROM %1$s"
            + " WHERE (chain_id, pkh, kind) > (?, ?, ?) ORDER BY chain_id, pkh, kind LIMIT ?";

    /** Runs of {@link #ADVANCE} at most when it races with the creation of the same key. */
    private static final int ATTEMPTS = 3;

    private final Database db;
    private final String advance;
    private final String get;
    private final String reset;

    private PostgresWatermarkStore(Database db) {
        this.db = db;
        this.advance = ADVANCE.formatted(db.table);
        this.get = GET.formatted(db.table);
        this.reset = RESET.formatted(db.table);
    }

    /** The provider's open; discovery wraps it in the checking layer. It closes the pool it was given. */
    static PostgresWatermarkStore backend(Database db) {
        return new PostgresWatermarkStore(db);
    }

    /**
     * Opens a store on a data source you configured (a pool of your own), behind the checking layer
     * ({@link Checked}) as every store is. The data source must hand out connections in autocommit; the caller keeps
     * it ({@code close()} does not close it). The table {@code schema.table} is created if missing.
     *
     * @throws IllegalArgumentException if a name is not letters, digits and {@code _} (at most 63 chars)
     * @throws io.tidemark.BackendUnavailableException if the database cannot be reached
     * @throws io.tidemark.InvalidConfigException if the data source hands out a connection outside autocommit
     */
    public static WatermarkStore open(DataSource dataSource, String schema, String table) {
        return Checked.watermarkStore(
                new PostgresWatermarkStore(Database.on(dataSource, schema, table, Ddl.Kind.WATERMARK, true)));
    }

    /** What one run of {@link #ADVANCE} returned. */
    private record Row(int inserted, int updated, Optional<Watermark> old) {}

    private Row advanceOnce(Connection c, WatermarkKey key, Watermark mark) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(advance)) {
            setKey(ps, key);
            ps.setLong(4, mark.level());
            ps.setInt(5, mark.round());
            ps.setString(6, mark.digest());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                int inserted = rs.getInt(1);
                int updated = rs.getInt(2);
                try {
                    // 'found', not a NULL level, says whether there was a row: a hand-made table may hold NULLs
                    return new Row(
                            inserted, updated, rs.getBoolean(3) ? Optional.of(mark(rs, 4, key)) : Optional.empty());
                } catch (CorruptedStoreException e) {
                    if (inserted + updated == 0) {
                        throw e;
                    }
                    throw new CorruptedStoreException(
                            "advance " + key + ": the mark " + mark + " WAS written, replacing a row that cannot be"
                                    + " read: " + e.getMessage(),
                            e);
                }
            }
        }
    }

    @Override
    public AdvanceResult advance(WatermarkKey key, Watermark mark) {
        String what = "advance " + key;
        Database.Lost lost = null;
        int sends = 0;
        for (int attempt = 1; attempt <= ATTEMPTS; ) {
            Row row;
            try {
                sends++;
                row = db.once(what, c -> advanceOnce(c, key, mark));
            } catch (Database.Lost l) {
                lost = l;
                if (l.timeout || sends >= Database.SENDS || !Database.backoff(sends)) {
                    throw Errors.unknown(
                            what,
                            db.store,
                            l.getCause(),
                            Database.noResend(l, sends)
                                    + "; the mark may or may not be stored; advancing with the same mark again is safe"
                                    + " (Advanced or Repeated)");
                }
                continue;
            } catch (TidemarkException e) {
                if (lost != null) {
                    throw Errors.unknown(
                            what, db.store, lost.getCause(), "sending it again failed too: " + e.getMessage());
                }
                throw e;
            }
            if (row.inserted + row.updated > 0) {
                return new AdvanceResult.Advanced(row.old);
            }
            if (row.old.isEmpty()) {
                attempt++; // the key was created by another transaction after this statement's snapshot: run again
                continue;
            }
            AdvanceResult decided = Watermark.decide(row.old, mark);
            if (decided instanceof AdvanceResult.Advanced) {
                throw new CorruptedStoreException(
                        what + " on " + db.store + ": the stored mark " + row.old.get() + " is below " + mark
                                + " but the statement did not write; nothing was written",
                        null);
            }
            if (lost != null && !(decided instanceof AdvanceResult.Repeated)) {
                // Our earlier send may have been applied and then overtaken: Refused could be false.
                throw Errors.unknown(
                        what,
                        db.store,
                        lost.getCause(),
                        "the stored mark is now " + row.old.get()
                                + ": this call's mark may have been stored and then overtaken, or never stored");
            }
            return decided;
        }
        throw new BackendUnavailableException(
                what + " on " + db.store + ": the key was created concurrently " + ATTEMPTS + " times in a row", null);
    }

    @Override
    public Optional<Watermark> get(WatermarkKey key) {
        return db.read("get " + key, c -> {
            try (PreparedStatement ps = c.prepareStatement(get)) {
                setKey(ps, key);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(mark(rs, 1, key)) : Optional.<Watermark>empty();
                }
            }
        });
    }

    @Override
    public Stream<StoredWatermark> list() {
        String first = FIRST_PAGE.formatted(db.table);
        String next = NEXT_PAGE.formatted(db.table);
        return Pages.stream(after -> db.read("list watermarks", c -> {
            try (PreparedStatement ps = c.prepareStatement(after.isEmpty() ? first : next)) {
                int i = 1;
                if (after.isPresent()) {
                    setKey(ps, after.get().key());
                    i = 4;
                }
                ps.setInt(i, Pages.SIZE);
                List<StoredWatermark> page = new ArrayList<>(Pages.SIZE);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        WatermarkKey key = key(rs);
                        page.add(new StoredWatermark(key, mark(rs, 4, key)));
                    }
                }
                return page;
            }
        }));
    }

    @Override
    public boolean reset(WatermarkKey key) {
        String what = "reset " + key;
        try {
            // Never resent: after our applied delete another writer may create the key anew, and a resend would
            // remove that mark.
            return db.once(what, c -> {
                try (PreparedStatement ps = c.prepareStatement(reset)) {
                    setKey(ps, key);
                    return ps.executeUpdate() > 0;
                }
            });
        } catch (Database.Lost l) {
            throw Errors.unknown(
                    what, db.store, l.getCause(), "the mark may or may not have been removed; get tells which");
        }
    }

    /** One {@code SELECT} of no rows from the table: the server answers, the table is there and readable. */
    @Override
    public Health check() {
        return db.check();
    }

    @Override
    public void close() {
        db.close();
    }

    /** {@code PostgreSQL watermark store on table 'public.watermark' at jdbc:postgresql://...}. */
    @Override
    public String toString() {
        return db.store;
    }

    private static void setKey(PreparedStatement ps, WatermarkKey key) throws SQLException {
        ps.setString(1, key.chainId());
        ps.setString(2, key.publicKeyHash());
        ps.setString(3, key.requestKind());
    }

    private WatermarkKey key(ResultSet rs) throws SQLException {
        String chain = rs.getString(1);
        String pkh = rs.getString(2);
        String kind = rs.getString(3);
        try {
            return new WatermarkKey(chain, pkh, kind);
        } catch (RuntimeException e) {
            throw Errors.corrupted(db.store, "(" + chain + ", " + pkh + ", " + kind + ")", e);
        }
    }

    /**
     * The mark in columns {@code from}..{@code from + 2} (level, round, digest) of a row that exists. A NULL in any of
     * them (a hand-made table without the NOT NULLs) is a {@link CorruptedStoreException}: never "no mark", never
     * round 0.
     */
    private Watermark mark(ResultSet rs, int from, WatermarkKey key) throws SQLException {
        long level = rs.getLong(from);
        boolean levelNull = rs.wasNull();
        long round = rs.getLong(from + 1);
        boolean roundNull = rs.wasNull();
        String digest = rs.getString(from + 2);
        try {
            if (levelNull || roundNull) {
                throw new IllegalArgumentException((levelNull ? "level" : "round") + " is NULL");
            }
            if (round > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("round " + round + " is beyond an int");
            }
            return new Watermark(level, (int) round, digest);
        } catch (RuntimeException e) {
            throw Errors.corrupted(db.store, key.toString(), e);
        }
    }
}
