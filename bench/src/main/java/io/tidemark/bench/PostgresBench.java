package io.tidemark.bench;

import com.zaxxer.hikari.HikariDataSource;
import io.tidemark.backend.jdbc.PostgresPublisher;
import io.tidemark.backend.jdbc.PostgresWatermarkStore;
import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.PublishResult;
import io.tidemark.publisher.Publisher;
import io.tidemark.watermark.AdvanceResult;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The PostgreSQL backend against the same statement written by hand and run over the same HikariCP pool (one
 * connection borrowed, one prepared statement, the result row read), on an embedded PostgreSQL server over loopback,
 * one thread: applied, refused and repeated advances, applied and stale publishes. The backend's share is what it
 * adds around the statement: the checking layer, the decision from the returned row, the outcome objects. Pairs:
 * {@code X_backend} vs {@code X_raw}. The two of a pair run at the same time, one thread each, in one JMH group
 * (on their own keys): whatever else the machine does hits both alike, so their ratio holds on a busy machine where
 * two runs one after the other would differ by more than the backend's share.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Group)
public class PostgresBench {
    /** The backend's advance statement, as its README gives it, on table {@code watermark}. */
    static final String ADVANCE =
            """
            WITH arg (chain_id, pkh, kind, level, round, digest) AS (
                VALUES (?::text, ?::text, ?::text, ?::bigint, ?::integer, ?::text)),
            old AS (
                SELECT w.level, w.round, w.digest FROM "public"."watermark" w, arg
                WHERE w.chain_id = arg.chain_id AND w.pkh = arg.pkh AND w.kind = arg.kind
                FOR UPDATE OF w),
            ins AS (
                INSERT INTO "public"."watermark" (chain_id, pkh, kind, level, round, digest)
                SELECT * FROM arg WHERE NOT EXISTS (SELECT FROM old)
                ON CONFLICT (chain_id, pkh, kind) DO NOTHING
                RETURNING 1),
            upd AS (
                UPDATE "public"."watermark" w SET level = arg.level, round = arg.round, digest = arg.digest
                FROM arg, old
                WHERE w.chain_id = arg.chain_id AND w.pkh = arg.pkh AND w.kind = arg.kind
                  AND (old.level < arg.level OR (old.level = arg.level AND old.round < arg.round))
                RETURNING 1)
            SELECT (SELECT count(*) FROM ins) AS inserted, (SELECT count(*) FROM upd) AS updated,
                   old.level, old.round, old.digest
            FROM (VALUES (1)) AS one LEFT JOIN old ON true""";

    /** The backend's commit publish, on table {@code nameservice}. */
    static final String PUBLISH =
            """
            WITH arg (ledger_alias, ledger_name, branch, address, t, now) AS (
                VALUES (?::text, ?::text, ?::text, ?::text, ?::bigint, ?::bigint)),
            old AS (SELECT n.ledger_alias, n.ledger_name, n.branch, n.commit_address, n.commit_t, n.index_address,
                n.index_t, n.default_context_address, n.status, n.updated_at, n.status_v,
                n.status_meta::text AS status_meta, n.config_v, n.config_meta::text AS config_meta, n.tidemark_req
                FROM "public"."nameservice" n, arg WHERE n.ledger_alias = arg.ledger_alias FOR UPDATE OF n),
            ins AS (
                INSERT INTO "public"."nameservice" (ledger_alias, ledger_name, branch, commit_address, commit_t,
                    status, updated_at, status_v, status_meta, config_v, config_meta)
                SELECT ledger_alias, ledger_name, branch, address, t, 'ready', now, 1, '{}', 0, '{}' FROM arg
                WHERE NOT EXISTS (SELECT FROM old)
                ON CONFLICT (ledger_alias) DO NOTHING
                RETURNING 1),
            upd AS (
                UPDATE "public"."nameservice" n SET commit_address = arg.address, commit_t = arg.t,
                    updated_at = GREATEST(old.updated_at, arg.now)
                FROM arg, old WHERE n.ledger_alias = arg.ledger_alias AND (old.commit_t IS NULL OR old.commit_t < arg.t)
                RETURNING 1)
            SELECT (SELECT count(*) FROM ins) AS inserted, (SELECT count(*) FROM upd) AS updated, old.*
            FROM (VALUES (1)) AS one LEFT JOIN old ON true""";

    static final WatermarkKey KEY = new WatermarkKey("NetX", "tz1bench", "block");
    static final WatermarkKey RAW_KEY = new WatermarkKey("NetX", "tz1raw", "block");
    static final WatermarkKey HIGH = new WatermarkKey("NetX", "tz1high", "block");
    static final LedgerAlias ALIAS = LedgerAlias.parse("bench:main");
    static final LedgerAlias RAW_ALIAS = LedgerAlias.parse("raw:main");
    static final LedgerAlias HIGH_ALIAS = LedgerAlias.parse("high:main");

    EmbeddedPostgres pg;
    HikariDataSource pool;
    WatermarkStore store;
    Publisher publisher;
    final AtomicLong level = new AtomicLong();
    final AtomicLong rawLevel = new AtomicLong();

    @Setup
    public void start() {
        pg = Pg.start();
        pool = Pg.pool(pg, 4);
        store = PostgresWatermarkStore.open(pool, "public", "watermark");
        publisher = PostgresPublisher.open(pool, "public", "nameservice", true, Clock.systemUTC());
        store.advance(HIGH, new Watermark(Long.MAX_VALUE, 0, "vh"));
        publisher.publishCommit(HIGH_ALIAS, "c", Long.MAX_VALUE);
    }

    @TearDown
    public void stop() throws Exception {
        store.close();
        publisher.close();
        pool.close();
        pg.close();
    }

    /** The raw advance: one pooled connection, the statement, the counts and the old row read. */
    long rawAdvance(WatermarkKey k, Watermark m) {
        try (Connection c = pool.getConnection();
                PreparedStatement ps = c.prepareStatement(ADVANCE)) {
            ps.setString(1, k.chainId());
            ps.setString(2, k.publicKeyHash());
            ps.setString(3, k.requestKind());
            ps.setLong(4, m.level());
            ps.setInt(5, m.round());
            ps.setString(6, m.digest());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                String digest = rs.getString(5); // NULL when there was no row
                return rs.getInt(1)
                        + rs.getInt(2)
                        + rs.getLong(3)
                        + rs.getInt(4)
                        + (digest == null ? 0 : digest.length());
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Benchmark
    @Group("advanceApplied")
    @GroupThreads(1)
    public AdvanceResult advanceApplied_backend() {
        return store.advance(KEY, new Watermark(level.incrementAndGet(), 0, "vh"));
    }

    @Benchmark
    @Group("advanceApplied")
    @GroupThreads(1)
    public long advanceApplied_raw() {
        return rawAdvance(RAW_KEY, new Watermark(rawLevel.incrementAndGet(), 0, "vh"));
    }

    @Benchmark
    @Group("advanceRefused")
    @GroupThreads(1)
    public AdvanceResult advanceRefused_backend() {
        return store.advance(HIGH, new Watermark(5, 0, "vh"));
    }

    @Benchmark
    @Group("advanceRefused")
    @GroupThreads(1)
    public long advanceRefused_raw() {
        return rawAdvance(HIGH, new Watermark(5, 0, "vh"));
    }

    @Benchmark
    @Group("advanceRepeated")
    @GroupThreads(1)
    public AdvanceResult advanceRepeated_backend() {
        return store.advance(HIGH, new Watermark(Long.MAX_VALUE, 0, "vh"));
    }

    @Benchmark
    @Group("advanceRepeated")
    @GroupThreads(1)
    public long advanceRepeated_raw() {
        return rawAdvance(HIGH, new Watermark(Long.MAX_VALUE, 0, "vh"));
    }

    /** The raw commit publish: the statement, the counts and every column of the old row read. */
    long rawPublish(LedgerAlias a, long t) {
        try (Connection c = pool.getConnection();
                PreparedStatement ps = c.prepareStatement(PUBLISH)) {
            ps.setString(1, a.toString());
            ps.setString(2, a.name());
            ps.setString(3, a.branch());
            ps.setString(4, "c" + t);
            ps.setLong(5, t);
            ps.setLong(6, System.currentTimeMillis() / 1000);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long sum = 0;
                for (int i = 1; i <= 17; i++) {
                    Object o = rs.getObject(i);
                    sum += o == null ? 0 : o.hashCode();
                }
                return sum;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    @Benchmark
    @Group("publishApplied")
    @GroupThreads(1)
    public PublishResult publishApplied_backend() {
        long t = level.incrementAndGet();
        return publisher.publishCommit(ALIAS, "c" + t, t);
    }

    @Benchmark
    @Group("publishApplied")
    @GroupThreads(1)
    public long publishApplied_raw() {
        return rawPublish(RAW_ALIAS, rawLevel.incrementAndGet());
    }

    @Benchmark
    @Group("publishStale")
    @GroupThreads(1)
    public PublishResult publishStale_backend() {
        return publisher.publishCommit(HIGH_ALIAS, "c5", 5);
    }

    @Benchmark
    @Group("publishStale")
    @GroupThreads(1)
    public long publishStale_raw() {
        return rawPublish(HIGH_ALIAS, 5);
    }
}
