package io.tidemark.spi;

import io.tidemark.Health;
import io.tidemark.OperationEvent;
import io.tidemark.OperationListener;
import io.tidemark.publisher.CasResult;
import io.tidemark.publisher.PublishResult;
import io.tidemark.watermark.AdvanceResult;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tells a store's {@link OperationListener} about each completed call: the time it took (read once before and
 * once after, with {@link System#nanoTime}), its outcome's name, or {@code error} with what it threw. Without a
 * listener it reads no clock and builds nothing. A listener that throws is logged (the first time as a warning, then
 * at debug level) and never changes the call's result.
 */
final class Recorder {
    private static final Logger LOG = LoggerFactory.getLogger(Recorder.class);
    static final String WATERMARK = "watermark";
    static final String PUBLISHER = "publisher";

    private final String driver;
    private final String contract;
    private final OperationListener listener;
    private final AtomicBoolean warned = new AtomicBoolean();

    /** A recorder for {@code contract} ({@link #WATERMARK} or {@link #PUBLISHER}); a no-op without a listener. */
    Recorder(String driver, String contract, Optional<OperationListener> listener) {
        this.driver = driver;
        this.contract = contract;
        this.listener = listener.orElse(null);
    }

    /** The start time of a call: {@link System#nanoTime()}, or 0 without a listener. */
    long start() {
        return listener == null ? 0L : System.nanoTime();
    }

    /** A call started at {@code start} returned {@code result}, whose outcome {@code outcome} names. */
    <T> void completed(long start, String operation, String kind, T result, Function<? super T, String> outcome) {
        if (listener != null) {
            tell(start, operation, kind, outcome.apply(result), Optional.empty());
        }
    }

    /** A call started at {@code start} threw {@code thrown}. */
    void failed(long start, String operation, String kind, Throwable thrown) {
        if (listener != null) {
            String name = thrown.getClass().getSimpleName();
            tell(
                    start,
                    operation,
                    kind,
                    "error",
                    Optional.of(name.isEmpty() ? thrown.getClass().getName() : name));
        }
    }

    private void tell(long start, String operation, String kind, String outcome, Optional<String> error) {
        OperationEvent event = new OperationEvent(
                driver,
                contract,
                operation,
                Optional.ofNullable(kind),
                outcome,
                error,
                Duration.ofNanos(System.nanoTime() - start));
        try {
            listener.onOperation(event);
        } catch (RuntimeException e) {
            if (warned.compareAndSet(false, true)) {
                LOG.warn("operation listener {} failed on {}; the operation's result is unchanged", listener, event, e);
            } else {
                LOG.debug("operation listener {} failed on {}", listener, event, e);
            }
        }
    }

    static String advance(AdvanceResult r) {
        return r instanceof AdvanceResult.Advanced
                ? "advanced"
                : r instanceof AdvanceResult.Repeated ? "repeated" : "refused";
    }

    static String publish(PublishResult r) {
        return r instanceof PublishResult.Updated
                ? "updated"
                : r instanceof PublishResult.Unchanged ? "unchanged" : "stale";
    }

    static String cas(CasResult r) {
        return r.applied() ? "applied" : "conflict";
    }

    static String found(Optional<?> r) {
        return r.isPresent() ? "found" : "absent";
    }

    static String retracted(Optional<?> r) {
        return r.isPresent() ? "retracted" : "absent";
    }

    static String removed(boolean r) {
        return r ? "removed" : "absent";
    }

    static String listed(Object stream) {
        return "listed";
    }

    static String health(Health h) {
        return h.reachable() ? "reachable" : "unreachable";
    }
}
