package io.tidemark.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.NsChange;
import io.tidemark.publisher.NsChange.Kind;
import io.tidemark.publisher.NsRecord;
import io.tidemark.publisher.Publisher;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.function.Supplier;

/**
 * The bodies of the watch rules P31-P36 ({@link TckCapability#WATCH}), listed in {@link PublisherRules#ALL}. Every
 * wait is for an expected signal with a bounded deadline ({@link WatchRecorder#DEADLINE}); absence of an event is
 * shown by the next expected event, never by waiting a while.
 */
final class WatchRules {
    private WatchRules() {}

    /** Subscribes a recorder to {@code watch} and requests {@code n} (none if 0). */
    private static WatchRecorder subscribe(Flow.Publisher<NsChange> watch, long n) {
        WatchRecorder r = new WatchRecorder();
        watch.subscribe(r);
        if (n > 0) {
            r.request(n);
        }
        return r;
    }

    /**
     * P31: each applied change (commit, index, status, config, retract, delete, and a commit creating the record
     * again) is one event of its kind, with the record before and after, to a watcher of the alias and to a watcher
     * of everything.
     */
    static void eachAppliedChangeIsOneEventOfItsKind(PublisherFixture f) {
        Publisher p = f.store();
        LedgerAlias a = f.alias("watched", "main");
        WatchRecorder one = subscribe(p.watch(a), Long.MAX_VALUE);
        WatchRecorder all = subscribe(p.watchAll(), Long.MAX_VALUE);
        try {
            step(f, a, one, all, Kind.COMMIT, () -> p.publishCommit(a, "fluree:commit:1", 1));
            step(f, a, one, all, Kind.INDEX, () -> p.publishIndex(a, "fluree:index:1", 1));
            step(f, a, one, all, Kind.COMMIT, () -> p.publishCommit(a, "fluree:commit:2", 2));
            step(f, a, one, all, Kind.STATUS, () -> p.pushStatus(a, 1, "archived", Map.of("by", "tck")));
            step(f, a, one, all, Kind.CONFIG, () -> p.pushConfig(a, 0, Map.of("k", 1), Optional.of("fluree:ctx:1")));
            step(f, a, one, all, Kind.RETRACT, () -> p.retract(a));
            step(f, a, one, all, Kind.DELETE, () -> p.delete(a));
            step(f, a, one, all, Kind.INDEX, () -> p.publishIndex(a, "fluree:index:9", 9));
        } finally {
            one.cancel();
            all.cancel();
        }
    }

    private static void step(
            PublisherFixture f, LedgerAlias a, WatchRecorder one, WatchRecorder all, Kind kind, Supplier<?> op) {
        Optional<NsRecord> before = f.store().lookup(a);
        op.get();
        Optional<NsRecord> after = f.store().lookup(a);
        NsChange expected = new NsChange(a, Set.of(kind), before, after);
        assertThat(one.next(kind + " of " + a + " (watch of the alias)"))
                .as("the event of the applied %s, watching %s", kind, a)
                .isEqualTo(expected);
        assertThat(all.next(kind + " of " + a + " (watch of everything)"))
                .as("the event of the applied %s, watching everything", kind)
                .isEqualTo(expected);
    }

    /**
     * P32: calls that change nothing (Unchanged, Stale, Conflict, retract or delete of an unknown alias) give no
     * event: the next event is the next applied change, from the state before those calls.
     */
    static void noEventForStaleUnchangedOrConflictingCalls(PublisherFixture f) {
        Publisher p = f.store();
        LedgerAlias a = f.alias("quiet", "main");
        LedgerAlias unknown = f.alias("unknown", "main");
        p.publishCommit(a, "fluree:commit:2", 2);
        p.publishIndex(a, "fluree:index:2", 2);
        WatchRecorder one = subscribe(p.watch(a), Long.MAX_VALUE);
        WatchRecorder all = subscribe(p.watchAll(), Long.MAX_VALUE);
        try {
            Optional<NsRecord> before = p.lookup(a);
            assertThat(p.publishCommit(a, "fluree:commit:2", 2).applied()).isFalse();
            assertThat(p.publishCommit(a, "fluree:commit:other", 2).applied()).isFalse();
            assertThat(p.publishCommit(a, "fluree:commit:1", 1).applied()).isFalse();
            assertThat(p.publishIndex(a, "fluree:index:2", 2).applied()).isFalse();
            assertThat(p.publishIndex(a, "fluree:index:1", 1).applied()).isFalse();
            assertThat(p.pushStatus(a, 99, "busy", Map.of()))
                    .isNotInstanceOf(io.tidemark.publisher.CasResult.Applied.class);
            assertThat(p.pushConfig(a, 99, Map.of(), Optional.empty()))
                    .isNotInstanceOf(io.tidemark.publisher.CasResult.Applied.class);
            assertThat(p.pushStatus(unknown, 1, "busy", Map.of()))
                    .isNotInstanceOf(io.tidemark.publisher.CasResult.Applied.class);
            assertThat(p.retract(unknown)).isEmpty();
            assertThat(p.delete(unknown)).isFalse();
            p.publishCommit(a, "fluree:commit:3", 3);
            NsChange expected = new NsChange(a, Set.of(Kind.COMMIT), before, p.lookup(a));
            assertThat(one.next("the commit after the calls that changed nothing"))
                    .as("the first event after calls that changed nothing (watch of the alias)")
                    .isEqualTo(expected);
            assertThat(all.next("the commit after the calls that changed nothing"))
                    .as("the first event after calls that changed nothing (watch of everything)")
                    .isEqualTo(expected);
        } finally {
            one.cancel();
            all.cancel();
        }
    }

    /**
     * P33: per alias, events follow the order of the applied changes, each from the state the previous one ended
     * in; a subscriber that requests late or one at a time while writers write may get fewer events than changes,
     * but its last event ends in the latest state.
     */
    static void perAliasOrderAndConflationEndInTheLatestState(PublisherFixture f) {
        Publisher p = f.store();
        LedgerAlias a = f.alias("ordered-a", "main");
        LedgerAlias b = f.alias("ordered-b", "main");
        WatchRecorder late = subscribe(p.watchAll(), 0);
        int n = 30;
        for (int t = 1; t <= n; t++) {
            p.publishCommit(a, "fluree:commit:" + t, t);
            p.publishIndex(b, "fluree:index:" + t, t);
        }
        late.request(Long.MAX_VALUE);
        Map<LedgerAlias, List<NsChange>> byAlias = new HashMap<>();
        List<NsChange> got = late.until("both aliases at t = " + n, c -> {
            byAlias.computeIfAbsent(c.alias(), k -> new ArrayList<>()).add(c);
            return ends(byAlias.get(a), p.lookup(a)) && ends(byAlias.get(b), p.lookup(b));
        });
        assertThat(got.size()).as("events for %d changes", 2 * n).isBetween(2, 2 * n);
        checkChain(byAlias.get(a), true);
        checkChain(byAlias.get(b), false);
        late.cancel();

        LedgerAlias c = f.alias("ordered-c", "main");
        WatchRecorder slow = subscribe(p.watch(c), 1);
        int m = 100;
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            for (int t = 1; t <= m; t++) {
                p.publishCommit(c, "fluree:commit:" + t, t);
            }
        });
        List<NsChange> oneByOne = new ArrayList<>();
        try {
            while (oneByOne.isEmpty()
                    || oneByOne.get(oneByOne.size() - 1)
                                    .after()
                                    .flatMap(r -> r.commitT().isPresent()
                                            ? Optional.of(r.commitT().getAsLong())
                                            : Optional.empty())
                                    .orElse(0L)
                            < m) {
                oneByOne.add(slow.next("the commit at t = " + m + " (one request at a time)"));
                slow.request(1);
            }
            writer.join();
        } finally {
            slow.cancel();
        }
        checkChain(oneByOne, true);
        assertThat(oneByOne.get(oneByOne.size() - 1).after())
                .as("the last event's record")
                .isEqualTo(p.lookup(c));
    }

    private static boolean ends(List<NsChange> events, Optional<NsRecord> latest) {
        return events != null && events.get(events.size() - 1).after().equals(latest);
    }

    /** Each event starts where the one before ended (the first from nothing) and moves the head forward. */
    private static void checkChain(List<NsChange> events, boolean commit) {
        Optional<NsRecord> previous = Optional.empty();
        long t = -1;
        for (NsChange c : events) {
            assertThat(c.before())
                    .as("event %s starts where the previous event ended", c)
                    .isEqualTo(previous);
            long now = (commit
                            ? c.after().orElseThrow().commitT()
                            : c.after().orElseThrow().indexT())
                    .getAsLong();
            assertThat(now).as("head t of event %s after t = %d", c, t).isGreaterThan(t);
            assertThat(c.kinds()).as("kinds of %s", c).containsExactly(commit ? Kind.COMMIT : Kind.INDEX);
            previous = c.after();
            t = now;
        }
    }

    /**
     * P34: after {@code cancel()} a subscriber gets nothing more: changes made after it are delivered to another
     * subscriber, and the cancelled one received none of them.
     */
    static void cancelStopsDelivery(PublisherFixture f) {
        Publisher p = f.store();
        LedgerAlias a = f.alias("cancelled", "main");
        WatchRecorder cancelled = subscribe(p.watchAll(), Long.MAX_VALUE);
        WatchRecorder control = subscribe(p.watchAll(), Long.MAX_VALUE);
        try {
            p.publishCommit(a, "fluree:commit:1", 1);
            assertThat(cancelled.next("the first commit").after()).isEqualTo(p.lookup(a));
            cancelled.cancel();
            cancelled.cancel(); // idempotent (Reactive Streams 3.7)
            for (int t = 2; t <= 5; t++) {
                p.publishCommit(a, "fluree:commit:" + t, t);
            }
            Optional<NsRecord> latest = p.lookup(a);
            control.until("the commit at t = 5", c -> c.after().equals(latest));
            assertThat(cancelled.drained())
                    .as("signals to the subscriber after it cancelled")
                    .isEmpty();
        } finally {
            control.cancel();
        }
    }

    /**
     * P35 (also needs MULTI_PROCESS): changes made by another handle on the same configuration, and by a child JVM,
     * are delivered in order and end in the latest state.
     */
    static void changesByAnotherHandleAndAChildJvmAreSeen(PublisherFixture f) {
        if (!f.capabilities().contains(TckCapability.MULTI_PROCESS)) {
            throw new RuleSkipped(TckCapability.MULTI_PROCESS.skipReason());
        }
        Publisher p = f.store();
        LedgerAlias a = f.alias(Workloads.RACE_ALIAS);
        WatchRecorder r = subscribe(p.watch(a), Long.MAX_VALUE);
        List<NsChange> events = new ArrayList<>();
        try (Publisher another = f.openAnother()) {
            NsRecord written =
                    another.publishCommit(a, "fluree:commit:other-handle", 0).current();
            events.add(r.next("the commit made by another handle"));
            assertThat(events.get(0))
                    .as("the event of another handle's commit")
                    .isEqualTo(new NsChange(a, Set.of(Kind.COMMIT), Optional.empty(), Optional.of(written)));
            Children.race(1, "publish-chain", 1, 500, 12, 29, f.config());
            Optional<NsRecord> latest = p.lookup(a);
            assertThat(latest.orElseThrow().commitT().getAsLong())
                    .as("the child JVM published")
                    .isPositive();
            events.addAll(r.until("the child JVM's last commit", c -> c.after().equals(latest)));
        } finally {
            r.cancel();
        }
        checkChain(events, true);
    }

    /**
     * P36: closing the store delivers what was applied before close (within demand), then completes every
     * subscriber; a watch cannot be opened on a closed store and subscribing to one taken before ends in onError.
     */
    static void closeCompletesSubscribers(PublisherFixture f) {
        Publisher p = f.store();
        LedgerAlias a = f.alias("closing", "main");
        WatchRecorder all = subscribe(p.watchAll(), Long.MAX_VALUE);
        WatchRecorder one = subscribe(p.watch(a), Long.MAX_VALUE);
        WatchRecorder idle = subscribe(p.watch(a), 0);
        Flow.Publisher<NsChange> taken = p.watch(a);
        NsRecord written = p.publishCommit(a, "fluree:commit:1", 1).current();
        p.close();
        for (WatchRecorder r : List.of(all, one)) {
            List<NsChange> before = new ArrayList<>();
            WatchRecorder.End end = r.end("onComplete after close", before);
            assertThat(end.error()).as("how the watch ended on close").isNull();
            assertThat(before)
                    .as("events delivered before onComplete")
                    .containsExactly(new NsChange(a, Set.of(Kind.COMMIT), Optional.empty(), Optional.of(written)));
        }
        assertThat(idle.end("onComplete after close, without demand", new ArrayList<>())
                        .error())
                .as("a subscriber without demand is completed too")
                .isNull();
        assertThatThrownBy(p::watchAll).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> p.watch(a)).isInstanceOf(IllegalStateException.class);
        WatchRecorder late = new WatchRecorder();
        taken.subscribe(late);
        assertThat(late.end("onError subscribing after close", new ArrayList<>())
                        .error())
                .as("subscribing to a closed store's watch")
                .isInstanceOf(IllegalStateException.class);
        f.reopen();
    }
}
