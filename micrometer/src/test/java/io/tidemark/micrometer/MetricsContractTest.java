package io.tidemark.micrometer;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tidemark.BackendConfig;
import io.tidemark.OperationEvent;
import io.tidemark.discovery.Tidemark;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.ToLongFunction;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The meters one backend leaves after the scripted sequences of {@link Scripts}, opened through discovery with
 * {@code withListener(new TidemarkMetrics(new SimpleMeterRegistry()))}: exactly the expected timers and outcome
 * counters with exact counts and tags, the refused counter, nothing else; and a listener that throws changes no
 * result. Each backend's test extends this and says how to configure it (by an alias where the backend has one, so
 * that the {@code backend} tag is shown to be the primary driver name).
 */
abstract class MetricsContractTest {
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final TidemarkMetrics metrics = new TidemarkMetrics(registry);

    /** A watermark-store configuration of the backend under test, on a fresh store. */
    abstract BackendConfig watermarkConfig();

    /** A publisher configuration of the backend under test, on a fresh store. */
    abstract BackendConfig publisherConfig();

    /** The {@code backend} tag expected: the primary driver name. */
    abstract String backend();

    /** {@code meters}, by the values of {@code tags} joined with spaces, to {@code count}. */
    static Map<String, Long> byTags(
            Collection<? extends Meter> meters, List<String> tags, ToLongFunction<Meter> count) {
        Map<String, Long> m = new TreeMap<>();
        for (Meter meter : meters) {
            String key = tags.stream().map(t -> meter.getId().getTag(t)).collect(Collectors.joining(" "));
            m.merge(key, count.applyAsLong(meter), Long::sum);
        }
        return m;
    }

    private void assertTagKeys(Collection<? extends Meter> meters, List<String> keys) {
        for (Meter meter : meters) {
            assertThat(meter.getId().getTags().stream().map(Tag::getKey)).containsExactlyInAnyOrderElementsOf(keys);
            assertThat(meter.getId().getTag("backend")).isEqualTo(backend());
        }
    }

    @Test
    void theWatermarkScriptLeavesExactlyItsMeters() {
        Scripts.watermark(Tidemark.openWatermarkStore(watermarkConfig().withListener(metrics)));

        List<String> tags = List.of("operation", "kind", "outcome", "exception");
        Collection<Counter> outcomes =
                registry.find(TidemarkMetrics.WATERMARK_OUTCOMES).counters();
        Collection<Timer> timers =
                registry.find(TidemarkMetrics.WATERMARK_OPERATIONS).timers();
        assertThat(byTags(outcomes, tags, c -> (long) ((Counter) c).count())).isEqualTo(Scripts.watermarkMeters());
        assertThat(byTags(timers, tags, t -> ((Timer) t).count())).isEqualTo(Scripts.watermarkMeters());
        assertTagKeys(outcomes, List.of("backend", "operation", "kind", "outcome", "exception"));
        assertTagKeys(timers, List.of("backend", "operation", "kind", "outcome", "exception"));
        assertThat(timers.stream()
                        .mapToDouble(t -> t.totalTime(TimeUnit.NANOSECONDS))
                        .sum())
                .as("time recorded")
                .isPositive();

        Collection<Counter> refused =
                registry.find(TidemarkMetrics.WATERMARK_REFUSED).counters();
        assertThat(byTags(refused, List.of("backend", "kind"), c -> (long) ((Counter) c).count()))
                .as("refused signs; the kind that never was refused is there at zero")
                .isEqualTo(Map.of(backend() + " attestation", 0L, backend() + " block", 2L));
        assertThat(registry.getMeters()).as("every meter").hasSize(outcomes.size() + timers.size() + refused.size());
    }

    @Test
    void thePublisherScriptLeavesExactlyItsMeters() {
        Scripts.publisher(Tidemark.openPublisher(publisherConfig().withListener(metrics)));

        List<String> tags = List.of("operation", "outcome", "exception");
        Collection<Counter> outcomes =
                registry.find(TidemarkMetrics.PUBLISHER_OUTCOMES).counters();
        Collection<Timer> timers =
                registry.find(TidemarkMetrics.PUBLISHER_OPERATIONS).timers();
        assertThat(byTags(outcomes, tags, c -> (long) ((Counter) c).count())).isEqualTo(Scripts.publisherMeters());
        assertThat(byTags(timers, tags, t -> ((Timer) t).count())).isEqualTo(Scripts.publisherMeters());
        assertTagKeys(outcomes, List.of("backend", "operation", "outcome", "exception"));
        assertTagKeys(timers, List.of("backend", "operation", "outcome", "exception"));
        assertThat(registry.getMeters()).as("every meter").hasSize(outcomes.size() + timers.size());
    }

    @Test
    void aListenerThatThrowsChangesNoResult() {
        AtomicInteger calls = new AtomicInteger();
        BackendConfig wm = watermarkConfig().withListener(e -> {
            calls.incrementAndGet();
            throw new IllegalStateException("a broken listener");
        });
        Scripts.watermark(Tidemark.openWatermarkStore(wm)); // asserts every result as it goes
        assertThat(calls).as("the listener was still called once per operation").hasValue(Scripts.WATERMARK_CALLS);
        BackendConfig ns = publisherConfig().withListener(e -> {
            calls.incrementAndGet();
            throw new IllegalStateException("a broken listener");
        });
        Scripts.publisher(Tidemark.openPublisher(ns));
        assertThat(calls).hasValue(Scripts.WATERMARK_CALLS + Scripts.PUBLISHER_CALLS);
    }

    @Test
    void eventsNameTheDriverContractOperationKindOutcomeAndError() {
        List<OperationEvent> events = new ArrayList<>();
        Scripts.watermark(Tidemark.openWatermarkStore(watermarkConfig().withListener(events::add)));
        assertThat(events).hasSize(Scripts.WATERMARK_CALLS);
        assertThat(events).allSatisfy(e -> {
            assertThat(e.driver()).isEqualTo(backend());
            assertThat(e.contract()).isEqualTo("watermark");
            assertThat(e.duration().isNegative()).isFalse();
            assertThat(e.error().isPresent()).isEqualTo(e.outcome().equals("error"));
        });
        assertThat(events.get(2).operation()).isEqualTo("advance");
        assertThat(events.get(2).requestKind()).contains("block");
        assertThat(events.get(2).outcome()).isEqualTo("refused");
        assertThat(events.get(7).operation()).isEqualTo("list");
        assertThat(events.get(7).requestKind()).isEmpty();
        assertThat(events.get(10).error()).contains("InvalidInputException");

        events.clear();
        Scripts.publisher(Tidemark.openPublisher(publisherConfig().withListener(events::add)));
        assertThat(events).hasSize(Scripts.PUBLISHER_CALLS);
        assertThat(events).allSatisfy(e -> {
            assertThat(e.driver()).isEqualTo(backend());
            assertThat(e.contract()).isEqualTo("publisher");
            assertThat(e.requestKind()).isEmpty();
        });
        assertThat(events.get(2).outcome()).isEqualTo("stale");
        assertThat(events.get(6).outcome()).isEqualTo("conflict");
    }
}
