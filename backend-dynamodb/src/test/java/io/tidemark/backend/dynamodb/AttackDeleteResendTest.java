package io.tidemark.backend.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.tidemark.OutcomeUnknownException;
import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.PublishResult;
import io.tidemark.publisher.Publisher;
import io.tidemark.watermark.AdvanceResult;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Adversarial review of the lost-reply handling of {@code reset} / {@code delete} ("resend finds the item: true";
 * "removing an absent item is harmless"). The first DeleteItem is applied and its reply lost; before the resend,
 * another writer creates a new item on the key (and is told so: {@code Advanced(previous = empty)} /
 * {@code Updated(previous = empty)}, which proves the delete came before it). The blind resend then deletes that
 * newer item: one delete call removes twice, and the other writer's applied change is lost. For watermarks that is a
 * double sign: a third signer gets {@code Advanced} at the level the second one already signed.
 */
@ExtendWith(DynamoDbLocal.class)
class AttackDeleteResendTest {
    private static FaultProxy proxy;
    private static DynamoDbClient viaProxy;
    private static DynamoDbClient direct;

    @BeforeAll
    static void start() {
        proxy = new FaultProxy(DynamoDbLocal.shared().endpoint());
        viaProxy = DynamoDbLocal.client(proxy.endpoint());
        direct = DynamoDbLocal.client(DynamoDbLocal.shared().endpoint());
    }

    @AfterAll
    static void stop() {
        viaProxy.close();
        direct.close();
        proxy.close();
    }

    @Test
    void resetResentAfterALostReplyRemovesAMarkSignedAfterTheReset_doubleSign() {
        String table = DynamoDbLocal.freshTable("attack-reset");
        WatermarkKey key = new WatermarkKey("NetXattack", "tz1reset", "block");
        try (WatermarkStore admin = DynamoDbWatermarkStore.open(viaProxy, table);
                WatermarkStore signerB = DynamoDbWatermarkStore.open(direct, table);
                WatermarkStore signerC = DynamoDbWatermarkStore.open(direct, table)) {
            admin.advance(key, new Watermark(10, 0, "old"));
            AdvanceResult[] b = new AdvanceResult[1];
            proxy.arm(FaultProxy.Fault.DROP_AFTER_APPLY, () -> b[0] = signerB.advance(key, new Watermark(11, 0, "B")));
            Throwable resetError = catchThrowable(() -> admin.reset(key));
            assertThat(b[0])
                    .as("B signed level 11 after the reset took effect")
                    .isEqualTo(new AdvanceResult.Advanced(Optional.empty()));
            AdvanceResult c = signerC.advance(key, new Watermark(11, 0, "C"));
            List<String> signed = new ArrayList<>(List.of("B"));
            if (c instanceof AdvanceResult.Advanced) {
                signed.add("C");
            }
            assertThat(signed)
                    .as("signers given Advanced at level 11 round 0 (reset call ended with "
                            + (resetError == null ? "success" : resetError.toString()) + ")")
                    .containsExactly("B");
        }
    }

    @Test
    void deleteResentAfterALostReplyRemovesARecordPublishedAfterTheDelete_lostAppliedChange() {
        String table = DynamoDbLocal.freshTable("attack-delete");
        LedgerAlias alias = LedgerAlias.parse("attack:main");
        try (Publisher admin = DynamoDbPublisher.open(viaProxy, table, true);
                Publisher other = DynamoDbPublisher.open(direct, table, false)) {
            admin.publishCommit(alias, "c1", 1);
            PublishResult[] theirs = new PublishResult[1];
            proxy.arm(FaultProxy.Fault.DROP_AFTER_APPLY, () -> theirs[0] = other.publishCommit(alias, "c9", 9));
            Throwable t = catchThrowable(() -> admin.delete(alias));
            assertThat(theirs[0])
                    .as("the other writer's publish was applied after our delete")
                    .isInstanceOf(PublishResult.Updated.class);
            assertThat(((PublishResult.Updated) theirs[0]).previous()).isEmpty();
            if (t != null) {
                assertThat(t).isInstanceOf(OutcomeUnknownException.class);
            }
            assertThat(admin.lookup(alias))
                    .as("the other writer's applied publish (Updated, previous empty) survives: "
                            + "one delete call must not remove twice")
                    .isPresent();
        }
    }
}
