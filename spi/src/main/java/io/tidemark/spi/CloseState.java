package io.tidemark.spi;

import io.tidemark.Health;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The closed state of a checked store: close waits for calls in flight to return before it closes the backend, and a
 * call that starts after close began is refused with {@link IllegalStateException}. So no backend call ever runs on,
 * or after, a closed backend. (A stream returned by {@code list()}/{@code allRecords()} is read after its call
 * returned: closing the store while reading one is the caller's mistake, and the backend reports it as it can.)
 *
 * <p>A call counts itself in flight, then reads {@code closed}; close sets {@code closed}, then waits for the count
 * to reach zero. Both are sequentially consistent (an atomic and a volatile), so either the call sees {@code closed}
 * and backs out, or close sees the call and waits for it. A call takes no lock (a read-write lock cost as much as
 * the memory backend's whole update); the monitor is used only once close has begun, to wake the closer.
 */
final class CloseState {
    private final AtomicLong inFlight = new AtomicLong();
    private final Object what;
    private volatile boolean closed;
    /** Set (under the monitor) once the backend's close has returned or thrown. */
    private boolean done;
    /** The thread running the backend's close (under the monitor), until it is done. */
    private Thread closer;

    CloseState(Object what) {
        this.what = what;
    }

    /** Runs {@code call} unless the store is closed; close waits for it. */
    <T> T call(Supplier<T> call) {
        enter();
        try {
            if (closed) {
                throw new IllegalStateException(what + " is closed");
            }
            return call.get();
        } finally {
            exit();
        }
    }

    /**
     * Runs {@code check} unless the store is closed, which is {@link Health.Unreachable} saying so; close waits for
     * it. Whatever the check throws (or a missing answer) is {@code Unreachable} with the exception's class and
     * message: a check never throws.
     */
    Health check(Supplier<Health> check) {
        enter();
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
            exit();
        }
    }

    private void enter() {
        inFlight.incrementAndGet();
    }

    private void exit() {
        if (inFlight.decrementAndGet() == 0 && closed) {
            synchronized (this) {
                notifyAll(); // the closer waits for the last call in flight
            }
        }
    }

    /**
     * The first call marks the store closed, waits for the calls in flight, then runs {@code closeBackend}; a
     * concurrent call waits until that has returned. A close reached again from inside {@code closeBackend}, on the
     * thread running it (a backend that closes the store owning it), returns at once, as it did under a reentrant
     * lock: waiting there would be waiting for itself. Not interruptible (as a lock would not be): an interrupt is
     * kept for the caller.
     */
    void close(Runnable closeBackend) {
        boolean interrupted = false;
        synchronized (this) {
            if (closed) {
                if (closer == Thread.currentThread()) {
                    return;
                }
                while (!done) {
                    interrupted |= waitUninterruptibly();
                }
                reinterrupt(interrupted);
                return;
            }
            closed = true;
            closer = Thread.currentThread();
            while (inFlight.get() != 0) {
                interrupted |= waitUninterruptibly();
            }
        }
        try {
            closeBackend.run();
        } finally {
            synchronized (this) {
                done = true;
                closer = null;
                notifyAll();
            }
            reinterrupt(interrupted);
        }
    }

    /** Waits on the monitor (held); true if interrupted while waiting. */
    private boolean waitUninterruptibly() {
        try {
            wait();
            return false;
        } catch (InterruptedException e) {
            return true;
        }
    }

    private static void reinterrupt(boolean interrupted) {
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
