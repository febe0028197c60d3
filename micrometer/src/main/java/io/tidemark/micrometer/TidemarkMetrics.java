package io.tidemark.micrometer;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.tidemark.BackendConfig;
import io.tidemark.OperationEvent;
import io.tidemark.OperationListener;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Records every operation of the stores it listens to as Micrometer meters. Hand it to the stores' configuration
 * ({@link BackendConfig#withListener}); one instance may serve any number of stores, from any number of threads.
 *
 * <pre>{@code
 * TidemarkMetrics metrics = new TidemarkMetrics(registry);
 * WatermarkStore store = Tidemark.openWatermarkStore(config.withListener(metrics));
 * }</pre>
 *
 * <p>The meters (names dot-separated as Micrometer names them; a registry renders them in its own convention, for
 * example Prometheus as {@code tidemark_watermark_operations_seconds_count} and
 * {@code tidemark_watermark_refused_total}):
 * <ul>
 *   <li>{@value #WATERMARK_OPERATIONS} (timer, base unit seconds) and {@value #WATERMARK_OUTCOMES} (counter), tagged
 *       {@code backend} (the driver: {@code mem}, {@code file}, {@code aws}, ...), {@code operation}
 *       ({@code advance}, {@code get}, {@code list}, {@code reset}, {@code check}), {@code kind} (the request kind
 *       of the key; {@code none} for calls without one), {@code outcome} and {@code exception};</li>
 *   <li>{@value #PUBLISHER_OPERATIONS} (timer) and {@value #PUBLISHER_OUTCOMES} (counter), tagged {@code backend},
 *       {@code operation} ({@code publishCommit}, {@code publishIndex}, {@code retract}, {@code pushStatus},
 *       {@code pushConfig}, {@code delete}, {@code lookup}, {@code allRecords}, {@code check}), {@code outcome} and
 *       {@code exception};</li>
 *   <li>{@value #WATERMARK_REFUSED} (counter), tagged {@code backend} and {@code kind}: the refused signs, the alarm
 *       to alert on. It is registered at zero with the first {@code advance} of each backend and kind, so that a rate
 *       or increase over it sees the first refusal.</li>
 * </ul>
 * {@code outcome} is the {@link OperationEvent#outcome()} ({@code advanced}, {@code refused}, {@code stale},
 * {@code conflict}, ..., or {@code error}); {@code exception} is the simple class name of what an operation threw
 * ({@code InvalidInputException}, {@code BackendUnavailableException}, ...), {@code none} when it returned.
 */
public final class TidemarkMetrics implements OperationListener {
    /** Timer of every watermark-store operation. */
    public static final String WATERMARK_OPERATIONS = "tidemark.watermark.operations";
    /** Counter of every watermark-store operation, by outcome. */
    public static final String WATERMARK_OUTCOMES = "tidemark.watermark.outcomes";
    /** Counter of refused signs ({@code advance} answered {@code Refused}). */
    public static final String WATERMARK_REFUSED = "tidemark.watermark.refused";
    /** Timer of every publisher operation. */
    public static final String PUBLISHER_OPERATIONS = "tidemark.publisher.operations";
    /** Counter of every publisher operation, by outcome. */
    public static final String PUBLISHER_OUTCOMES = "tidemark.publisher.outcomes";
    /** The {@code kind} and {@code exception} tag value when there is none. */
    public static final String NONE = "none";

    private final MeterRegistry registry;
    private final Map<Key, Meters> meters = new ConcurrentHashMap<>();
    private final Map<RefusedKey, Counter> refused = new ConcurrentHashMap<>();

    /** Meters in {@code registry}, registered as operations happen. */
    public TidemarkMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    /** Records {@code event}: its timer and outcome counter, and for an {@code advance} the refused counter. */
    @Override
    public void onOperation(OperationEvent event) {
        boolean watermark = event.contract().equals("watermark");
        String kind = watermark ? event.requestKind().orElse(NONE) : null;
        Key key = new Key(
                event.driver(),
                watermark,
                event.operation(),
                kind,
                event.outcome(),
                event.error().orElse(NONE));
        Meters m = meters.computeIfAbsent(key, this::register);
        m.timer().record(event.duration());
        m.outcomes().increment();
        if (watermark && event.operation().equals("advance") && !kind.equals(NONE)) {
            Counter c = refused.computeIfAbsent(new RefusedKey(event.driver(), kind), this::register);
            if (event.outcome().equals("refused")) {
                c.increment();
            }
        }
    }

    private Meters register(Key k) {
        Tags tags = Tags.of("backend", k.backend(), "operation", k.operation());
        if (k.watermark()) {
            tags = tags.and("kind", k.kind());
        }
        tags = tags.and("outcome", k.outcome(), "exception", k.exception());
        return new Meters(
                Timer.builder(k.watermark() ? WATERMARK_OPERATIONS : PUBLISHER_OPERATIONS)
                        .description(
                                k.watermark()
                                        ? "Watermark-store operations, timed in the checking layer"
                                        : "Publisher operations, timed in the checking layer")
                        .tags(tags)
                        .register(registry),
                Counter.builder(k.watermark() ? WATERMARK_OUTCOMES : PUBLISHER_OUTCOMES)
                        .description(
                                k.watermark()
                                        ? "Watermark-store operations by outcome"
                                        : "Publisher operations by outcome")
                        .tags(tags)
                        .register(registry));
    }

    private Counter register(RefusedKey k) {
        return Counter.builder(WATERMARK_REFUSED)
                .description("Refused signs: an advance below or beside the stored watermark (a double sign avoided)")
                .tags("backend", k.backend(), "kind", k.kind())
                .register(registry);
    }

    @Override
    public String toString() {
        return "TidemarkMetrics[" + registry.getClass().getSimpleName() + "]";
    }

    private record Key(
            String backend, boolean watermark, String operation, String kind, String outcome, String exception) {}

    private record Meters(Timer timer, Counter outcomes) {}

    private record RefusedKey(String backend, String kind) {}
}
