package io.tidemark.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.NsChange;
import io.tidemark.publisher.NsChange.Kind;
import io.tidemark.publisher.NsRecord;
import io.tidemark.publisher.Publisher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * The checking layer's watch ({@link Watches}) on a map backend: its thread and change signal live exactly as long as
 * a subscription, a backend without a signal is watched by polling, a subscriber that throws or closes the store from
 * {@code onNext} does not break the others, and (property) any sequence of operations and requests delivers per alias
 * a chain of events, each of the kinds between its two records, ending in the latest record.
 */
class WatchesTest {
    private static final LedgerAlias A = LedgerAlias.parse("a:main");
    private static final LedgerAlias B = LedgerAlias.parse("b:main");

    /** Records signals; the test waits for them with a deadline. */
    static final class Recorder implements Flow.Subscriber<NsChange> {
        final BlockingQueue<Object> signals = new LinkedBlockingQueue<>();
        volatile Flow.Subscription subscription;

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
            signals.add(t);
        }

        @Override
        public void onComplete() {
            signals.add("complete");
        }

        Object next() throws InterruptedException {
            Object s = signals.poll(30, TimeUnit.SECONDS);
            assertThat(s).as("a signal within 30 s").isNotNull();
            return s;
        }

        NsChange change() throws InterruptedException {
            Object s = next();
            assertThat(s).isInstanceOf(NsChange.class);
            return (NsChange) s;
        }
    }

    private static Optional<Thread> watchThread() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().equals("tidemark-watch-map backend"))
                .findFirst();
    }

    private static void awaitEnd(Optional<Thread> t) throws InterruptedException {
        if (t.isPresent()) {
            t.get().join(TimeUnit.SECONDS.toMillis(30));
            assertThat(t.get().isAlive()).as("the watch thread").isFalse();
        }
    }

    @Test
    void theThreadAndTheSignalLiveAsLongAsASubscription() throws Exception {
        MapBackend backend = new MapBackend();
        Publisher p = Checked.publisher(backend);
        awaitEnd(watchThread()); // another test's thread, if any, is gone
        Recorder r = new Recorder();
        p.watch(A).subscribe(r);
        r.subscription.request(1);
        p.publishCommit(A, "c1", 1);
        assertThat(r.change().kinds()).containsExactly(Kind.COMMIT);
        Optional<Thread> t = watchThread();
        assertThat(t).as("a daemon watch thread named for the store").isPresent();
        assertThat(t.get().isDaemon()).isTrue();
        assertThat(backend.signalsStarted()).isEqualTo(1);
        r.subscription.cancel();
        awaitEnd(t);
        assertThat(backend.signalsStarted())
                .as("signals started after the last cancel")
                .isZero();

        Recorder again = new Recorder();
        p.watchAll().subscribe(again);
        again.subscription.request(Long.MAX_VALUE);
        p.publishIndex(B, "i1", 1);
        assertThat(again.change().alias()).isEqualTo(B);
        Optional<Thread> second = watchThread();
        p.close();
        assertThat(again.next()).isEqualTo("complete");
        awaitEnd(second);
        assertThat(backend.signalsStarted()).isZero();
    }

    @Test
    void aBackendWithoutSignalIsWatchedByPolling() throws Exception {
        Publisher p = Checked.publisher(new MapBackend(false, Duration.ofMillis(20)));
        Recorder r = new Recorder();
        p.watch(A).subscribe(r);
        r.subscription.request(Long.MAX_VALUE);
        for (int t = 1; t <= 5; t++) {
            p.publishCommit(A, "c" + t, t);
        }
        NsChange last;
        do {
            last = r.change();
        } while (last.after().orElseThrow().commitT().getAsLong() < 5);
        assertThat(last.after()).isEqualTo(p.lookup(A));
        p.close();
    }

    @Test
    void aThrowingSubscriberIsCancelledAndOthersGoOn() throws Exception {
        Publisher p = Checked.publisher(new MapBackend());
        Recorder good = new Recorder();
        List<NsChange> seenByBad = new ArrayList<>();
        p.watch(A).subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                s.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(NsChange item) {
                seenByBad.add(item);
                throw new IllegalStateException("subscriber bug");
            }

            @Override
            public void onError(Throwable t) {}

            @Override
            public void onComplete() {}
        });
        p.watch(A).subscribe(good);
        good.subscription.request(Long.MAX_VALUE);
        p.publishCommit(A, "c1", 1);
        good.change();
        p.publishCommit(A, "c2", 2);
        assertThat(good.change().after().orElseThrow().commitT().getAsLong()).isEqualTo(2);
        p.close();
        assertThat(good.next()).isEqualTo("complete");
        assertThat(seenByBad)
                .as("the throwing subscriber was cancelled after its first event")
                .hasSize(1);
    }

    @Test
    void closingTheStoreFromOnNextCompletesEveryone() throws Exception {
        Publisher p = Checked.publisher(new MapBackend());
        Recorder other = new Recorder();
        p.watchAll().subscribe(other);
        p.watch(A).subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                s.request(1);
            }

            @Override
            public void onNext(NsChange item) {
                p.close();
            }

            @Override
            public void onError(Throwable t) {}

            @Override
            public void onComplete() {}
        });
        p.publishCommit(A, "c1", 1);
        assertThat(other.next()).as("the other subscriber, without demand").isEqualTo("complete");
        assertThatThrownBy(() -> p.lookup(A)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void subscribingTwiceGivesTwoIndependentSubscriptions() throws Exception {
        Publisher p = Checked.publisher(new MapBackend());
        Flow.Publisher<NsChange> watch = p.watch(A);
        Recorder one = new Recorder();
        Recorder two = new Recorder();
        watch.subscribe(one);
        p.publishCommit(A, "c1", 1);
        watch.subscribe(two); // its baseline already holds c1
        one.subscription.request(Long.MAX_VALUE);
        two.subscription.request(Long.MAX_VALUE);
        p.publishCommit(A, "c2", 2);
        NsChange first = one.change();
        if (first.after().orElseThrow().commitT().getAsLong() == 1) {
            first = one.change();
        }
        assertThat(first.after()).isEqualTo(p.lookup(A));
        NsChange forTwo = two.change();
        assertThat(forTwo.before().orElseThrow().commitT().getAsLong()).isEqualTo(1);
        assertThat(forTwo.after()).isEqualTo(p.lookup(A));
        p.close();
    }

    /** One operation of the property: which alias, what, and whether the subscriber asks for more after it. */
    record Op(boolean onA, int what, long t, int request) {}

    @Provide
    Arbitrary<List<Op>> ops() {
        return Arbitraries.integers()
                .between(0, 99)
                .list()
                .ofSize(4)
                .map(l -> new Op(l.get(0) % 2 == 0, l.get(1) % 7, l.get(2) % 12, l.get(3) % 4))
                .list()
                .ofMinSize(1)
                .ofMaxSize(40);
    }

    @Property(tries = 60)
    void anyOperationsAndRequestsEndInTheLatestRecordThroughAChainOfEvents(@ForAll("ops") @Size(max = 40) List<Op> ops)
            throws Exception {
        Publisher p = Checked.publisher(new MapBackend());
        Recorder r = new Recorder();
        p.watchAll().subscribe(r);
        long requested = 0;
        for (Op op : ops) {
            LedgerAlias a = op.onA() ? A : B;
            Optional<NsRecord> now = p.lookup(a);
            switch (op.what()) {
                case 0 -> p.publishCommit(a, "c" + op.t(), op.t());
                case 1 -> p.publishIndex(a, "i" + op.t(), op.t());
                case 2 -> p.pushStatus(a, now.map(NsRecord::statusV).orElse(1L), "s" + op.t(), Map.of());
                case 3 -> p.pushConfig(a, now.map(NsRecord::configV).orElse(0L), Map.of("t", op.t()), Optional.empty());
                case 4 -> p.retract(a);
                case 5 -> p.delete(a);
                default -> p.pushStatus(a, 999, "conflict", Map.of());
            }
            if (op.request() > 0) {
                r.subscription.request(op.request());
                requested += op.request();
            }
        }
        r.subscription.request(Long.MAX_VALUE);
        Map<LedgerAlias, Optional<NsRecord>> latest = Map.of(A, p.lookup(A), B, p.lookup(B));
        Map<LedgerAlias, Optional<NsRecord>> seen = new HashMap<>(Map.of(A, Optional.empty(), B, Optional.empty()));
        while (!seen.equals(latest)) {
            chain(seen, r.change());
        }
        // The states may have recurred (deleted and written again with the same fields in the same second), so
        // reaching the latest states does not mean every event has arrived: closing delivers what is left, which
        // must go on from where the chain stands, end in the latest states again, and be followed by completion.
        p.close();
        Object s;
        while ((s = r.next()) instanceof NsChange c) {
            chain(seen, c);
        }
        assertThat(s)
                .as("the watch ends with completion (requested %d)", requested)
                .isEqualTo("complete");
        assertThat(seen).as("the last events end in the latest records").isEqualTo(latest);
    }

    private static void chain(Map<LedgerAlias, Optional<NsRecord>> seen, NsChange c) {
        assertThat(c.before())
                .as("event %s starts where the last one of its alias ended", c)
                .isEqualTo(seen.get(c.alias()));
        assertThat(c.after()).isNotEqualTo(c.before());
        assertThat(c.kinds()).isEqualTo(Kind.between(c.before(), c.after()));
        seen.put(c.alias(), c.after());
    }

    @Test
    void kindsAreDerivedFromTheFieldsThatDiffer() {
        NsRecord created = NsRecord.created(A, 5);
        NsRecord commit =
                NsRecord.decideCommit(Optional.of(created), A, "c", 1, 6).current();
        assertThat(Kind.between(Optional.empty(), Optional.of(commit))).containsExactly(Kind.COMMIT);
        assertThat(Kind.between(Optional.of(commit), Optional.empty())).containsExactly(Kind.DELETE);
        assertThat(Kind.between(Optional.of(commit), Optional.of(commit))).isEmpty();
        NsRecord retracted = commit.retracted(7);
        assertThat(Kind.between(Optional.of(commit), Optional.of(retracted))).containsExactly(Kind.RETRACT);
        NsRecord both =
                NsRecord.decideIndex(Optional.of(retracted), A, "i", 1, 8).current();
        assertThat(Kind.between(Optional.of(commit), Optional.of(both))).containsExactly(Kind.INDEX, Kind.RETRACT);
        NsRecord touched = NsRecord.decideCommit(Optional.empty(), A, "c", 1, 9).current();
        assertThat(Kind.between(Optional.of(commit), Optional.of(touched)))
                .as("the same fields written again (deleted and created)")
                .containsExactly(Kind.COMMIT);
        assertThatThrownBy(() -> new NsChange(A, Set.of(), Optional.empty(), Optional.of(commit)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new NsChange(B, Set.of(Kind.COMMIT), Optional.empty(), Optional.of(commit)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(NsChange.between(A, Optional.of(commit), Optional.of(commit)))
                .isEmpty();
    }
}
