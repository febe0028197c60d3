package io.tidemark.backend.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.BackendConfig;
import io.tidemark.OutcomeUnknownException;
import io.tidemark.discovery.Tidemark;
import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.Publisher;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.util.Map;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A write whose reply is lost in a thread that is interrupted (a signer shutting down): the pause before the resend
 * ends at once, and the call may have been applied, so it must end in {@link OutcomeUnknownException}, not in a plain
 * "unavailable, nothing done" {@code BackendUnavailableException} after which a caller would send it again and take
 * its own write for a conflict.
 */
class InterruptedResendTest {
    private static final PgProxy PROXY = new PgProxy(EmbeddedPg.shared().port);

    @AfterAll
    static void closeProxy() {
        PROXY.close();
    }

    @AfterEach
    void clearInterrupt() {
        Thread.interrupted();
    }

    private static BackendConfig config(String tableKey, String prefix) {
        return BackendConfig.of(
                "postgresql", EmbeddedPg.settings(PROXY.url(), tableKey, EmbeddedPg.freshTable(prefix)));
    }

    /** Runs {@code call} with its reply lost and this thread's interrupt flag set. */
    private static void interruptedAndLost(String what, ThrowingCallable call) {
        int faults = PROXY.faults();
        PROXY.loseNextReply();
        Thread.currentThread().interrupt();
        try {
            assertThatThrownBy(call)
                    .as(what)
                    .isInstanceOf(OutcomeUnknownException.class)
                    .hasMessageContaining("interrupted before sending it again");
        } finally {
            Thread.interrupted();
        }
        assertThat(PROXY.faults()).as(what + ": the reply was lost").isEqualTo(faults + 1);
    }

    @Test
    void anInterruptedAdvanceAfterALostReplyIsUnknown() {
        WatermarkKey key = new WatermarkKey("NetX", "tz1intr", "block");
        try (WatermarkStore s = Tidemark.openWatermarkStore(config("watermark_table", "intr_wm"))) {
            s.get(key); // a pooled connection is idle: the interrupted call borrows it without waiting
            interruptedAndLost("advance", () -> s.advance(key, new Watermark(5, 0, "a")));
            assertThat(s.get(key)).as("it was applied").contains(new Watermark(5, 0, "a"));
        }
    }

    @Test
    void anInterruptedPublishOrCasAfterALostReplyIsUnknown() {
        LedgerAlias a = LedgerAlias.parse("intr:main");
        try (Publisher p = Tidemark.openPublisher(config("nameservice_table", "intr_ns"))) {
            p.lookup(a);
            interruptedAndLost("publish", () -> p.publishCommit(a, "c1", 1));
            assertThat(p.lookup(a).orElseThrow().commitT()).hasValue(1);
            interruptedAndLost("push status", () -> p.pushStatus(a, 1, "x", Map.of()));
            assertThat(p.lookup(a).orElseThrow().statusV()).as("it was applied").isEqualTo(2);
            interruptedAndLost("push config", () -> p.pushConfig(a, 0, Map.of(), java.util.Optional.empty()));
            assertThat(p.lookup(a).orElseThrow().configV()).isEqualTo(1);
        }
    }
}
