package io.tidemark.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.backend.memory.MemoryWatermarkStore;
import io.tidemark.publisher.NsRecord;
import io.tidemark.watermark.StoredWatermark;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.util.List;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * An import that dies half-way (after any number of applied items) and is run again ends exactly where one
 * uninterrupted import ends, never lower than the target was, and a third run applies nothing.
 */
class AdvXferInterruptPropertyTest {
    @Provide
    Arbitrary<List<StoredWatermark>> marks() {
        Arbitrary<StoredWatermark> one = Combinators.combine(
                        Arbitraries.of("k1", "k2", "k3"),
                        Arbitraries.longs().between(0, 3),
                        Arbitraries.integers().between(0, 2),
                        Arbitraries.of("vhA", "vhB", Watermark.NO_DIGEST))
                .as((k, l, r, d) -> new StoredWatermark(new WatermarkKey("NetX", k, "block"), new Watermark(l, r, d)));
        return one.list().ofMaxSize(12);
    }

    /** The interchange document holding exactly {@code marks}, in order (duplicates of one key included). */
    private static String document(List<StoredWatermark> marks) {
        StringBuilder b = new StringBuilder("{\"metadata\": {\"interchange_format_version\": 1, "
                + "\"exported_at\": \"2026-01-01T00:00:00Z\", \"source\": \"t\"}, \"watermarks\": [");
        for (int i = 0; i < marks.size(); i++) {
            StoredWatermark w = marks.get(i);
            b.append(i == 0 ? "" : ", ")
                    .append("{\"chain_id\": \"NetX\", \"pkh\": \"")
                    .append(w.key().publicKeyHash())
                    .append("\", \"kind\": \"block\", \"level\": ")
                    .append(w.mark().level())
                    .append(", \"round\": ")
                    .append(w.mark().round())
                    .append(", \"digest\": \"")
                    .append(w.mark().digest())
                    .append("\"}");
        }
        return b.append("], \"records\": []}").toString();
    }

    private static WatermarkStore target(List<StoredWatermark> initial) {
        WatermarkStore s = MemoryWatermarkStore.open();
        initial.forEach(w -> s.advance(w.key(), w.mark()));
        return s;
    }

    /** {@code doc}, dying on the apply pass (the second read) after {@code after} items. */
    private static Source dying(Source doc, int after) {
        return new Source() {
            int reads;

            @Override
            public void read(Sink sink) {
                int pass = ++reads;
                int[] seen = {0};
                doc.read(new Sink() {
                    @Override
                    public void mark(StoredWatermark mark) {
                        if (pass == 2 && seen[0]++ == after) {
                            throw new IllegalStateException("crash");
                        }
                        sink.mark(mark);
                    }

                    @Override
                    public void record(NsRecord record) {
                        sink.record(record);
                    }
                });
            }

            @Override
            public String describe() {
                return doc.describe();
            }
        };
    }

    @Property(tries = 300)
    void aRerunAfterACrashEndsWhereOneRunEnds(
            @ForAll("marks") List<StoredWatermark> incoming,
            @ForAll("marks") List<StoredWatermark> initial,
            @ForAll @IntRange(min = 0, max = 12) int after) {
        String doc = document(incoming);
        Set<StoredWatermark> once;
        try (WatermarkStore t = target(initial)) {
            Docs.importInto(Docs.source(doc), false, t, null);
            once = Backends.contents(t);
        }
        try (WatermarkStore t = target(initial)) {
            Set<StoredWatermark> before = Backends.contents(t);
            if (after < incoming.size()) {
                assertThatThrownBy(() -> Docs.importInto(dying(Docs.source(doc), after), false, t, null))
                        .hasMessage("crash");
            }
            Import.Summary again = Docs.importInto(Docs.source(doc), false, t, null);
            assertThat(again.marks().total()).isEqualTo(incoming.size());
            assertThat(Backends.contents(t)).isEqualTo(once);
            for (StoredWatermark b : before) {
                Watermark now = t.get(b.key()).orElseThrow();
                assertThat(b.mark().isHigherThan(now)).isFalse();
            }
            Import.Summary third = Docs.importInto(Docs.source(doc), false, t, null);
            assertThat(third.marks().applied()).isZero();
            assertThat(Backends.contents(t)).isEqualTo(once);
        }
    }
}
