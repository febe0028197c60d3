package io.tidemark.spi;

import io.tidemark.OperationListener;
import io.tidemark.publisher.Publisher;
import io.tidemark.watermark.WatermarkStore;
import java.time.Clock;
import java.util.Objects;
import java.util.Optional;

/**
 * The checking layer every call crosses, written once for every backend. A store handed to users is always one
 * of these wrappers around a backend's {@link WatermarkBackend} or {@link PublisherBackend}; discovery applies it,
 * and so must a backend's own factories. For each call, in this order, the layer:
 * <ol>
 *   <li>validates the arguments ({@link io.tidemark.InvalidInputException} naming the field and the value; nothing
 *       reaches the backend);</li>
 *   <li>rejects the call if the store is closed ({@link IllegalStateException});</li>
 *   <li>reads the clock once, for operations that store {@code updated_at};</li>
 *   <li>calls the backend;</li>
 *   <li>tells the store's {@link OperationListener}, if it has one, about the completed call: its outcome's name
 *       (or {@code error} and what was thrown, invalid input included) and how long it took, timed once with
 *       {@link System#nanoTime}. A listener that throws is logged and never changes the result; without a listener
 *       nothing is timed or built.</li>
 * </ol>
 * {@code check()} is answered by the backend unless the store is closed ({@link io.tidemark.Health.Unreachable}
 * saying so); whatever the backend's check throws becomes {@code Unreachable} too, so a check never throws.
 * {@code close()} waits for the calls in flight, then closes the backend once, however often and from however many
 * threads it is called; a call that starts after close began is refused, so no backend call runs on a closed backend. This class
 * is the one place where cross-cutting concerns (metrics, logging of outcomes) attach.
 */
public final class Checked {
    private Checked() {}

    /** A {@link WatermarkStore} over {@code backend}, without a listener. */
    public static WatermarkStore watermarkStore(WatermarkBackend backend) {
        return watermarkStore(backend, "unnamed", Optional.empty());
    }

    /**
     * A {@link WatermarkStore} over {@code backend} that tells {@code listener} (if present) about every completed
     * call, naming {@code driver} (the backend's primary driver name) in each {@link io.tidemark.OperationEvent}.
     */
    public static WatermarkStore watermarkStore(
            WatermarkBackend backend, String driver, Optional<OperationListener> listener) {
        return new CheckedWatermarkStore(
                Objects.requireNonNull(backend, "backend"),
                new Recorder(
                        Objects.requireNonNull(driver, "driver"),
                        Recorder.WATERMARK,
                        Objects.requireNonNull(listener, "listener")));
    }

    /** A {@link Publisher} over {@code backend} whose {@code updated_at} values come from the UTC system clock. */
    public static Publisher publisher(PublisherBackend backend) {
        return publisher(backend, Clock.systemUTC());
    }

    /** A {@link Publisher} over {@code backend} whose {@code updated_at} values come from {@code clock}. */
    public static Publisher publisher(PublisherBackend backend, Clock clock) {
        return publisher(backend, clock, "unnamed", Optional.empty());
    }

    /**
     * A {@link Publisher} over {@code backend} whose {@code updated_at} values come from {@code clock}, telling
     * {@code listener} (if present) about every completed call and naming {@code driver} (the backend's primary
     * driver name) in each {@link io.tidemark.OperationEvent}.
     */
    public static Publisher publisher(
            PublisherBackend backend, Clock clock, String driver, Optional<OperationListener> listener) {
        return new CheckedPublisher(
                Objects.requireNonNull(backend, "backend"),
                Objects.requireNonNull(clock, "clock"),
                new Recorder(
                        Objects.requireNonNull(driver, "driver"),
                        Recorder.PUBLISHER,
                        Objects.requireNonNull(listener, "listener")));
    }
}
