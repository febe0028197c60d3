package io.tidemark.backend.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.BackendConfig;
import io.tidemark.BackendUnavailableException;
import io.tidemark.InvalidConfigException;
import io.tidemark.OutcomeUnknownException;
import io.tidemark.discovery.Tidemark;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Hostile config values: URL parameters that would override what the backend sends in the startup packet
 * (statement_timeout through {@code options}, the socket and connect timeouts), passwords hidden in URLs, and schema
 * or table names carrying SQL. None may open a store that silently runs without the configured limits, show a
 * password, or run SQL of its own.
 */
class HostileConfigTest {
    private final String url = EmbeddedPg.shared().url();

    private static BackendConfig config(String url, String key, String value) {
        Map<String, Object> m = EmbeddedPg.settings(url, "watermark_table", EmbeddedPg.freshTable("hostile"));
        m.put(key, value);
        m.put("statement_timeout_ms", 1234L);
        return BackendConfig.of("postgresql", m);
    }

    /** What the server says {@code statement_timeout} is on a pooled connection of a store opened with {@code c}. */
    private static String statementTimeoutOf(BackendConfig c) {
        try (Database db = Database.open(c, Ddl.Kind.WATERMARK)) {
            return db.read("show", conn -> {
                try (Statement s = conn.createStatement();
                        ResultSet rs = s.executeQuery("SHOW statement_timeout")) {
                    rs.next();
                    return rs.getString(1);
                }
            });
        }
    }

    @Test
    void theConfiguredStatementTimeoutIsInForce() {
        assertThat(statementTimeoutOf(config(url, "schema", "public"))).isEqualTo("1234ms");
    }

    @Test
    void urlParametersThatWouldOverrideTheTimeoutsAreRefused() {
        for (String param : List.of(
                "options=-c%20statement_timeout%3D0",
                "options=-c statement_timeout=0",
                "OPTIONS=-c%20statement_timeout%3D0",
                "socketTimeout=0",
                "connectTimeout=0",
                "loginTimeout=0",
                "%6Fptions=-c%20statement_timeout%3D0")) {
            BackendConfig c = config(url + "&" + param, "schema", "public");
            assertThatThrownBy(() -> statementTimeoutOf(c))
                    .as(param)
                    .isInstanceOf(InvalidConfigException.class)
                    .hasMessageContaining("'url'")
                    .hasMessageContaining("sets itself");
        }
        // A parameter the backend does not set still passes, and the limit stays.
        assertThat(statementTimeoutOf(config(url + "&tcpKeepAlive=true", "schema", "public")))
                .isEqualTo("1234ms");
    }

    @Test
    void aPasswordInTheUserInfoIsRefusedEvenWithASlashInIt() {
        for (String bad : List.of(
                "jdbc:postgresql://signer:hunt/er2@127.0.0.1:5432/postgres",
                "jdbc:postgresql://signer:hunter2@127.0.0.1:5432",
                "jdbc:postgresql://signer:hunter2@127.0.0.1:5432?x=1")) {
            assertThatThrownBy(() -> Tidemark.openWatermarkStore(config(bad, "schema", "public")))
                    .as(bad)
                    .isInstanceOf(InvalidConfigException.class)
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunt"));
        }
        assertThatThrownBy(() -> Tidemark.openWatermarkStore(
                        config("jdbc:postgres://signer:hunt/er2@127.0.0.1/postgres", "schema", "public")))
                .isInstanceOf(InvalidConfigException.class)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("hunt"));
    }

    @Test
    void namesCarryingSqlAreRefusedBeforeAnySqlRuns() {
        EmbeddedPg.exec("CREATE TABLE IF NOT EXISTS hostile_canary (x int)");
        for (String key : List.of("schema", "watermark_table")) {
            for (String hostile : List.of(
                    "public\"; DROP TABLE hostile_canary; --",
                    "x'; DROP TABLE hostile_canary; --",
                    "w;DROP TABLE hostile_canary",
                    "wätermark",
                    "ｗatermark",
                    "a".repeat(64),
                    "x".repeat(10_000),
                    "\"watermark\"",
                    "pg_catalog\".\"pg_class")) {
                assertThatThrownBy(() -> Tidemark.openWatermarkStore(config(url, key, hostile)))
                        .as(key + " " + hostile)
                        .isInstanceOf(InvalidConfigException.class)
                        .hasMessageContaining("'" + key + "'");
            }
        }
        // A 63-char name is fine, and the canary is still there.
        Map<String, Object> m = new HashMap<>(EmbeddedPg.settings(url, "watermark_table", "t" + "x".repeat(62)));
        try (WatermarkStore s = Tidemark.openWatermarkStore(BackendConfig.of("postgresql", m))) {
            assertThat(s.list()).isEmpty();
        }
        EmbeddedPg.exec("SELECT * FROM hostile_canary");
    }

    @Test
    void theStatementTimeoutEndsAWaitOnALockedRowWithoutWriting() throws Exception {
        String table = EmbeddedPg.freshTable("hostile_lock");
        Map<String, Object> m = EmbeddedPg.settings(url, "watermark_table", table);
        m.put("statement_timeout_ms", 300L);
        WatermarkKey key = new WatermarkKey("NetX", "tz1lock", "block");
        try (WatermarkStore s = Tidemark.openWatermarkStore(BackendConfig.of("postgresql", m))) {
            s.advance(key, new Watermark(1, 0, "a"));
            try (Connection other = EmbeddedPg.shared().connect()) {
                other.setAutoCommit(false);
                other.createStatement().execute("SELECT * FROM " + table + " FOR UPDATE");
                assertThatThrownBy(() -> s.advance(key, new Watermark(2, 0, "b")))
                        .as("cancelled by the server: rolled back, a known outcome")
                        .isInstanceOf(BackendUnavailableException.class)
                        .isNotInstanceOf(OutcomeUnknownException.class)
                        .hasMessageContaining("57014");
                other.rollback();
            }
            assertThat(s.get(key)).contains(new Watermark(1, 0, "a"));
        }
    }

    @Test
    void aUrlParameterTheDriverRefusesIsAConfigErrorNotACorruptedTable() {
        BackendConfig c = config(url + "&prepareThreshold=lots", "schema", "public");
        assertThatThrownBy(() -> Tidemark.openWatermarkStore(c))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("'url'")
                .hasMessageContaining("prepareThreshold");
    }
}
