package io.tidemark.backend.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.BackendConfig;
import io.tidemark.tck.TckCapability;
import io.tidemark.tck.WatermarkStoreTck;
import io.tidemark.watermark.AdvanceResult;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every W rule against the real DynamoDB Local over HTTP, through a {@link FaultProxy} that can lose a reply (FAULTS,
 * rule W22). Durable: the table outlives the store object. Multi-process: child JVMs reach the same proxy and server
 * over loopback.
 */
@ExtendWith(DynamoDbLocal.class)
class DynamoDbWatermarkStoreTckTest extends WatermarkStoreTck {
    static final FaultProxy PROXY = new FaultProxy(DynamoDbLocal.shared().endpoint());
    /** Alternates across the suite's tests (JUnit makes an instance per test). */
    private static final AtomicInteger LOST = new AtomicInteger();

    @Override
    protected BackendConfig newStoreConfig() {
        return BackendConfig.of(
                "aws",
                DynamoDbLocal.watermarkSettingsFor(PROXY.endpoint().toString(), DynamoDbLocal.freshTable("watermark")));
    }

    @Override
    protected Set<TckCapability> capabilities() {
        return EnumSet.of(TckCapability.DURABLE, TckCapability.MULTI_PROCESS, TckCapability.FAULTS);
    }

    /** FAULTS: the next request is applied and its reply lost, alternately by a dropped connection and an HTTP 500. */
    @Override
    protected void loseNextReply() {
        PROXY.arm(
                LOST.getAndIncrement() % 2 == 0
                        ? FaultProxy.Fault.ERROR_500_AFTER_APPLY
                        : FaultProxy.Fault.DROP_AFTER_APPLY);
    }

    /** The hook itself, until the TCK's W22 uses it: the armed fault hits the next call, which ends truthfully. */
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
