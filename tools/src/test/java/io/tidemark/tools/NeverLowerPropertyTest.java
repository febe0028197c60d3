package io.tidemark.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.backend.memory.MemoryWatermarkStore;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever is stored and whatever comes in, an import never lowers a mark: the stored mark ends as the higher of the
 * two, and the summary says which rule applied. A dry run reports the same and writes nothing.
 */
class NeverLowerPropertyTest {
    private static final WatermarkKey KEY = new WatermarkKey("NetX", "tz1prop", "block");

    @Provide
    Arbitrary<Watermark> marks() {
        return Combinators.combine(
                        Arbitraries.longs().between(0, 4),
                        Arbitraries.integers().between(0, 3),
                        Arbitraries.of("vhA", "vhB", Watermark.NO_DIGEST))
                .as(Watermark::new);
    }

    @Property(tries = 400)
    void aLowerIncomingMarkNeverLowersTheStoredOne(
            @ForAll("marks") Watermark incoming, @ForAll("marks") Watermark storedMark, @ForAll boolean hasStored) {
        Optional<Watermark> stored = hasStored ? Optional.of(storedMark) : Optional.empty();
        String doc;
        try (WatermarkStore src = MemoryWatermarkStore.open()) {
            src.advance(KEY, incoming);
            doc = Docs.export(src, null);
        }
        Import.Counts expected;
        if (stored.isEmpty() || incoming.isHigherThan(stored.get())) {
            expected = new Import.Counts(1, 0, 0, 0);
        } else if (incoming.equals(stored.get())) {
            expected = new Import.Counts(0, 1, 0, 0);
        } else if (incoming.sameSlot(stored.get())) {
            expected = new Import.Counts(0, 0, 0, 1);
        } else {
            expected = new Import.Counts(0, 0, 1, 0);
        }
        Watermark higher = stored.isEmpty() || incoming.isHigherThan(stored.get()) ? incoming : stored.get();
        for (boolean dryRun : new boolean[] {true, false}) {
            try (WatermarkStore target = MemoryWatermarkStore.open()) {
                stored.ifPresent(m -> target.advance(KEY, m));
                Import.Summary s = Docs.importInto(Docs.source(doc), dryRun, target, null);
                assertThat(s.marks()).isEqualTo(expected);
                Optional<Watermark> now = target.get(KEY);
                assertThat(now).isEqualTo(dryRun ? stored : Optional.of(higher));
                stored.ifPresent(m -> assertThat(m.isHigherThan(now.orElseThrow()))
                        .as("lowered")
                        .isFalse());
            }
        }
    }
}
