package io.tidemark.backend.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.tidemark.InvalidConfigException;
import io.tidemark.watermark.AdvanceResult;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.time.Clock;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * A caller's data source that hands out connections outside autocommit: every write would be rolled back when the
 * connection goes back to the pool, after the call answered Advanced, and a second signer would be answered Advanced
 * for another digest at the same slot. The store must refuse such connections instead of answering.
 */
class CallersDataSourceTest {
    @Test
    void connectionsOutsideAutocommitAreRefusedNotSilentlyRolledBack() {
        String table = EmbeddedPg.freshTable("ds_noauto");
        EmbeddedPg.exec("CREATE TABLE " + table + " (chain_id text NOT NULL, pkh text NOT NULL, kind text NOT NULL,"
                + " level bigint NOT NULL CHECK (level >= 0), round integer NOT NULL CHECK (round >= 0),"
                + " digest text NOT NULL, PRIMARY KEY (chain_id, pkh, kind))");
        HikariConfig h = new HikariConfig();
        h.setJdbcUrl(EmbeddedPg.shared().url());
        h.setUsername("postgres");
        h.setAutoCommit(false);
        h.setMaximumPoolSize(2);
        WatermarkKey key = new WatermarkKey("NetX", "tz1noauto", "block");
        try (HikariDataSource ds = new HikariDataSource(h)) {
            assertThatThrownBy(() -> PostgresWatermarkStore.open(ds, "public", table))
                    .as("refused at open, before any write")
                    .isInstanceOf(InvalidConfigException.class)
                    .hasMessageContaining("autocommit");
            assertThatThrownBy(() -> PostgresPublisher.open(
                            ds, "public", EmbeddedPg.freshTable("ds_noauto_ns"), true, Clock.systemUTC()))
                    .isInstanceOf(InvalidConfigException.class)
                    .hasMessageContaining("autocommit");
        }
        h.setAutoCommit(true); // the same pool in autocommit: the store works
        try (HikariDataSource ds = new HikariDataSource(h);
                WatermarkStore s = PostgresWatermarkStore.open(ds, "public", table)) {
            assertThat(s.advance(key, new Watermark(5, 0, "a")))
                    .isEqualTo(new AdvanceResult.Advanced(Optional.empty()));
            assertThat(s.advance(key, new Watermark(5, 0, "b")))
                    .isEqualTo(new AdvanceResult.Refused(new Watermark(5, 0, "a")));
        }
    }
}
