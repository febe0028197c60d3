package io.tidemark.spi;

import io.tidemark.Health;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Supplier;

/**
 * The closed state of a checked store. Calls run under the read side of a lock and {@link #close} takes the write
 * side: close waits for calls in flight to return before it closes the backend, and a call that starts after close
 * began is refused with {@link IllegalStateException}. So no backend call ever runs on, or after, a closed backend.
 * (A stream returned by {@code list()}/{@code allRecords()} is read after its call returned: closing the store
 * while reading one is the caller's mistake, and the backend reports it as it can.)
 */
final class CloseState {
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Object what;
    private volatile boolean closed;

    CloseState(Object what) {
        this.what = what;
    }

    /** Runs {@code call} unless the store is closed; close waits for it. */
    <T> T call(Supplier<T> call) {
        lock.readLock().lock();
        try {
            if (closed) {
                throw new IllegalStateException(what + " is closed");
            }
            return call.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    /**
     * Runs {@code check} unless the store is closed, which is {@link Health.Unreachable} saying so; close waits for
     * it. Whatever the check throws (or a missing answer) is {@code Unreachable} with the exception's class and
     * message: a check never throws.
     */
    Health check(Supplier<Health> check) {
        lock.readLock().lock();
        try {
            if (closed) {
                return new Health.Unreachable(what + " is closed");
            }
            Health h = check.get();
            return h != null ? h : new Health.Unreachable(what + ": the backend's check answered nothing");
        } catch (RuntimeException e) {
            return new Health.Unreachable(
                    what + ": check failed: " + e.getClass().getSimpleName() + ": " + e.getMessage());
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The first call marks the store closed, waits for the calls in flight, then runs {@code closeBackend}. */
    void close(Runnable closeBackend) {
        lock.writeLock().lock();
        try {
            if (!closed) {
                closed = true;
                closeBackend.run();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }
}
