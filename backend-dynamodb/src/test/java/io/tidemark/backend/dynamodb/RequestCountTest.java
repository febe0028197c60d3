package io.tidemark.backend.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.publisher.CasResult;
import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.PublishResult;
import io.tidemark.publisher.Publisher;
import io.tidemark.watermark.AdvanceResult;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;

/**
 * Counts the HTTP requests the SDK transmits (an {@link ExecutionInterceptor} on the real client) and proves each
 * operation costs exactly one on every path when the server returns the old item (an unknown alias has none: retract
 * and compare-and-set on one cost a confirming read); and that a server that ignores
 * {@code ReturnValuesOnConditionCheckFailure} still gets correct outcomes, for one extra consistent read.
 */
@ExtendWith(DynamoDbLocal.class)
class RequestCountTest {
    /** Counts transmitted requests; optionally drops the old item from condition failures, as some servers do. */
    static final class Counter implements ExecutionInterceptor {
        final AtomicInteger requests = new AtomicInteger();
        volatile boolean dropOldItem;

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            requests.incrementAndGet();
        }

        @Override
        public Throwable modifyException(Context.FailedExecution context, ExecutionAttributes attributes) {
            if (dropOldItem && context.exception() instanceof ConditionalCheckFailedException e) {
                return ConditionalCheckFailedException.builder()
                        .message(e.getMessage())
                        .awsErrorDetails(e.awsErrorDetails())
                        .statusCode(e.statusCode())
                        .build();
            }
            return context.exception();
        }

        <T> T one(String what, Supplier<T> op) {
            return exactly(1, what, op);
        }

        <T> T exactly(int n, String what, Supplier<T> op) {
            int before = requests.get();
            T r = op.get();
            assertThat(requests.get() - before).as("HTTP requests for %s", what).isEqualTo(n);
            return r;
        }
    }

    private final Counter counter = new Counter();
    private final DynamoDbClient client =
            DynamoDbLocal.client(DynamoDbLocal.shared().endpoint(), counter);

    @Test
    void everyWatermarkPathIsOneRequest() {
        WatermarkKey key = new WatermarkKey("NetX", "tz1count", "block");
        try (WatermarkStore store = DynamoDbWatermarkStore.open(client, DynamoDbLocal.freshTable("count-wm"))) {
            assertThat(counter.one("advance, new key", () -> store.advance(key, new Watermark(10, 0, "a"))))
                    .isEqualTo(new AdvanceResult.Advanced(Optional.empty()));
            assertThat(counter.one("advance, higher", () -> store.advance(key, new Watermark(11, 0, "a"))))
                    .isEqualTo(new AdvanceResult.Advanced(Optional.of(new Watermark(10, 0, "a"))));
            assertThat(counter.one("advance, repeated", () -> store.advance(key, new Watermark(11, 0, "a"))))
                    .isInstanceOf(AdvanceResult.Repeated.class);
            assertThat(counter.one("advance, refused", () -> store.advance(key, new Watermark(11, 0, "b"))))
                    .isInstanceOf(AdvanceResult.Refused.class);
            assertThat(counter.one("advance, lower", () -> store.advance(key, new Watermark(3, 9, "b"))))
                    .isInstanceOf(AdvanceResult.Refused.class);
            assertThat(counter.one("get", () -> store.get(key))).isPresent();
            assertThat(counter.one("reset", () -> store.reset(key))).isTrue();
        }
    }

    @Test
    void everyPublisherPathIsOneRequest() {
        LedgerAlias a = LedgerAlias.parse("count:main");
        LedgerAlias unknown = LedgerAlias.parse("nobody");
        try (Publisher p = DynamoDbPublisher.open(client, DynamoDbLocal.freshTable("count-ns"), true)) {
            assertThat(counter.one("commit, new", () -> p.publishCommit(a, "c1", 1)))
                    .isInstanceOf(PublishResult.Updated.class);
            assertThat(counter.one("commit, higher", () -> p.publishCommit(a, "c2", 2)))
                    .isInstanceOf(PublishResult.Updated.class);
            assertThat(counter.one("commit, unchanged", () -> p.publishCommit(a, "c2", 2)))
                    .isInstanceOf(PublishResult.Unchanged.class);
            assertThat(counter.one("commit, stale", () -> p.publishCommit(a, "c1", 1)))
                    .isInstanceOf(PublishResult.Stale.class);
            assertThat(counter.one("index, new", () -> p.publishIndex(a, "i1", 1)))
                    .isInstanceOf(PublishResult.Updated.class);
            assertThat(counter.one("index, stale", () -> p.publishIndex(a, "i0", 0)))
                    .isInstanceOf(PublishResult.Stale.class);
            assertThat(counter.one("retract", () -> p.retract(a))).isPresent();
            // An unknown alias fails the condition with no old item, which looks the same as a server that ignores
            // ReturnValuesOnConditionCheckFailure: one consistent GetItem confirms the alias is absent.
            assertThat(counter.exactly(2, "retract, unknown", () -> p.retract(unknown)))
                    .isEmpty();
            assertThat(counter.one("status, applied", () -> p.pushStatus(a, 2, "busy", Map.of("q", 1))))
                    .isInstanceOf(CasResult.Applied.class);
            assertThat(counter.one("status, conflict", () -> p.pushStatus(a, 2, "busy", Map.of())))
                    .isInstanceOf(CasResult.Conflict.class);
            assertThat(counter.one("config, applied", () -> p.pushConfig(a, 0, Map.of(), Optional.of("ctx"))))
                    .isInstanceOf(CasResult.Applied.class);
            assertThat(counter.one("config, conflict", () -> p.pushConfig(a, 0, Map.of(), Optional.empty())))
                    .isInstanceOf(CasResult.Conflict.class);
            assertThat(counter.exactly(
                            2, "config, unknown", () -> p.pushConfig(unknown, 0, Map.of(), Optional.empty())))
                    .isEqualTo(new CasResult.Conflict(Optional.empty()));
            assertThat(counter.one("lookup", () -> p.lookup(a))).isPresent();
        }
    }

    @Test
    void serverIgnoringReturnValuesOnFailureCostsOneConsistentReadMoreAndSameOutcomes() {
        WatermarkKey key = new WatermarkKey("NetX", "tz1fallback", "block");
        LedgerAlias a = LedgerAlias.parse("fallback");
        try (WatermarkStore store = DynamoDbWatermarkStore.open(client, DynamoDbLocal.freshTable("fallback-wm"));
                Publisher p = DynamoDbPublisher.open(client, DynamoDbLocal.freshTable("fallback-ns"), true)) {
            store.advance(key, new Watermark(10, 1, "a"));
            p.publishCommit(a, "c5", 5);
            counter.dropOldItem = true;
            assertThat(counter.exactly(2, "refused via GetItem", () -> store.advance(key, new Watermark(10, 1, "b"))))
                    .isEqualTo(new AdvanceResult.Refused(new Watermark(10, 1, "a")));
            assertThat(counter.exactly(2, "repeated via GetItem", () -> store.advance(key, new Watermark(10, 1, "a"))))
                    .isEqualTo(new AdvanceResult.Repeated(new Watermark(10, 1, "a")));
            assertThat(counter.exactly(2, "stale via GetItem", () -> p.publishCommit(a, "c4", 4)))
                    .isEqualTo(new PublishResult.Stale(p.lookup(a).orElseThrow()));
            assertThat(counter.exactly(2, "conflict via GetItem", () -> p.pushStatus(a, 7, "x", Map.of())))
                    .isEqualTo(new CasResult.Conflict(p.lookup(a)));
        }
    }
}
