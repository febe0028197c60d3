package io.tidemark.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.backend.memory.MemoryPublisher;
import io.tidemark.backend.memory.MemoryWatermarkStore;
import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.NsRecord;
import io.tidemark.publisher.Publisher;
import io.tidemark.tools.Migration.Outcome;
import io.tidemark.tools.Migration.Part;
import io.tidemark.tools.Migration.Progress;
import io.tidemark.tools.Migration.Result;
import io.tidemark.watermark.StoredWatermark;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Migration between memory stores: what is copied, what is kept, what fails, and what progress says. */
class MigrationTest {
    private static final LedgerAlias MAIN = LedgerAlias.parse("mydb:main");

    private final List<Progress> progress = new ArrayList<>();

    private Migration migration(boolean dryRun) {
        return Migration.of(dryRun, progress::add);
    }

    private static WatermarkKey key(int i) {
        return new WatermarkKey("NetX", "tz1m" + i, i % 2 == 0 ? "block" : "attestation");
    }

    private static WatermarkStore marks(int n) {
        WatermarkStore s = MemoryWatermarkStore.open();
        for (int i = 0; i < n; i++) {
            s.advance(key(i), new Watermark(100 + i, i % 3, "vh" + i));
        }
        return s;
    }

    private static Set<StoredWatermark> all(WatermarkStore s) {
        return Set.copyOf(Migration.snapshot(s));
    }

    /** A source with two heads, replayed status and config versions, an index-only and a retracted record. */
    private static Publisher records() {
        Publisher p = MemoryPublisher.open();
        p.publishCommit(MAIN, "c9", 9);
        p.publishIndex(MAIN, "i7", 7);
        p.pushStatus(MAIN, 1, "indexing", Map.of("queue_depth", 4, "nested", Map.of("x", List.of(1.5, "y"))));
        p.pushStatus(MAIN, 2, "ready", Map.of("done", true));
        p.pushConfig(MAIN, 0, Map.of("index_threshold", 100), Optional.of("ctx:1"));
        p.publishIndex(LedgerAlias.parse("indexonly:dev"), "i1", 1);
        p.publishCommit(LedgerAlias.parse("gone"), "c1", 1);
        p.retract(LedgerAlias.parse("gone"));
        return p;
    }

    /** Records without updated_at, which is the target's own time. */
    private static Set<NsRecord> all(Publisher p) {
        return Migration.snapshot(p).stream()
                .map(r -> new NsRecord(
                        r.alias(),
                        r.commitAddress(),
                        r.commitT(),
                        r.indexAddress(),
                        r.indexT(),
                        r.defaultContextAddress(),
                        r.status(),
                        0,
                        r.statusV(),
                        r.statusMeta(),
                        r.configV(),
                        r.configMeta()))
                .collect(Collectors.toSet());
    }

    @Test
    void copiesEveryMarkAndASecondRunFindsThemPresent() {
        try (WatermarkStore src = marks(30);
                WatermarkStore dst = MemoryWatermarkStore.open()) {
            List<StoredWatermark> source = Migration.snapshot(src);
            assertThat(migration(false).marks(source, dst)).isEqualTo(new Result(Part.MARKS, false, 30, 0, 0, 0));
            assertThat(all(dst)).isEqualTo(all(src));
            assertThat(migration(false).marks(source, dst)).isEqualTo(new Result(Part.MARKS, false, 0, 30, 0, 0));
        }
    }

    @Test
    void copiesEveryRecordAndASecondRunFindsThemPresent() {
        try (Publisher src = records();
                Publisher dst = MemoryPublisher.open()) {
            List<NsRecord> source = Migration.snapshot(src);
            assertThat(migration(false).records(source, dst)).isEqualTo(new Result(Part.RECORDS, false, 3, 0, 0, 0));
            assertThat(all(dst)).isEqualTo(all(src));
            assertThat(migration(false).records(source, dst)).isEqualTo(new Result(Part.RECORDS, false, 0, 3, 0, 0));
        }
    }

    @Test
    void aDryRunCountsWhatItWouldCopyAndWritesNothing() {
        try (WatermarkStore src = marks(5);
                Publisher srcNs = records();
                WatermarkStore dst = MemoryWatermarkStore.open();
                Publisher dstNs = MemoryPublisher.open()) {
            Migration dry = migration(true);
            assertThat(dry.dryRun()).isTrue();
            assertThat(dry.marks(Migration.snapshot(src), dst)).isEqualTo(new Result(Part.MARKS, true, 5, 0, 0, 0));
            assertThat(dry.records(Migration.snapshot(srcNs), dstNs))
                    .isEqualTo(new Result(Part.RECORDS, true, 3, 0, 0, 0));
            assertThat(all(dst)).isEmpty();
            assertThat(all(dstNs)).isEmpty();
        }
    }

    @Test
    void newerMarksAtTheTargetAreNeverLowered() {
        WatermarkKey k = key(0);
        try (WatermarkStore dst = MemoryWatermarkStore.open()) {
            dst.advance(k, new Watermark(9, 0, "new"));
            List<StoredWatermark> source = List.of(new StoredWatermark(k, new Watermark(5, 0, "old")));
            assertThat(migration(true).marks(source, dst)).isEqualTo(new Result(Part.MARKS, true, 0, 0, 1, 0));
            assertThat(migration(false).marks(source, dst)).isEqualTo(new Result(Part.MARKS, false, 0, 0, 1, 0));
            assertThat(dst.get(k)).contains(new Watermark(9, 0, "new"));
        }
    }

    @Test
    void newerHeadsAndVersionsAtTheTargetAreNeverLowered() {
        try (Publisher src = MemoryPublisher.open();
                Publisher dst = MemoryPublisher.open()) {
            src.publishCommit(MAIN, "c1", 1);
            dst.publishCommit(MAIN, "c5", 5);
            dst.pushStatus(MAIN, 1, "busy", Map.of());
            List<NsRecord> source = Migration.snapshot(src);
            assertThat(migration(true).records(source, dst)).isEqualTo(new Result(Part.RECORDS, true, 0, 0, 1, 0));
            assertThat(migration(false).records(source, dst)).isEqualTo(new Result(Part.RECORDS, false, 0, 0, 1, 0));
            NsRecord kept = dst.lookup(MAIN).orElseThrow();
            assertThat(kept.commitT()).hasValue(5);
            assertThat(kept.commitAddress()).contains("c5");
            assertThat(kept.statusV()).isEqualTo(2);
            assertThat(kept.status()).isEqualTo("busy");
        }
    }

    @Test
    void anotherAddressAtTheSameHeadIsNewerAtTheTargetInADryRunAsInARealOne() {
        try (Publisher dst = MemoryPublisher.open()) {
            dst.publishCommit(MAIN, "theirs", 3);
            List<NsRecord> source = List.of(dst.lookup(MAIN).orElseThrow());
            dst.publishCommit(LedgerAlias.parse("other"), "x", 1);
            NsRecord mine = new NsRecord(
                    MAIN,
                    Optional.of("mine"),
                    OptionalLong.of(3),
                    Optional.empty(),
                    OptionalLong.empty(),
                    Optional.empty(),
                    NsRecord.READY,
                    0,
                    1,
                    Map.of(),
                    0,
                    Map.of());
            assertThat(migration(true).records(List.of(mine), dst))
                    .isEqualTo(new Result(Part.RECORDS, true, 0, 0, 1, 0));
            assertThat(migration(false).records(List.of(mine), dst))
                    .isEqualTo(new Result(Part.RECORDS, false, 0, 0, 1, 0));
            assertThat(dst.lookup(MAIN).orElseThrow().commitAddress()).contains("theirs");
            assertThat(migration(true).records(source, dst)).isEqualTo(new Result(Part.RECORDS, true, 0, 1, 0, 0));
        }
    }

    @Test
    void aSlotTheTargetSignedWithAnotherDigestFailsAndTheRestIsCopied() {
        try (WatermarkStore dst = MemoryWatermarkStore.open()) {
            dst.advance(key(0), new Watermark(5, 0, "target"));
            List<StoredWatermark> source = List.of(
                    new StoredWatermark(key(0), new Watermark(5, 0, "source")),
                    new StoredWatermark(key(1), new Watermark(6, 0, "source")));
            Result r = migration(false).marks(source, dst);
            assertThat(r).isEqualTo(new Result(Part.MARKS, false, 1, 0, 0, 1));
            assertThat(progress).hasSize(2);
            Progress failed = progress.get(0);
            assertThat(failed.outcome()).isEqualTo(Outcome.FAILED);
            assertThat(failed.item()).isEqualTo(source.get(0));
            assertThat(failed.failure())
                    .get()
                    .extracting(Throwable::getMessage)
                    .isEqualTo("the target signed another digest at level 5 round 0 digest target");
            assertThat(progress.get(1).failure()).isEmpty();
            assertThat(dst.get(key(0))).contains(new Watermark(5, 0, "target"));
            assertThat(dst.get(key(1))).contains(new Watermark(6, 0, "source"));
        }
    }

    @Test
    void aRecordWithoutHeadsThatTheTargetLacksFailsInADryRunAsInARealOne() {
        NsRecord headless = new NsRecord(
                MAIN,
                Optional.empty(),
                OptionalLong.empty(),
                Optional.empty(),
                OptionalLong.empty(),
                Optional.empty(),
                NsRecord.READY,
                0,
                1,
                Map.of(),
                0,
                Map.of());
        try (Publisher dst = MemoryPublisher.open()) {
            for (boolean dry : new boolean[] {true, false}) {
                progress.clear();
                assertThat(migration(dry).records(List.of(headless), dst))
                        .isEqualTo(new Result(Part.RECORDS, dry, 0, 0, 0, 1));
                assertThat(progress)
                        .singleElement()
                        .extracting(p -> p.failure().orElseThrow().getMessage())
                        .isEqualTo("has no head to create it with at the target");
            }
            assertThat(dst.lookup(MAIN)).isEmpty();
        }
    }

    @Test
    void aFailingTargetFailsEachItemAndTheMigrationGoesOn() {
        WatermarkStore dst = MemoryWatermarkStore.open();
        dst.close();
        Result r = migration(false)
                .marks(
                        List.of(
                                new StoredWatermark(key(0), new Watermark(1, 0, "a")),
                                new StoredWatermark(key(1), new Watermark(1, 0, "b"))),
                        dst);
        assertThat(r).isEqualTo(new Result(Part.MARKS, false, 0, 0, 0, 2));
        assertThat(progress).allSatisfy(p -> assertThat(p.failure()).get().isInstanceOf(IllegalStateException.class));
    }

    @Test
    void progressCountsEachItemOfItsPartInOrder() {
        try (WatermarkStore src = marks(4);
                WatermarkStore dst = MemoryWatermarkStore.open()) {
            dst.advance(key(2), new Watermark(999, 0, "higher"));
            List<StoredWatermark> source = Migration.snapshot(src);
            Result r = migration(false).marks(source, dst);
            assertThat(progress).extracting(Progress::done).containsExactly(1, 2, 3, 4);
            assertThat(progress).extracting(Progress::total).containsOnly(4);
            assertThat(progress).extracting(Progress::part).containsOnly(Part.MARKS);
            assertThat(progress).extracting(Progress::item).containsExactlyElementsOf(source);
            for (Outcome o : Outcome.values()) {
                assertThat(progress.stream().filter(p -> p.outcome() == o).count())
                        .as(o.name())
                        .isEqualTo(r.count(o));
            }
            assertThat(r.newerAtTarget()).isEqualTo(1);
        }
    }

    @Test
    void anEmptySourceCopiesNothing() {
        try (WatermarkStore dst = MemoryWatermarkStore.open()) {
            assertThat(migration(false).marks(List.of(), dst)).isEqualTo(new Result(Part.MARKS, false, 0, 0, 0, 0));
            assertThat(progress).isEmpty();
        }
    }

    @Test
    void partLabels() {
        assertThat(Part.MARKS.label()).isEqualTo("marks");
        assertThat(Part.RECORDS.label()).isEqualTo("records");
    }
}
