package io.tidemark.backend.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.BackendConfig;
import io.tidemark.CorruptedStoreException;
import io.tidemark.discovery.Tidemark;
import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.Publisher;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Tables an operator created by hand with a slightly different DDL than the resource's: nullable columns holding
 * NULLs, no unique key, rows written by another tool. A row that does not have the documented form is reported as
 * {@link CorruptedStoreException}, never read as a value it does not hold (a NULL level as "no mark", a NULL round or
 * version as 0), and no outcome is made up from it.
 */
class HandMadeTableTest {
    private static final String URL = EmbeddedPg.shared().url();

    private static WatermarkStore watermarks(String table) {
        return Tidemark.openWatermarkStore(
                BackendConfig.of("postgresql", EmbeddedPg.settings(URL, "watermark_table", table)));
    }

    private static Publisher publisher(String table) {
        return Tidemark.openPublisher(
                BackendConfig.of("postgresql", EmbeddedPg.settings(URL, "nameservice_table", table)));
    }

    /** The resource's watermark table with every NOT NULL and CHECK left out. */
    private static String nullableWatermarkTable() {
        String t = EmbeddedPg.freshTable("handmade_wm");
        EmbeddedPg.exec("CREATE TABLE " + t + " (chain_id text, pkh text, kind text, level bigint, round bigint,"
                + " digest text, PRIMARY KEY (chain_id, pkh, kind))");
        return t;
    }

    @Test
    void aNullLevelIsNotAMissingMark() {
        String t = nullableWatermarkTable();
        EmbeddedPg.exec("INSERT INTO " + t + " VALUES ('NetX', 'tz1null', 'block', NULL, 3, 'a')");
        WatermarkKey key = new WatermarkKey("NetX", "tz1null", "block");
        try (WatermarkStore s = watermarks(t)) {
            assertThatThrownBy(() -> s.get(key))
                    .as("a row with a NULL level exists: get must not say there is no mark")
                    .isInstanceOf(CorruptedStoreException.class)
                    .hasMessageContaining("tz1null");
            assertThatThrownBy(() -> s.advance(key, new Watermark(5, 0, "b")))
                    .isInstanceOf(CorruptedStoreException.class)
                    .hasMessageContaining("tz1null");
            assertThatThrownBy(() -> s.list().toList()).isInstanceOf(CorruptedStoreException.class);
        }
    }

    @Test
    void aNullRoundIsNotRoundZero() {
        String t = nullableWatermarkTable();
        EmbeddedPg.exec("INSERT INTO " + t + " VALUES ('NetX', 'tz1round', 'block', 7, NULL, 'a')");
        WatermarkKey key = new WatermarkKey("NetX", "tz1round", "block");
        try (WatermarkStore s = watermarks(t)) {
            assertThatThrownBy(() -> s.get(key)).isInstanceOf(CorruptedStoreException.class);
            assertThatThrownBy(() -> s.list().toList()).isInstanceOf(CorruptedStoreException.class);
            for (Watermark m : List.of(new Watermark(7, 0, "a"), new Watermark(7, 1, "b"))) {
                assertThatThrownBy(() -> s.advance(key, m))
                        .as("advance " + m + " over a NULL round (never Repeated, Refused or Advanced)")
                        .isInstanceOf(CorruptedStoreException.class)
                        .hasMessageContaining("round is NULL");
            }
            // A higher level replaces the bad row (the SQL rule holds on the level alone) and says so, as a
            // CorruptedStoreException rather than an Advanced with a made-up previous mark.
            assertThatThrownBy(() -> s.advance(key, new Watermark(8, 0, "c")))
                    .isInstanceOf(CorruptedStoreException.class)
                    .hasMessageContaining("WAS written");
            assertThat(s.get(key)).contains(new Watermark(8, 0, "c"));
        }
    }

    @Test
    void aNullDigestIsCorruptedAndNeverRepeated() {
        String t = nullableWatermarkTable();
        EmbeddedPg.exec("INSERT INTO " + t + " VALUES ('NetX', 'tz1digest', 'block', 7, 0, NULL)");
        WatermarkKey key = new WatermarkKey("NetX", "tz1digest", "block");
        try (WatermarkStore s = watermarks(t)) {
            assertThatThrownBy(() -> s.get(key)).isInstanceOf(CorruptedStoreException.class);
            assertThatThrownBy(() -> s.advance(key, new Watermark(7, 0, "b")))
                    .isInstanceOf(CorruptedStoreException.class);
        }
    }

    @Test
    void aTableWithoutTheKeyIsCorruptedNotUnavailable() {
        String t = EmbeddedPg.freshTable("handmade_nokey");
        EmbeddedPg.exec("CREATE TABLE " + t + " (chain_id text NOT NULL, pkh text NOT NULL, kind text NOT NULL,"
                + " level bigint NOT NULL, round integer NOT NULL, digest text NOT NULL)");
        try (WatermarkStore s = watermarks(t)) {
            assertThatThrownBy(() -> s.advance(new WatermarkKey("NetX", "tz1", "block"), new Watermark(1, 0, "a")))
                    .as("no unique key on (chain_id, pkh, kind): retrying can never help")
                    .isInstanceOf(CorruptedStoreException.class);
            assertThat(s.list()).isEmpty();
        }
    }

    @Test
    void nullVersionsAreNotZero() {
        String t = EmbeddedPg.freshTable("handmade_ns");
        EmbeddedPg.exec("CREATE TABLE " + t + " (ledger_alias text PRIMARY KEY, ledger_name text, branch text,"
                + " commit_address text, commit_t bigint, index_address text, index_t bigint,"
                + " default_context_address text, status text, updated_at bigint, status_v bigint,"
                + " status_meta json, config_v bigint, config_meta json, tidemark_req text)");
        EmbeddedPg.exec("INSERT INTO " + t + " VALUES ('l:main', 'l', 'main', 'c', 1, NULL, NULL, NULL, 'ready', 5,"
                + " NULL, '{}', 0, '{}', NULL)");
        EmbeddedPg.exec("INSERT INTO " + t + " VALUES ('m:main', 'm', 'main', 'c', 1, NULL, NULL, NULL, 'ready', 5,"
                + " 1, '{}', NULL, '{}', NULL)");
        EmbeddedPg.exec("INSERT INTO " + t + " VALUES ('n:main', 'n', 'main', 'c', 1, NULL, NULL, NULL, 'ready',"
                + " NULL, 1, '{}', 0, '{}', NULL)");
        try (Publisher p = publisher(t)) {
            for (String a : List.of("l:main", "m:main", "n:main")) {
                LedgerAlias alias = LedgerAlias.parse(a);
                assertThatThrownBy(() -> p.lookup(alias)).as(a).isInstanceOf(CorruptedStoreException.class);
            }
            assertThatThrownBy(() -> p.pushConfig(
                            LedgerAlias.parse("m:main"), 0, java.util.Map.of(), java.util.Optional.empty()))
                    .isInstanceOf(CorruptedStoreException.class);
            assertThatThrownBy(() -> p.allRecords().toList()).isInstanceOf(CorruptedStoreException.class);
        }
    }
}
