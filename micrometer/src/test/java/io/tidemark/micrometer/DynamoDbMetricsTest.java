package io.tidemark.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import io.tidemark.BackendConfig;
import io.tidemark.BackendUnavailableException;
import io.tidemark.OutcomeUnknownException;
import io.tidemark.discovery.Tidemark;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The metrics contract on DynamoDB Local (configured by the alias {@code dynamodb}), and a stopped server counted as
 * an error by its exception and an unreachable check.
 */
class DynamoDbMetricsTest extends MetricsContractTest {
    private static final LocalDynamoDb SHARED = LocalDynamoDb.start();
    private static final AtomicInteger TABLES = new AtomicInteger();

    @AfterAll
    static void stop() {
        SHARED.stop();
    }

    private static String table() {
        return "metrics-" + TABLES.incrementAndGet();
    }

    @Override
    BackendConfig watermarkConfig() {
        return BackendConfig.of("dynamodb", SHARED.watermarkSettings(table()));
    }

    @Override
    BackendConfig publisherConfig() {
        return BackendConfig.of("dynamodb", SHARED.publisherSettings(table()));
    }

    @Override
    String backend() {
        return "aws";
    }

    @Test
    void aStoppedServerIsCountedAsBackendUnavailableAndAnUnreachableCheck() {
        LocalDynamoDb own = LocalDynamoDb.start();
        Throwable fault;
        try {
            Map<String, Object> settings = new HashMap<>(own.watermarkSettings("watermark"));
            settings.put("timeout_ms", 1_500);
            try (WatermarkStore store = Tidemark.openWatermarkStore(
                    BackendConfig.of("aws", settings).withListener(metrics))) {
                store.advance(Scripts.BLOCK, new Watermark(1, 0, "a"));
                own.stop();
                // Unavailable, or OutcomeUnknown when a pooled connection died after the request went out.
                fault = catchThrowable(() -> store.advance(Scripts.BLOCK, new Watermark(2, 0, "b")));
                assertThat(fault).isInstanceOfAny(BackendUnavailableException.class, OutcomeUnknownException.class);
                assertThat(store.check().reachable()).isFalse();
            }
        } finally {
            own.stop();
        }
        List<String> tags = List.of("operation", "kind", "outcome", "exception");
        Map<String, Long> expected = Map.of(
                "advance block advanced none",
                1L,
                "advance block error " + fault.getClass().getSimpleName(),
                1L,
                "check none unreachable none",
                1L);
        assertThat(byTags(registry.find(TidemarkMetrics.WATERMARK_OUTCOMES).counters(), tags, c ->
                        (long) ((Counter) c).count()))
                .isEqualTo(expected);
        assertThat(byTags(registry.find(TidemarkMetrics.WATERMARK_OPERATIONS).timers(), tags, t -> ((Timer) t).count()))
                .isEqualTo(expected);
        assertThat(registry.get(TidemarkMetrics.WATERMARK_REFUSED)
                        .tags("backend", "aws", "kind", "block")
                        .counter()
                        .count())
                .isZero();
    }
}
