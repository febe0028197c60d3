package io.tidemark.tck;

import io.tidemark.Health;
import io.tidemark.publisher.CasResult;
import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.NsRecord;
import io.tidemark.publisher.PublishResult;
import io.tidemark.spi.PublisherBackend;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/** A publisher in a {@link ToyDir}: durable and shared by processes; per-handle locks with the flaw. */
final class ToyDirPublisher implements PublisherBackend {
    private final ToyDir dir;

    ToyDirPublisher(ToyDir dir) {
        this.dir = dir;
    }

    /** Reads the record, decides with {@code rule}, writes the record the outcome says is stored, under the lock. */
    private <T> T update(
            LedgerAlias alias, Function<Optional<NsRecord>, T> rule, Function<T, Optional<NsRecord>> written) {
        return dir.locked(() -> {
            T r = rule.apply(read(alias));
            written.apply(r).ifPresent(this::write);
            return r;
        });
    }

    private Optional<NsRecord> read(LedgerAlias alias) {
        return dir.read(alias.toString()).map(ToyJson::record);
    }

    private void write(NsRecord r) {
        dir.write(r.alias().toString(), ToyJson.write(r));
    }

    /** Writes {@code record} as it is (for P28's version checks). */
    void plant(NsRecord record) {
        dir.locked(() -> {
            write(record);
            return null;
        });
    }

    @Override
    public PublishResult publishCommit(LedgerAlias alias, String address, long t, long now) {
        return update(
                alias,
                s -> NsRecord.decideCommit(s, alias, address, t, now),
                r -> r.applied() ? Optional.of(r.current()) : Optional.empty());
    }

    @Override
    public PublishResult publishIndex(LedgerAlias alias, String address, long t, long now) {
        return update(
                alias,
                s -> NsRecord.decideIndex(s, alias, address, t, now),
                r -> r.applied() ? Optional.of(r.current()) : Optional.empty());
    }

    @Override
    public Optional<NsRecord> retract(LedgerAlias alias, long now) {
        return update(alias, s -> s.map(r -> r.retracted(now)), r -> r);
    }

    @Override
    public CasResult pushStatus(LedgerAlias alias, long expectedV, String state, Map<String, Object> meta, long now) {
        return update(alias, s -> NsRecord.decideStatus(s, expectedV, state, meta, now), ToyDirPublisher::written);
    }

    @Override
    public CasResult pushConfig(
            LedgerAlias alias, long expectedV, Map<String, Object> meta, Optional<String> ctx, long now) {
        return update(alias, s -> NsRecord.decideConfig(s, expectedV, meta, ctx, now), ToyDirPublisher::written);
    }

    private static Optional<NsRecord> written(CasResult r) {
        return r instanceof CasResult.Applied a ? Optional.of(a.record()) : Optional.empty();
    }

    @Override
    public boolean delete(LedgerAlias alias) {
        return dir.locked(() -> dir.delete(alias.toString()));
    }

    @Override
    public Optional<NsRecord> lookup(LedgerAlias alias) {
        return dir.locked(() -> read(alias));
    }

    @Override
    public Stream<NsRecord> allRecords() {
        return dir.locked(() -> dir.all().stream().map(ToyJson::record).toList()).stream();
    }

    @Override
    public Health check() {
        return new Health.Reachable(toString());
    }

    @Override
    public void close() {
        dir.close();
    }

    @Override
    public String toString() {
        return "toy directory publisher " + dir;
    }
}
