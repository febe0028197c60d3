package io.tidemark.spi;

import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.NsChange;
import io.tidemark.publisher.NsRecord;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The watch of one checked publisher ({@link io.tidemark.publisher.Publisher#watchAll} describes what users see),
 * written once for every backend on top of the backend's reads and its {@link ChangeSignal}.
 *
 * <p>Each subscription keeps, per alias, the state it was last given ({@code delivered}; at first the state read
 * while subscribing) and the latest state read since, where it differs ({@code pending}, in the order the aliases
 * became pending). One thread per store reads the watched records when the signal wakes it, when a subscription
 * starts, and at least every poll interval; it then hands each subscription, as far as its demand goes, one
 * {@link NsChange} per pending alias from the delivered state to the latest. Reads are sequential and each read of
 * an alias is at least as new as the one before, so per alias the states delivered follow the order of the applied
 * changes, intermediate states may be skipped, and the last state delivered is the latest one. A poll's results
 * reach only subscriptions registered before the poll started: an older read never overwrites a newer baseline.
 *
 * <p>All mutable state is guarded by {@link #lock}; subscriber methods are called without it, on the watch thread
 * only (except {@code onSubscribe}, and {@code onError} for a subscription refused while subscribing).
 */
final class Watches {
    private static final Logger LOG = LoggerFactory.getLogger(Watches.class);
    /** How long {@link #close} waits for the watch thread's last read (a subscriber may be stuck in onNext). */
    private static final long CLOSE_WAIT_SECONDS = 10;

    private static final Flow.Subscription NOTHING = new Flow.Subscription() {
        @Override
        public void request(long n) {}

        @Override
        public void cancel() {}
    };

    private final PublisherBackend backend;
    private final Function<LedgerAlias, Optional<NsRecord>> lookup;
    private final Supplier<List<NsRecord>> all;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wakeup = lock.newCondition();
    private final List<Sub> subs = new ArrayList<>();
    private Thread thread;
    private boolean pollDue;
    private boolean drainDue;
    private boolean closing;
    private boolean lastPollDone;
    private boolean failing;

    /**
     * @param lookup reads one alias (through the checking layer: refused once the store is closed)
     * @param all reads every record, fully, before returning
     */
    Watches(PublisherBackend backend, Function<LedgerAlias, Optional<NsRecord>> lookup, Supplier<List<NsRecord>> all) {
        this.backend = backend;
        this.lookup = lookup;
        this.all = all;
    }

    /** The publisher of one alias's changes, or of every alias's ({@code only} empty). */
    Flow.Publisher<NsChange> publisher(Optional<LedgerAlias> only) {
        return subscriber -> subscribe(only, subscriber);
    }

    private void subscribe(Optional<LedgerAlias> only, Flow.Subscriber<? super NsChange> subscriber) {
        Objects.requireNonNull(subscriber, "subscriber");
        Map<LedgerAlias, Optional<NsRecord>> baseline;
        try {
            baseline = only.isPresent() ? Map.of(only.get(), lookup.apply(only.get())) : everything();
        } catch (RuntimeException e) {
            refuse(subscriber, e);
            return;
        }
        Sub sub = new Sub(only, subscriber, baseline);
        subscriber.onSubscribe(sub);
        lock.lock();
        try {
            if (sub.cancelled) {
                return;
            }
            if (!closing) {
                subs.add(sub);
                pollDue = true; // a change between the baseline read and now is found by this poll
                if (thread == null) {
                    thread = new Thread(this::run, "tidemark-watch-" + backend);
                    thread.setDaemon(true);
                    thread.start();
                }
                wakeup.signalAll();
                return;
            }
            sub.finish();
        } finally {
            lock.unlock();
        }
        subscriber.onError(new IllegalStateException(backend + " is closed"));
    }

    private static void refuse(Flow.Subscriber<? super NsChange> subscriber, RuntimeException e) {
        subscriber.onSubscribe(NOTHING);
        subscriber.onError(e);
    }

    private Map<LedgerAlias, Optional<NsRecord>> everything() {
        Map<LedgerAlias, Optional<NsRecord>> m = new HashMap<>();
        for (NsRecord r : all.get()) {
            m.put(r.alias(), Optional.of(r));
        }
        return m;
    }

    /** Called by the backend's signal: the store may have changed. */
    private void wake() {
        lock.lock();
        try {
            pollDue = true;
            wakeup.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * The store is closing (before the backend closes): the watch thread reads once more, delivers what the
     * subscribers have demand for, then completes them. Waits for that read (bounded), unless called on the watch
     * thread itself (a subscriber closing the store in {@code onNext}), which then reads here.
     */
    void close() {
        List<Sub> last;
        lock.lock();
        try {
            closing = true;
            drainDue = true;
            wakeup.signalAll();
            if (thread == null || lastPollDone) {
                return;
            }
            if (Thread.currentThread() != thread) {
                long left = TimeUnit.SECONDS.toNanos(CLOSE_WAIT_SECONDS);
                while (!lastPollDone && thread != null && left > 0) {
                    try {
                        left = wakeup.awaitNanos(left);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                if (!lastPollDone && thread != null) {
                    LOG.warn("{}: the watch thread did not make its last read in {} s", backend, CLOSE_WAIT_SECONDS);
                }
                return;
            }
            last = List.copyOf(subs);
        } finally {
            lock.unlock();
        }
        poll(last, true);
    }

    private void run() {
        ChangeSignal signal = ChangeSignal.polling(Duration.ofSeconds(1));
        ChangeSignal.Stop stop = () -> {};
        try {
            signal = backend.changeSignal();
            stop = signal.start(this::wake);
        } catch (RuntimeException e) {
            LOG.warn(
                    "{}: change signal did not start, watching by polling every {}: {}", backend, signal, e.toString());
        }
        try {
            loop(signal.pollInterval().toNanos());
        } catch (RuntimeException | Error e) {
            LOG.error("{}: the watch thread failed", backend, e);
            failAll(e);
            throw e;
        } finally {
            stop.close();
        }
    }

    private void loop(long interval) {
        long nextPoll = System.nanoTime() + interval;
        while (true) {
            List<Sub> polled = null;
            boolean last = false;
            boolean complete;
            lock.lock();
            try {
                while (true) {
                    if (subs.isEmpty()) {
                        thread = null;
                        lastPollDone |= closing;
                        wakeup.signalAll();
                        return;
                    }
                    if (closing && !lastPollDone) {
                        last = true;
                        break;
                    }
                    if (drainDue || pollDue) {
                        break;
                    }
                    long wait = nextPoll - System.nanoTime();
                    if (wait <= 0) {
                        pollDue = true;
                        break;
                    }
                    try {
                        wakeup.awaitNanos(wait);
                    } catch (InterruptedException e) {
                        // nobody interrupts this thread on purpose: go on until the subscriptions end
                    }
                }
                drainDue = false;
                if (last || (pollDue && !closing)) {
                    pollDue = false;
                    polled = List.copyOf(subs);
                }
            } finally {
                lock.unlock();
            }
            if (polled != null) {
                poll(polled, last);
                nextPoll = System.nanoTime() + interval;
            }
            lock.lock();
            try {
                complete = lastPollDone;
            } finally {
                lock.unlock();
            }
            drainAll(complete);
        }
    }

    /** Reads the records {@code polled} watch and records, per subscription, what is pending. */
    private void poll(List<Sub> polled, boolean last) {
        Map<LedgerAlias, Optional<NsRecord>> now = null;
        boolean everything = polled.stream().anyMatch(s -> s.only.isEmpty());
        try {
            if (everything) {
                now = everything();
            } else {
                now = new HashMap<>();
                for (Sub s : polled) {
                    LedgerAlias a = s.only.get();
                    if (!now.containsKey(a)) {
                        now.put(a, lookup.apply(a));
                    }
                }
            }
            if (failing) {
                LOG.info("{}: watch reads work again", backend);
                failing = false;
            }
        } catch (IllegalStateException e) {
            now = null; // the store closed under this read: nothing more to read
        } catch (RuntimeException e) {
            if (!failing) {
                LOG.warn("{}: a watch read failed; retrying at the next poll: {}", backend, e.toString());
            } else {
                LOG.debug("{}: a watch read failed again: {}", backend, e.toString());
            }
            failing = true;
            now = null;
        }
        lock.lock();
        try {
            if (now != null) {
                for (Sub s : polled) {
                    if (subs.contains(s)) {
                        s.seen(now, everything);
                    }
                }
            }
            if (last) {
                lastPollDone = true;
            }
            drainDue = true;
            wakeup.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Delivers what each subscription has demand for; after the last poll, completes each subscription. */
    private void drainAll(boolean complete) {
        List<Sub> current;
        lock.lock();
        try {
            current = List.copyOf(subs);
        } finally {
            lock.unlock();
        }
        for (Sub s : current) {
            s.drain();
            if (complete) {
                s.end(null);
            }
        }
    }

    private void failAll(Throwable e) {
        List<Sub> current;
        lock.lock();
        try {
            current = List.copyOf(subs);
        } finally {
            lock.unlock();
        }
        current.forEach(s -> s.end(e));
    }

    /** One subscriber's subscription. Fields guarded by {@link #lock}. */
    private final class Sub implements Flow.Subscription {
        final Optional<LedgerAlias> only;
        Flow.Subscriber<? super NsChange> subscriber;
        /** Per alias, the state last delivered; for a watch of everything, absent means no record. */
        final Map<LedgerAlias, Optional<NsRecord>> delivered;
        /** Per alias whose latest state read differs from the delivered one: that state, oldest pending first. */
        final LinkedHashMap<LedgerAlias, Optional<NsRecord>> pending = new LinkedHashMap<>();

        long demand;
        boolean cancelled;
        Throwable refused;

        Sub(
                Optional<LedgerAlias> only,
                Flow.Subscriber<? super NsChange> subscriber,
                Map<LedgerAlias, Optional<NsRecord>> baseline) {
            this.only = only;
            this.subscriber = subscriber;
            this.delivered = new HashMap<>(baseline);
            delivered.values().removeIf(Optional::isEmpty);
        }

        private Optional<NsRecord> delivered(LedgerAlias a) {
            return delivered.getOrDefault(a, Optional.empty());
        }

        /** Records the states read ({@code now}; {@code complete}: every record of the store, absent = none). */
        void seen(Map<LedgerAlias, Optional<NsRecord>> now, boolean complete) {
            if (only.isPresent()) {
                note(only.get(), now.getOrDefault(only.get(), Optional.empty()));
                return;
            }
            if (!complete) {
                return;
            }
            List<LedgerAlias> aliases = new ArrayList<>(delivered.keySet());
            aliases.addAll(pending.keySet());
            aliases.addAll(now.keySet());
            for (LedgerAlias a : aliases) {
                note(a, now.getOrDefault(a, Optional.empty()));
            }
        }

        private void note(LedgerAlias a, Optional<NsRecord> latest) {
            if (latest.equals(delivered(a))) {
                pending.remove(a);
            } else {
                pending.put(a, latest);
            }
        }

        @Override
        public void request(long n) {
            lock.lock();
            try {
                if (cancelled) {
                    return;
                }
                if (n <= 0) {
                    refused =
                            new IllegalArgumentException("Reactive Streams rule 3.9: request(n) needs n > 0, got " + n);
                } else {
                    demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
                }
                drainDue = true;
                wakeup.signalAll();
            } finally {
                lock.unlock();
            }
        }

        @Override
        public void cancel() {
            lock.lock();
            try {
                cancelled = true;
                subscriber = null;
                pending.clear();
                delivered.clear();
                subs.remove(this);
                drainDue = true;
                wakeup.signalAll();
            } finally {
                lock.unlock();
            }
        }

        /** Delivers pending changes while there is demand; ends the subscription after {@code request(n <= 0)}. */
        void drain() {
            while (true) {
                Flow.Subscriber<? super NsChange> to;
                NsChange change;
                Throwable error;
                lock.lock();
                try {
                    if (cancelled) {
                        return;
                    }
                    if (refused != null) {
                        to = subscriber;
                        change = null;
                        error = refused;
                        finish();
                    } else if (demand == 0 || pending.isEmpty()) {
                        return;
                    } else {
                        Iterator<Map.Entry<LedgerAlias, Optional<NsRecord>>> it =
                                pending.entrySet().iterator();
                        Map.Entry<LedgerAlias, Optional<NsRecord>> next = it.next();
                        it.remove();
                        LedgerAlias a = next.getKey();
                        change = NsChange.between(a, delivered(a), next.getValue())
                                .orElseThrow();
                        if (next.getValue().isPresent()) {
                            delivered.put(a, next.getValue());
                        } else {
                            delivered.remove(a);
                        }
                        demand--;
                        to = subscriber;
                        error = null;
                    }
                } finally {
                    lock.unlock();
                }
                if (error != null) {
                    to.onError(error);
                    return;
                }
                try {
                    to.onNext(change);
                } catch (RuntimeException e) {
                    LOG.warn(
                            "{}: a watch subscriber threw from onNext (Reactive Streams rule 2.13); cancelled",
                            backend,
                            e);
                    cancel();
                    return;
                }
            }
        }

        /** Ends the subscription: {@code onComplete} if {@code error} is null, {@code onError} otherwise. */
        void end(Throwable error) {
            Flow.Subscriber<? super NsChange> to;
            lock.lock();
            try {
                if (cancelled) {
                    return;
                }
                to = subscriber;
                finish();
            } finally {
                lock.unlock();
            }
            if (error == null) {
                to.onComplete();
            } else {
                to.onError(error);
            }
        }

        /** Forgets the subscriber (rule 3.13) and leaves the store's list; under the lock. */
        void finish() {
            cancelled = true;
            subscriber = null;
            pending.clear();
            delivered.clear();
            subs.remove(this);
            drainDue = true;
            wakeup.signalAll();
        }
    }
}
