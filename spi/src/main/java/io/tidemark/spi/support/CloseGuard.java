package io.tidemark.spi.support;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The closed state of a store: after {@link #close()} every {@link #check()} throws
 * {@link IllegalStateException}; closing twice is harmless (the second call returns false).
 */
public final class CloseGuard {
  private final AtomicBoolean closed = new AtomicBoolean();
  private final String what;

  /** @param what names the store in the exception, for example {@code "file watermark store /var/tm"} */
  public CloseGuard(String what) {
    this.what = what;
  }

  /** Throws {@link IllegalStateException} if closed. */
  public void check() {
    if (closed.get()) {
      throw new IllegalStateException(what + " is closed");
    }
  }

  /** Marks closed; true only for the first call, so resources are released once. */
  public boolean close() {
    return closed.compareAndSet(false, true);
  }

  public boolean isClosed() {
    return closed.get();
  }
}
