package io.tidemark.tck;

import static org.assertj.core.api.Assertions.fail;

import io.tidemark.publisher.NsChange;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A {@link Flow.Subscriber} for the watch rules (P31-P36): it records every signal and lets a rule wait for one with
 * a bounded deadline ({@link #DEADLINE}), never for a fixed time. It requests nothing by itself: the rule calls
 * {@link #request}.
 */
final class WatchRecorder implements Flow.Subscriber<NsChange> {
    /** How long a rule waits for an expected event: generous, since a backend may poll (DynamoDB: about a second). */
    static final Duration DEADLINE = Duration.ofSeconds(30);

    /** The end of a subscription: {@code onComplete} ({@code error} null) or {@code onError}. */
    record End(Throwable error) {}

    private final BlockingQueue<Object> signals = new LinkedBlockingQueue<>();
    private final List<NsChange> changes = new ArrayList<>();
    private volatile Flow.Subscription subscription;
    private Object end;

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
    }

    @Override
    public void onNext(NsChange item) {
        signals.add(item);
    }

    @Override
    public void onError(Throwable t) {
        signals.add(new End(t));
    }

    @Override
    public void onComplete() {
        signals.add(new End(null));
    }

    void request(long n) {
        subscription().request(n);
    }

    void cancel() {
        subscription().cancel();
    }

    private Flow.Subscription subscription() {
        if (subscription == null) {
            fail("the watch did not call onSubscribe during subscribe");
        }
        return subscription;
    }

    /** The next event; fails if the subscription ended or none came before the deadline. */
    NsChange next(String what) {
        Object s = take(what);
        if (s instanceof End e) {
            fail("waiting for %s, the watch ended instead (%s)", what, e.error() == null ? "onComplete" : e.error());
        }
        changes.add((NsChange) s);
        return (NsChange) s;
    }

    /** Events until one matches {@code last}; returns all of them, that one included. */
    List<NsChange> until(String what, Predicate<NsChange> last) {
        List<NsChange> got = new ArrayList<>();
        while (true) {
            NsChange c = next(what + " (after " + got.size() + " events: " + got + ")");
            got.add(c);
            if (last.test(c)) {
                return got;
            }
        }
    }

    /** The end of the subscription, after any events still due (returned with it); fails after the deadline. */
    End end(String what, List<NsChange> eventsBefore) {
        while (true) {
            Object s = take(what);
            if (s instanceof End e) {
                end = e;
                return e;
            }
            eventsBefore.add((NsChange) s);
        }
    }

    /** The signals received so far and not yet taken, without waiting. */
    List<Object> drained() {
        List<Object> rest = new ArrayList<>();
        signals.drainTo(rest);
        return rest;
    }

    private Object take(String what) {
        try {
            Object s = signals.poll(DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
            if (s == null) {
                fail("no watch signal within %s while waiting for %s", DEADLINE, what);
            }
            return s;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + what, e);
        }
    }

    @Override
    public String toString() {
        return "watch recorder (events " + changes + (end == null ? "" : ", ended " + end) + ")";
    }
}
