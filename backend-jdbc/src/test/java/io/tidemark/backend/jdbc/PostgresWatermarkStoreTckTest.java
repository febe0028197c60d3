package io.tidemark.backend.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.BackendConfig;
import io.tidemark.tck.TckCapability;
import io.tidemark.tck.WatermarkStoreTck;
import io.tidemark.watermark.AdvanceResult;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every W rule against a real PostgreSQL server (embedded, started once per JVM) over TCP, through a {@link PgProxy}
 * that can lose a reply (FAULTS, rule W22). Durable: the table outlives the store object. Multi-process: child JVMs
 * reach the same proxy and server over loopback.
 */
class PostgresWatermarkStoreTckTest extends WatermarkStoreTck {
    static final PgProxy PROXY = new PgProxy(EmbeddedPg.shared().port);

    @Override
    protected BackendConfig newStoreConfig() {
        return BackendConfig.of(
                "postgresql", EmbeddedPg.settings(PROXY.url(), "watermark_table", EmbeddedPg.freshTable("watermark")));
    }

    @Override
    protected Set<TckCapability> capabilities() {
        return EnumSet.of(TckCapability.DURABLE, TckCapability.MULTI_PROCESS, TckCapability.FAULTS);
    }

    /** FAULTS: the next statement commits on the server and the connection drops before its reply arrives. */
    @Override
    protected void loseNextReply() {
        PROXY.loseNextReply();
    }

    /** The hook itself: the armed fault hits the next call, which ends truthfully. */
    @Test
    void loseNextReplyLosesTheReplyOfTheNextCall() {
        WatermarkKey key = new WatermarkKey("NetX", "tz1hook", "block");
        for (int i = 0; i < 2; i++) {
            int faults = PROXY.faults();
            Watermark mark = new Watermark(10 + i, 0, "d");
            loseNextReply();
            assertThat(store.advance(key, mark))
                    .as("our own stored mark refuses the resend: Repeated")
                    .isEqualTo(new AdvanceResult.Repeated(mark));
            assertThat(PROXY.faults()).isEqualTo(faults + 1);
            assertThat(store.get(key)).contains(mark);
        }
    }
}
