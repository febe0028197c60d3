package io.tidemark.backend.memory;

import io.tidemark.Health;
import io.tidemark.publisher.CasResult;
import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.NsRecord;
import io.tidemark.publisher.PublishResult;
import io.tidemark.publisher.Publisher;
import io.tidemark.spi.ChangeSignal;
import io.tidemark.spi.Checked;
import io.tidemark.spi.PublisherBackend;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A nameservice in a {@link ConcurrentHashMap} of immutable {@link NsRecord}s. Each operation applies one
 * {@code NsRecord} rule inside {@code compute}: atomic per alias, lock-free across aliases.
 */
public final class MemoryPublisher implements PublisherBackend {
    /** Polls are only a fallback here: every change goes through this object and signals. */
    private static final Duration POLL = Duration.ofSeconds(30);

    private final ConcurrentHashMap<LedgerAlias, NsRecord> records = new ConcurrentHashMap<>();
    private final List<Runnable> watchers = new CopyOnWriteArrayList<>();

    MemoryPublisher() {}

    /** A new, empty {@link Publisher} that lives in this JVM, behind the checking layer. */
    public static Publisher open() {
        return open(Clock.systemUTC());
    }

    /** A new, empty {@link Publisher} whose {@code updated_at} values come from {@code clock}. */
    public static Publisher open(Clock clock) {
        return Checked.publisher(new MemoryPublisher(), clock);
    }

    @Override
    public PublishResult publishCommit(LedgerAlias alias, String address, long t, long now) {
        return update(alias, new Head(true, address, t, now));
    }

    @Override
    public PublishResult publishIndex(LedgerAlias alias, String address, long t, long now) {
        return update(alias, new Head(false, address, t, now));
    }

    private PublishResult update(LedgerAlias alias, Head head) {
        records.compute(alias, head);
        return changed(head.result, head.result.applied());
    }

    /**
     * The commit (or index) rule as {@code compute}'s function, keeping its outcome: one object per call where a
     * lambda, the rule's lambda and an array to carry the result out were three (the update's cost is mostly
     * allocation).
     */
    private static final class Head implements BiFunction<LedgerAlias, NsRecord, NsRecord> {
        private final boolean commit;
        private final String address;
        private final long t;
        private final long now;
        private PublishResult result;

        Head(boolean commit, String address, long t, long now) {
            this.commit = commit;
            this.address = address;
            this.t = t;
            this.now = now;
        }

        @Override
        public NsRecord apply(LedgerAlias alias, NsRecord stored) {
            Optional<NsRecord> s = Optional.ofNullable(stored);
            result = commit
                    ? NsRecord.decideCommit(s, alias, address, t, now)
                    : NsRecord.decideIndex(s, alias, address, t, now);
            return result.current();
        }
    }

    /** Wakes the watchers if {@code applied}; returns {@code result}. */
    private <T> T changed(T result, boolean applied) {
        if (applied) {
            watchers.forEach(Runnable::run);
        }
        return result;
    }

    @Override
    public Optional<NsRecord> retract(LedgerAlias alias, long now) {
        Optional<NsRecord> r =
                Optional.ofNullable(records.computeIfPresent(alias, (k, stored) -> stored.retracted(now)));
        return changed(r, r.isPresent());
    }

    @Override
    public CasResult pushStatus(LedgerAlias alias, long expectedV, String state, Map<String, Object> meta, long now) {
        return cas(alias, stored -> NsRecord.decideStatus(stored, expectedV, state, meta, now));
    }

    @Override
    public CasResult pushConfig(
            LedgerAlias alias,
            long expectedV,
            Map<String, Object> meta,
            Optional<String> defaultContextAddress,
            long now) {
        return cas(alias, stored -> NsRecord.decideConfig(stored, expectedV, meta, defaultContextAddress, now));
    }

    private CasResult cas(LedgerAlias alias, Function<Optional<NsRecord>, CasResult> rule) {
        CasResult[] result = new CasResult[1];
        records.compute(alias, (k, stored) -> {
            result[0] = rule.apply(Optional.ofNullable(stored));
            return result[0] instanceof CasResult.Applied a ? a.record() : stored;
        });
        return changed(result[0], result[0] instanceof CasResult.Applied);
    }

    @Override
    public boolean delete(LedgerAlias alias) {
        boolean removed = records.remove(alias) != null;
        return changed(removed, removed);
    }

    @Override
    public Optional<NsRecord> lookup(LedgerAlias alias) {
        return Optional.ofNullable(records.get(alias));
    }

    @Override
    public Stream<NsRecord> allRecords() {
        List<NsRecord> snapshot = List.copyOf(records.values());
        return snapshot.stream();
    }

    /** Always reachable: the data lives in this object. */
    @Override
    public Health check() {
        return new Health.Reachable("in-memory, " + records.size() + " records");
    }

    /** Wakes the watchers after every applied change, at once; polls every 30 s as a fallback only. */
    @Override
    public ChangeSignal changeSignal() {
        return new ChangeSignal() {
            @Override
            public Duration pollInterval() {
                return POLL;
            }

            @Override
            public Stop start(Runnable wake) {
                watchers.add(wake);
                return () -> watchers.remove(wake);
            }
        };
    }

    @Override
    public void close() {
        // the map goes with the store: nothing to release
    }

    @Override
    public String toString() {
        return "memory publisher";
    }
}
