package io.tidemark.tck;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The TCK's controllable clock: it stands still until {@link #advance} moves it, so a rule about time (P19,
 * {@code updated_at}) checks exact values without waiting for the wall clock. The TCK opens every store with
 * {@code config.withClock(clock)}; the checking layer reads it once per write. Thread-safe; clocks made by
 * {@link #withZone} share the time of this one.
 */
public final class TckClock extends Clock {
    private final AtomicReference<Instant> now;
    private final ZoneId zone;

    /** A clock standing at the current second of the system clock, in UTC. */
    public TckClock() {
        this(Instant.now().getEpochSecond());
    }

    /** A clock standing at {@code epochSecond}, in UTC. */
    public TckClock(long epochSecond) {
        this(new AtomicReference<>(Instant.ofEpochSecond(epochSecond)), ZoneOffset.UTC);
    }

    private TckClock(AtomicReference<Instant> now, ZoneId zone) {
        this.now = now;
        this.zone = zone;
    }

    /**
     * Moves the time forward by {@code by}.
     *
     * @throws IllegalArgumentException if {@code by} is negative: this clock never goes back
     */
    public void advance(Duration by) {
        if (by.isNegative()) {
            throw new IllegalArgumentException("the TCK clock never goes back; asked to advance by " + by);
        }
        now.updateAndGet(t -> t.plus(by));
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return zone;
    }

    /** A clock in {@code zone} that shares this clock's time (advancing either advances both). */
    @Override
    public Clock withZone(ZoneId zone) {
        return new TckClock(now, Objects.requireNonNull(zone, "zone"));
    }

    @Override
    public String toString() {
        return "TckClock[" + now.get() + ", " + zone + "]";
    }
}
