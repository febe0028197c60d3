package io.tidemark.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * How a backend helps {@link io.tidemark.publisher.Publisher#watch}: the checking layer implements watching once
 * for every backend, by reading the watched records ({@code lookup}, or {@code allRecords} when every alias is
 * watched) and comparing them with what each subscriber was last given. It reads again when this signal says the
 * store may have changed, and at the latest every {@link #pollInterval()}. A backend that says nothing
 * ({@link #polling}) still gets a correct watch, only a slower one.
 *
 * <p>The signal may be spurious (a wake-up with no change costs one read) and may be late or lost (the poll catches
 * up), but a backend that claims a short latency should signal every change it can see: its own writes at least.
 */
public interface ChangeSignal {

    /** The longest time between two reads of the watched records; positive. */
    Duration pollInterval();

    /**
     * Starts signalling: from now until the returned handle is closed, calls {@code wake} (from any thread; it
     * returns at once and never throws) when the store may have changed. Called on the watch thread when it starts;
     * the handle is closed on it when it stops, or when the store closes.
     *
     * @throws io.tidemark.TidemarkException if the signal cannot start; the watch then relies on polling alone
     */
    Stop start(Runnable wake);

    /** Stops a started signal. */
    @FunctionalInterface
    interface Stop extends AutoCloseable {
        /** Releases what the signal holds (a thread, a file system watch); called once; never throws. */
        @Override
        void close();
    }

    /** No signal: a read every {@code interval}. */
    static ChangeSignal polling(Duration interval) {
        Objects.requireNonNull(interval, "interval");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("poll interval must be positive: " + interval);
        }
        return new ChangeSignal() {
            @Override
            public Duration pollInterval() {
                return interval;
            }

            @Override
            public Stop start(Runnable wake) {
                return () -> {};
            }

            @Override
            public String toString() {
                return "polling every " + interval.toMillis() + " ms";
            }
        };
    }
}
