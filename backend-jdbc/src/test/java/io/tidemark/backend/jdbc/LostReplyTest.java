package io.tidemark.backend.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.BackendConfig;
import io.tidemark.OutcomeUnknownException;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The lost-reply table of the README, operation by operation, on the real server through {@link PgProxy}: the
 * statement commits, its reply is lost, and the call ends in its true outcome or {@link OutcomeUnknownException},
 * with the stored state changed exactly once or not at all.
 */
class LostReplyTest {
    private static final PgProxy PROXY = new PgProxy(EmbeddedPg.shared().port);

    @AfterAll
    static void closeProxy() {
        PROXY.close();
    }

    private static BackendConfig config(String tableKey, String prefix) {
        return BackendConfig.of(
                "postgresql", EmbeddedPg.settings(PROXY.url(), tableKey, EmbeddedPg.freshTable(prefix)));
    }

    @Test
    void advanceEndsTrulyAndResetIsUnknownButApplied() {
        WatermarkKey key = new WatermarkKey("NetX", "tz1lost", "block");
        try (WatermarkStore s = Tidemark.openWatermarkStore(config("watermark_table", "lost_wm"))) {
            PROXY.loseNextReply();
            assertThat(s.advance(key, new Watermark(5, 0, "a")))
                    .as("the resend finds our own mark")
                    .isEqualTo(new AdvanceResult.Repeated(new Watermark(5, 0, "a")));
            int faults = PROXY.faults();
            PROXY.loseNextReply();
            assertThat(s.advance(key, new Watermark(6, 0, "a")))
                    .isEqualTo(new AdvanceResult.Repeated(new Watermark(6, 0, "a")));
            assertThat(PROXY.faults()).isEqualTo(faults + 1);
            PROXY.loseNextReply();
            assertThatThrownBy(() -> s.advance(key, new Watermark(6, 0, "b")))
                    .as("a lost refusal: the resend cannot tell it from our write overtaken, so it does not guess")
                    .isInstanceOf(OutcomeUnknownException.class)
                    .hasMessageContaining("level 6 round 0 digest a");
            assertThat(s.get(key)).contains(new Watermark(6, 0, "a"));

            PROXY.loseNextReply();
            assertThatThrownBy(() -> s.reset(key))
                    .isInstanceOf(OutcomeUnknownException.class)
                    .hasMessageContaining("get tells which");
            assertThat(s.get(key)).as("the delete was applied, once").isEmpty();
        }
    }

    @Test
    void publishRetractCasAndDeleteEndTruly() {
        LedgerAlias a = LedgerAlias.parse("lost:main");
        try (Publisher p = Tidemark.openPublisher(config("nameservice_table", "lost_ns"))) {
            PROXY.loseNextReply();
            assertThatThrownBy(() -> p.publishCommit(a, "c1", 1))
                    .as("the resend finds the head it cannot tell from ours")
                    .isInstanceOf(OutcomeUnknownException.class)
                    .hasMessageContaining("Unchanged");
            assertThat(p.publishCommit(a, "c1", 1)).isInstanceOf(PublishResult.Unchanged.class);

            PROXY.loseNextReply();
            NsRecord retracted = p.retract(a).orElseThrow();
            assertThat(retracted.statusV()).as("bumped once").isEqualTo(2);
            assertThat(p.lookup(a)).contains(retracted);

            PROXY.loseNextReply();
            CasResult applied = p.pushConfig(a, 0, Map.of("k", 1), Optional.of("ctx"));
            assertThat(applied).isEqualTo(new CasResult.Applied(p.lookup(a).orElseThrow()));
            assertThat(p.lookup(a).orElseThrow().configV()).isEqualTo(1);

            NsRecord before = p.lookup(a).orElseThrow();
            PROXY.loseNextReply();
            assertThatThrownBy(() -> p.pushStatus(a, 7, "x", Map.of()))
                    .as("a lost conflict: the resend's conflict does not show whether this call was applied")
                    .isInstanceOf(OutcomeUnknownException.class)
                    .hasMessageContaining("look the record up");
            assertThat(p.lookup(a)).contains(before);

            PROXY.loseNextReply();
            assertThatThrownBy(() -> p.delete(a)).isInstanceOf(OutcomeUnknownException.class);
            assertThat(p.lookup(a)).isEmpty();
            PROXY.loseNextReply();
            assertThatThrownBy(() -> p.retract(a))
                    .as("no row read back: never applied, or applied and deleted since")
                    .isInstanceOf(OutcomeUnknownException.class);
            assertThat(p.lookup(a)).as("a retract creates nothing").isEmpty();
        }
    }
}
