package io.tidemark.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.Publisher;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Export of every backend imported into every backend: the same marks and records (except {@code updated_at}, each
 * store's own time), and a second import finds everything already present.
 */
class RoundTripTest {
    @TempDir
    Path dir;

    static List<Arguments> pairs() {
        List<Arguments> out = new ArrayList<>();
        for (Backends from : Backends.values()) {
            for (Backends to : Backends.values()) {
                out.add(Arguments.of(from, to));
            }
        }
        return out;
    }

    /** Marks of several kinds and chains, records with every field set somewhere, one retracted, one index-only. */
    static void fill(WatermarkStore s, Publisher p) {
        for (int i = 0; i < 25; i++) {
            s.advance(
                    new WatermarkKey(i % 2 == 0 ? "NetXdQprcVkpaWU" : "NetXnHfVqm9iesp", "tz1k" + i, kind(i)),
                    new Watermark(1000L + i, i % 4, i == 7 ? Watermark.NO_DIGEST : "vh" + i));
        }
        LedgerAlias a = LedgerAlias.parse("mydb:main");
        p.publishCommit(a, "fluree:commit:9", 9);
        p.publishIndex(a, "fluree:index:7", 7);
        p.pushStatus(a, 1, "indexing", Map.of("queue", 4, "nested", Map.of("x", List.of(1.5, "y", true))));
        p.pushStatus(a, 2, "ready", Map.of("done", true));
        p.pushConfig(
                a,
                0,
                Map.of("threshold", 100, "big", new java.math.BigInteger("123456789012345678901234567890")),
                Optional.of("ctx:1"));
        p.publishIndex(LedgerAlias.parse("indexonly:dev"), "i1", 1);
        p.publishCommit(LedgerAlias.parse("tenant/gone"), "c1", 1);
        p.retract(LedgerAlias.parse("tenant/gone"));
    }

    private static String kind(int i) {
        return List.of("block", "preattestation", "attestation", "attestation_with_dal")
                .get(i % 4);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("pairs")
    void exportOfEveryBackendImportsIntoEveryBackend(Backends from, Backends to) throws Exception {
        try (WatermarkStore srcMarks = from.marks();
                Publisher srcRecords = from.records();
                WatermarkStore dstMarks = to.marks();
                Publisher dstRecords = to.records()) {
            fill(srcMarks, srcRecords);
            StringWriter doc = new StringWriter();
            Interchange.Exported exported =
                    Interchange.export(Optional.of(srcMarks), Optional.of(srcRecords), doc, from.name(), Instant.now());
            assertThat(exported).isEqualTo(new Interchange.Exported(25, 3));
            Path file = Files.writeString(dir.resolve("export.json"), doc.toString());
            List<Migration.Progress> seen = new ArrayList<>();
            Import.Summary first = Import.run(
                    file,
                    Import.Options.of(Import.Format.INTERCHANGE),
                    Optional.of(dstMarks),
                    Optional.of(dstRecords),
                    seen::add);
            assertThat(first.marks()).isEqualTo(new Import.Counts(25, 0, 0, 0));
            assertThat(first.records()).isEqualTo(new Import.Counts(3, 0, 0, 0));
            assertThat(seen).hasSize(28);
            assertThat(seen.get(27).done()).isEqualTo(3);
            assertThat(seen.get(27).total()).isEqualTo(3);
            assertThat(Backends.contents(dstMarks)).isEqualTo(Backends.contents(srcMarks));
            assertThat(Backends.contents(dstRecords)).isEqualTo(Backends.contents(srcRecords));

            Import.Summary second = Import.run(
                    file,
                    Import.Options.of(Import.Format.INTERCHANGE),
                    Optional.of(dstMarks),
                    Optional.of(dstRecords),
                    p -> {});
            assertThat(second.marks()).isEqualTo(new Import.Counts(0, 25, 0, 0));
            assertThat(second.records()).isEqualTo(new Import.Counts(0, 3, 0, 0));
            assertThat(Backends.contents(dstMarks)).isEqualTo(Backends.contents(srcMarks));
        }
    }
}
