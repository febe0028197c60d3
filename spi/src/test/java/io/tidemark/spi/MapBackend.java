package io.tidemark.spi;

import io.tidemark.Health;
import io.tidemark.publisher.CasResult;
import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.NsRecord;
import io.tidemark.publisher.PublishResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A minimal correct {@link PublisherBackend} for the watch tests of this module: a map, the {@link NsRecord} rules,
 * and a change signal that fires after every applied change, or ({@code signal = false}) none, so that only polling
 * finds changes (as for a third-party backend that does not override {@link #changeSignal()}).
 */
final class MapBackend implements PublisherBackend {
    private final Map<LedgerAlias, NsRecord> records = new ConcurrentHashMap<>();
    private final List<Runnable> wakes = new CopyOnWriteArrayList<>();
    private final boolean signal;
    private final Duration poll;

    MapBackend(boolean signal, Duration poll) {
        this.signal = signal;
        this.poll = poll;
    }

    /** Signals every change; polls every minute. */
    MapBackend() {
        this(true, Duration.ofMinutes(1));
    }

    private <T> T update(
            LedgerAlias alias, Function<Optional<NsRecord>, T> rule, Function<T, Optional<NsRecord>> write) {
        Object[] result = new Object[1];
        records.compute(alias, (k, stored) -> {
            @SuppressWarnings("unchecked")
            T r = (T) (result[0] = rule.apply(Optional.ofNullable(stored)));
            return write.apply(r).orElse(stored);
        });
        @SuppressWarnings("unchecked")
        T r = (T) result[0];
        if (write.apply(r).isPresent()) {
            wakes.forEach(Runnable::run);
        }
        return r;
    }

    private static Optional<NsRecord> applied(PublishResult r) {
        return r.applied() ? Optional.of(r.current()) : Optional.empty();
    }

    private static Optional<NsRecord> applied(CasResult r) {
        return r instanceof CasResult.Applied a ? Optional.of(a.record()) : Optional.empty();
    }

    @Override
    public PublishResult publishCommit(LedgerAlias alias, String address, long t, long now) {
        return update(alias, s -> NsRecord.decideCommit(s, alias, address, t, now), MapBackend::applied);
    }

    @Override
    public PublishResult publishIndex(LedgerAlias alias, String address, long t, long now) {
        return update(alias, s -> NsRecord.decideIndex(s, alias, address, t, now), MapBackend::applied);
    }

    @Override
    public Optional<NsRecord> retract(LedgerAlias alias, long now) {
        return update(alias, s -> s.map(r -> r.retracted(now)), r -> r);
    }

    @Override
    public CasResult pushStatus(LedgerAlias alias, long expectedV, String state, Map<String, Object> meta, long now) {
        return update(alias, s -> NsRecord.decideStatus(s, expectedV, state, meta, now), MapBackend::applied);
    }

    @Override
    public CasResult pushConfig(
            LedgerAlias alias,
            long expectedV,
            Map<String, Object> meta,
            Optional<String> defaultContextAddress,
            long now) {
        return update(
                alias, s -> NsRecord.decideConfig(s, expectedV, meta, defaultContextAddress, now), MapBackend::applied);
    }

    @Override
    public boolean delete(LedgerAlias alias) {
        boolean removed = records.remove(alias) != null;
        if (removed) {
            wakes.forEach(Runnable::run);
        }
        return removed;
    }

    @Override
    public Optional<NsRecord> lookup(LedgerAlias alias) {
        return Optional.ofNullable(records.get(alias));
    }

    @Override
    public Stream<NsRecord> allRecords() {
        return List.copyOf(records.values()).stream();
    }

    @Override
    public ChangeSignal changeSignal() {
        if (!signal) {
            return ChangeSignal.polling(poll);
        }
        return new ChangeSignal() {
            @Override
            public Duration pollInterval() {
                return poll;
            }

            @Override
            public Stop start(Runnable wake) {
                wakes.add(wake);
                return () -> wakes.remove(wake);
            }
        };
    }

    /** How many change signals are started and not stopped: 0 once no watch thread runs. */
    int signalsStarted() {
        return wakes.size();
    }

    @Override
    public Health check() {
        return new Health.Reachable("a map");
    }

    @Override
    public void close() {}

    @Override
    public String toString() {
        return "map backend";
    }
}
