package io.tidemark.spi;

import io.tidemark.publisher.Publisher;
import io.tidemark.watermark.WatermarkStore;
import java.time.Clock;
import java.util.Objects;

/**
 * The checking layer every call crosses, written once for every backend. A store handed to users is always one
 * of these wrappers around a backend's {@link WatermarkBackend} or {@link PublisherBackend}; discovery applies it,
 * and so must a backend's own factories. For each call, in this order, the layer:
 * <ol>
 *   <li>validates the arguments ({@link io.tidemark.InvalidInputException} naming the field and the value; nothing
 *       reaches the backend);</li>
 *   <li>rejects the call if the store is closed ({@link IllegalStateException});</li>
 *   <li>reads the clock once, for operations that store {@code updated_at};</li>
 *   <li>calls the backend.</li>
 * </ol>
 * {@code close()} waits for the calls in flight, then closes the backend once, however often and from however many
 * threads it is called; a call that starts after close began is refused, so no backend call runs on a closed backend. This class
 * is the one place where cross-cutting concerns (metrics, logging of outcomes) attach.
 */
public final class Checked {
    private Checked() {}

    /** A {@link WatermarkStore} over {@code backend}. */
    public static WatermarkStore watermarkStore(WatermarkBackend backend) {
        return new CheckedWatermarkStore(Objects.requireNonNull(backend, "backend"));
    }

    /** A {@link Publisher} over {@code backend} whose {@code updated_at} values come from the UTC system clock. */
    public static Publisher publisher(PublisherBackend backend) {
        return publisher(backend, Clock.systemUTC());
    }

    /** A {@link Publisher} over {@code backend} whose {@code updated_at} values come from {@code clock}. */
    public static Publisher publisher(PublisherBackend backend, Clock clock) {
        return new CheckedPublisher(Objects.requireNonNull(backend, "backend"), Objects.requireNonNull(clock, "clock"));
    }
}
