package io.tidemark.spi;

import java.util.concurrent.atomic.AtomicBoolean;

/** The closed state of a checked store: {@link #check()} throws once {@link #close()} has been called. */
final class CloseState {
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Object what;

    CloseState(Object what) {
        this.what = what;
    }

    void check() {
        if (closed.get()) {
            throw new IllegalStateException(what + " is closed");
        }
    }

    /** True only for the first call, so the backend is closed once. */
    boolean close() {
        return closed.compareAndSet(false, true);
    }
}
