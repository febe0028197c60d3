package io.tidemark.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.backend.memory.MemoryPublisher;
import io.tidemark.backend.memory.MemoryWatermarkStore;
import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.NsRecord;
import io.tidemark.publisher.Publisher;
import io.tidemark.tools.Migration.Result;
import io.tidemark.watermark.StoredWatermark;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Over arbitrary source and target states: a dry run predicts the real run's counts exactly, and the real run leaves
 * each key or alias at the higher of source and target (a slot signed with two digests keeps the target's).
 */
class MigrationPropertiesTest {

    /** A head: t and address, or absent when t is negative. */
    record Head(long t, String address) {
        Optional<String> addressIfAny() {
            return t < 0 ? Optional.empty() : Optional.of(address);
        }

        OptionalLong tIfAny() {
            return t < 0 ? OptionalLong.empty() : OptionalLong.of(t);
        }
    }

    /** One alias's state: heads, versions. */
    record State(int alias, Head commit, Head index, long statusV, long configV) {
        LedgerAlias ledger() {
            return LedgerAlias.parse("l" + alias);
        }

        boolean headless() {
            return commit.t < 0 && index.t < 0;
        }
    }

    @Provide
    Arbitrary<List<StoredWatermark>> marks() {
        Arbitrary<WatermarkKey> keys =
                Arbitraries.integers().between(0, 5).map(i -> new WatermarkKey("NetX", "tz1p" + i, "block"));
        Arbitrary<Watermark> mark = Combinators.combine(
                        Arbitraries.longs().between(0, 4),
                        Arbitraries.integers().between(0, 2),
                        Arbitraries.of("a", "b"))
                .as(Watermark::new);
        return Combinators.combine(keys, mark)
                .as(StoredWatermark::new)
                .list()
                .ofMaxSize(8)
                .map(l -> List.copyOf(l.stream()
                        .collect(Collectors.toMap(StoredWatermark::key, Function.identity(), (x, y) -> x))
                        .values()));
    }

    @Provide
    Arbitrary<List<State>> states() {
        Arbitrary<Head> head = Combinators.combine(Arbitraries.longs().between(-1, 3), Arbitraries.of("x", "y"))
                .as(Head::new);
        return Combinators.combine(
                        Arbitraries.integers().between(0, 4),
                        head,
                        head,
                        Arbitraries.longs().between(1, 3),
                        Arbitraries.longs().between(0, 2))
                .as(State::new)
                .list()
                .ofMaxSize(6)
                .map(l -> List.copyOf(l.stream()
                        .collect(Collectors.toMap(State::alias, Function.identity(), (x, y) -> x))
                        .values()));
    }

    private static WatermarkStore store(List<StoredWatermark> marks) {
        WatermarkStore s = MemoryWatermarkStore.open();
        marks.forEach(w -> s.advance(w.key(), w.mark()));
        return s;
    }

    @Property(tries = 300)
    void marksEndAtTheHigherOfSourceAndTarget(
            @ForAll("marks") List<StoredWatermark> source, @ForAll("marks") List<StoredWatermark> target) {
        try (WatermarkStore planned = store(target);
                WatermarkStore migrated = store(target)) {
            Result dry = Migration.of(true, p -> {}).marks(source, planned);
            Result real = Migration.of(false, p -> {}).marks(source, migrated);
            assertThat(dry)
                    .isEqualTo(new Result(
                            real.part(), true, real.copied(), real.present(), real.newerAtTarget(), real.failed()));
            assertThat(Migration.snapshot(planned)).containsExactlyInAnyOrderElementsOf(target);
            Map<WatermarkKey, Watermark> before =
                    target.stream().collect(Collectors.toMap(StoredWatermark::key, StoredWatermark::mark));
            for (StoredWatermark s : source) {
                Watermark old = before.get(s.key());
                Watermark expected = old == null || s.mark().isHigherThan(old) ? s.mark() : old;
                assertThat(migrated.get(s.key())).contains(expected);
            }
        }
    }

    private static Publisher publisher(List<State> states) {
        Publisher p = MemoryPublisher.open();
        for (State s : states) {
            if (s.headless()) {
                continue;
            }
            s.commit.addressIfAny().ifPresent(a -> p.publishCommit(s.ledger(), a, s.commit.t));
            s.index.addressIfAny().ifPresent(a -> p.publishIndex(s.ledger(), a, s.index.t));
            for (long v = 1; v < s.statusV; v++) {
                p.pushStatus(s.ledger(), v, "s" + v, Map.of("v", v));
            }
            for (long v = 0; v < s.configV; v++) {
                p.pushConfig(s.ledger(), v, Map.of("v", v), Optional.of("ctx" + v));
            }
        }
        return p;
    }

    private static NsRecord record(State s) {
        return new NsRecord(
                s.ledger(),
                s.commit.addressIfAny(),
                s.commit.tIfAny(),
                s.index.addressIfAny(),
                s.index.tIfAny(),
                Optional.empty(),
                "src",
                0,
                s.statusV,
                Map.of(),
                s.configV,
                Map.of());
    }

    @Property(tries = 300)
    void recordsEndAtTheHigherOfSourceAndTarget(
            @ForAll("states") List<State> source, @ForAll("states") List<State> target) {
        List<NsRecord> records =
                source.stream().map(MigrationPropertiesTest::record).toList();
        try (Publisher planned = publisher(target);
                Publisher migrated = publisher(target)) {
            List<NsRecord> before = Migration.snapshot(planned);
            Result dry = Migration.of(true, p -> {}).records(records, planned);
            Result real = Migration.of(false, p -> {}).records(records, migrated);
            assertThat(dry)
                    .isEqualTo(new Result(
                            real.part(), true, real.copied(), real.present(), real.newerAtTarget(), real.failed()));
            assertThat(Migration.snapshot(planned)).containsExactlyInAnyOrderElementsOf(before);
            Map<LedgerAlias, NsRecord> old = before.stream().collect(Collectors.toMap(NsRecord::alias, r -> r));
            for (NsRecord s : records) {
                NsRecord o = old.get(s.alias());
                Optional<NsRecord> now = migrated.lookup(s.alias());
                if (o == null && s.commitT().isEmpty() && s.indexT().isEmpty()) {
                    assertThat(now).isEmpty();
                    continue;
                }
                NsRecord n = now.orElseThrow();
                assertThat(n.commitT().orElse(-1))
                        .isEqualTo(Math.max(
                                s.commitT().orElse(-1),
                                o == null ? -1 : o.commitT().orElse(-1)));
                assertThat(n.indexT().orElse(-1))
                        .isEqualTo(Math.max(
                                s.indexT().orElse(-1),
                                o == null ? -1 : o.indexT().orElse(-1)));
                assertThat(n.statusV()).isEqualTo(Math.max(s.statusV(), o == null ? 1 : o.statusV()));
                assertThat(n.configV()).isEqualTo(Math.max(s.configV(), o == null ? 0 : o.configV()));
            }
        }
    }
}
