package io.tidemark.backend.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.BackendConfig;
import io.tidemark.discovery.Tidemark;
import io.tidemark.publisher.CasResult;
import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.NsRecord;
import io.tidemark.publisher.PublishResult;
import io.tidemark.publisher.Publisher;
import io.tidemark.watermark.AdvanceResult;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * Counts the round trips the JDBC driver makes to the server ({@link PgProxy} reads the wire protocol: each
 * {@code Sync} or simple query that executes a statement) and proves that every operation costs exactly one on every
 * path: advanced (new key, higher), repeated, refused (same slot, lower), get, reset; publish updated (new alias,
 * higher), unchanged, stale, retract (known, unknown), compare-and-set applied and conflict (known, unknown), lookup,
 * delete.
 */
class RoundTripCountTest {
    private static final PgProxy PROXY = new PgProxy(EmbeddedPg.shared().port);

    @AfterAll
    static void closeProxy() {
        PROXY.close();
    }

    private static <T> T one(String what, Supplier<T> op) {
        int before = PROXY.roundTrips();
        T r = op.get();
        assertThat(PROXY.roundTrips() - before).as("round trips of %s", what).isEqualTo(1);
        return r;
    }

    private static BackendConfig config(String tableKey, String table) {
        // One connection: the pool never opens another in the background while the test counts.
        return BackendConfig.of("postgresql", EmbeddedPg.settings(PROXY.url(), tableKey, table))
                .with("pool_size", 1);
    }

    @Test
    void everyWatermarkPathIsOneRoundTrip() {
        WatermarkKey key = new WatermarkKey("NetX", "tz1count", "block");
        try (WatermarkStore store =
                Tidemark.openWatermarkStore(config("watermark_table", EmbeddedPg.freshTable("count_wm")))) {
            assertThat(one("advance, new key", () -> store.advance(key, new Watermark(10, 0, "a"))))
                    .isEqualTo(new AdvanceResult.Advanced(Optional.empty()));
            assertThat(one("advance, higher level", () -> store.advance(key, new Watermark(11, 0, "a"))))
                    .isEqualTo(new AdvanceResult.Advanced(Optional.of(new Watermark(10, 0, "a"))));
            assertThat(one("advance, higher round", () -> store.advance(key, new Watermark(11, 2, "a"))))
                    .isEqualTo(new AdvanceResult.Advanced(Optional.of(new Watermark(11, 0, "a"))));
            assertThat(one("advance, repeated", () -> store.advance(key, new Watermark(11, 2, "a"))))
                    .isEqualTo(new AdvanceResult.Repeated(new Watermark(11, 2, "a")));
            assertThat(one("advance, same slot other digest", () -> store.advance(key, new Watermark(11, 2, "b"))))
                    .isEqualTo(new AdvanceResult.Refused(new Watermark(11, 2, "a")));
            assertThat(one("advance, lower round", () -> store.advance(key, new Watermark(11, 1, "a"))))
                    .isEqualTo(new AdvanceResult.Refused(new Watermark(11, 2, "a")));
            assertThat(one("advance, lower level", () -> store.advance(key, new Watermark(3, 9, "b"))))
                    .isEqualTo(new AdvanceResult.Refused(new Watermark(11, 2, "a")));
            assertThat(one("get", () -> store.get(key))).contains(new Watermark(11, 2, "a"));
            assertThat(one("get, absent", () -> store.get(new WatermarkKey("NetX", "tz1none", "block"))))
                    .isEmpty();
            assertThat(one("reset", () -> store.reset(key))).isTrue();
            assertThat(one("reset, absent", () -> store.reset(key))).isFalse();
            assertThat(one("advance, after reset", () -> store.advance(key, new Watermark(1, 0, "c"))))
                    .isEqualTo(new AdvanceResult.Advanced(Optional.empty()));
        }
    }

    @Test
    void everyPublisherPathIsOneRoundTrip() {
        LedgerAlias a = LedgerAlias.parse("count:main");
        LedgerAlias unknown = LedgerAlias.parse("nobody");
        try (Publisher p = Tidemark.openPublisher(config("nameservice_table", EmbeddedPg.freshTable("count_ns")))) {
            assertThat(one("commit, new alias", () -> p.publishCommit(a, "c1", 1)))
                    .isInstanceOf(PublishResult.Updated.class);
            assertThat(one("commit, higher", () -> p.publishCommit(a, "c2", 2)))
                    .isInstanceOf(PublishResult.Updated.class);
            assertThat(one("commit, unchanged", () -> p.publishCommit(a, "c2", 2)))
                    .isInstanceOf(PublishResult.Unchanged.class);
            assertThat(one("commit, stale", () -> p.publishCommit(a, "c1", 1))).isInstanceOf(PublishResult.Stale.class);
            assertThat(one("index, first", () -> p.publishIndex(a, "i1", 1))).isInstanceOf(PublishResult.Updated.class);
            assertThat(one("index, stale", () -> p.publishIndex(a, "i0", 0))).isInstanceOf(PublishResult.Stale.class);
            assertThat(one("index, new alias", () -> p.publishIndex(LedgerAlias.parse("idx"), "i1", 1)))
                    .isInstanceOf(PublishResult.Updated.class);
            NsRecord retracted = one("retract", () -> p.retract(a)).orElseThrow();
            assertThat(retracted.statusV()).isEqualTo(2);
            assertThat(one("retract, unknown", () -> p.retract(unknown))).isEmpty();
            assertThat(one("status, applied", () -> p.pushStatus(a, 2, "busy", Map.of("q", 1))))
                    .isInstanceOf(CasResult.Applied.class);
            assertThat(one("status, conflict", () -> p.pushStatus(a, 2, "busy", Map.of())))
                    .isInstanceOf(CasResult.Conflict.class);
            assertThat(one("status, unknown", () -> p.pushStatus(unknown, 1, "busy", Map.of())))
                    .isEqualTo(new CasResult.Conflict(Optional.empty()));
            assertThat(one("config, applied", () -> p.pushConfig(a, 0, Map.of("k", "v"), Optional.of("ctx"))))
                    .isInstanceOf(CasResult.Applied.class);
            assertThat(one("config, conflict", () -> p.pushConfig(a, 0, Map.of(), Optional.empty())))
                    .isInstanceOf(CasResult.Conflict.class);
            assertThat(one("config, unknown", () -> p.pushConfig(unknown, 0, Map.of(), Optional.empty())))
                    .isEqualTo(new CasResult.Conflict(Optional.empty()));
            assertThat(one("lookup", () -> p.lookup(a))).isPresent();
            assertThat(one("lookup, unknown", () -> p.lookup(unknown))).isEmpty();
            assertThat(one("delete", () -> p.delete(a))).isTrue();
            assertThat(one("delete, unknown", () -> p.delete(a))).isFalse();
        }
    }

    @Test
    void theCounterSeesEveryStatement() {
        // The proxy must not under-count: a statement on the pool's connection is one round trip, twice is two.
        try (WatermarkStore store =
                Tidemark.openWatermarkStore(config("watermark_table", EmbeddedPg.freshTable("count_self")))) {
            int before = PROXY.roundTrips();
            store.get(new WatermarkKey("NetX", "tz1", "block"));
            store.get(new WatermarkKey("NetX", "tz1", "block"));
            assertThat(PROXY.roundTrips() - before).isEqualTo(2);
        }
    }
}
