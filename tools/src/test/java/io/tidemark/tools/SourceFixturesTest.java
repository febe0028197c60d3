package io.tidemark.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.backend.memory.MemoryPublisher;
import io.tidemark.backend.memory.MemoryWatermarkStore;
import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.NsRecord;
import io.tidemark.publisher.Publisher;
import io.tidemark.watermark.StoredWatermark;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The fixtures of each source format (written as the source systems' code writes them; see
 * {@code fixtures/README.md}) import with the expected marks and records.
 */
class SourceFixturesTest {
    static final String MAIN = "NetXdQprcVkpaWU";
    static final String GHOST = "NetXnHfVqm9iesp";
    static final String TZ1 = "tz1VSUr8wwNhLAzempoch5d6hLRiTh8Cjcjb";
    static final String TZ2 = "tz2BFTyPeYRzxd5aiBchbXN3WCZhx7BqbMBq";
    static final String TZ3 = "tz3RDC3Jdn4j15J7bBHZd29EUee9gVB1CxD9";

    static Path fixture(String name) throws Exception {
        return Path.of(SourceFixturesTest.class.getResource("/fixtures/" + name).toURI());
    }

    private static StoredWatermark mark(String chain, String pkh, String kind, long level, int round, String d) {
        return new StoredWatermark(new WatermarkKey(chain, pkh, kind), new Watermark(level, round, d));
    }

    private static Import.Summary importInto(
            Path from, Import.Options options, WatermarkStore marks, Publisher records) {
        return Import.run(from, options, Optional.ofNullable(marks), Optional.ofNullable(records), p -> {});
    }

    @Test
    void signerV2MapsLegacyKindsAndTheNullHashAndKeepsTheHigherOfTwoMarksOfOneKey() throws Exception {
        try (WatermarkStore s = MemoryWatermarkStore.open()) {
            Import.Summary r = importInto(fixture("signer-v2"), Import.Options.of(Import.Format.SIGNER_FILES), s, null);
            // The migrated "endorsement" mark (level 4000000) becomes "attestation", lower than the current one.
            assertThat(r.marks()).isEqualTo(new Import.Counts(5, 0, 1, 0));
            assertThat(Backends.contents(s))
                    .containsExactlyInAnyOrder(
                            mark(
                                    MAIN,
                                    TZ1,
                                    "attestation",
                                    5123456,
                                    0,
                                    "vh26y88MAwaPShs88TNGaz2KmFGKmAWPkfo2taZF1sSAvGUWhTxm"),
                            mark(
                                    MAIN,
                                    TZ1,
                                    "block",
                                    5123457,
                                    1,
                                    "vh27DQFhg21znEyCF2aPHJb2ATL2ZPMak1vqFgDzWviqgm6Bxp25"),
                            mark(
                                    MAIN,
                                    TZ1,
                                    "preattestation",
                                    5123456,
                                    0,
                                    "vh33KoMp9hSVwEJTFRDhPrUJoqcCCupHGHQgSLduDBAm9LE5J8Cw"),
                            mark(
                                    MAIN,
                                    TZ3,
                                    "block",
                                    5123400,
                                    0,
                                    "vh2xPeNu7pgQAnRV6aXnzyahaeZLfQt96fqKscKFW1L8ay1kWCsa"),
                            mark(GHOST, TZ1, "preattestation", 120, 3, Watermark.NO_DIGEST));
            // The slot of a mark without hash is refused to a real request; the next round advances.
            WatermarkKey ghost = new WatermarkKey(GHOST, TZ1, "preattestation");
            assertThat(s.advance(ghost, new Watermark(120, 3, "vh35s6tQL474wGWf2Ldna5ByAf7czfsSSB7U7rgzzzPfM743HiuW")))
                    .isInstanceOf(io.tidemark.watermark.AdvanceResult.Refused.class);
            assertThat(s.advance(ghost, new Watermark(120, 4, "vh35s6tQL474wGWf2Ldna5ByAf7czfsSSB7U7rgzzzPfM743HiuW")))
                    .isInstanceOf(io.tidemark.watermark.AdvanceResult.Advanced.class);
        }
    }

    @Test
    void signerKindNamesCanBeKept() throws Exception {
        try (WatermarkStore s = MemoryWatermarkStore.open()) {
            Import.Summary r = importInto(
                    fixture("signer-v2"),
                    Import.Options.of(Import.Format.SIGNER_FILES).withKeepKindNames(true),
                    s,
                    null);
            assertThat(r.marks()).isEqualTo(new Import.Counts(6, 0, 0, 0));
            assertThat(Backends.contents(s))
                    .contains(
                            mark(MAIN, TZ1, "endorsement", 4000000, 2, Watermark.NO_DIGEST),
                            mark(GHOST, TZ1, "preendorsement", 120, 3, Watermark.NO_DIGEST));
        }
    }

    @Test
    void signerV1KindsComeFromOrderAsTheSignersMigrationMapsThem() throws Exception {
        try (WatermarkStore s = MemoryWatermarkStore.open()) {
            importInto(fixture("signer-v1"), Import.Options.of(Import.Format.SIGNER_FILES), s, null);
            assertThat(Backends.contents(s))
                    .containsExactlyInAnyOrder(
                            mark(
                                    MAIN,
                                    TZ1,
                                    "attestation",
                                    3000000,
                                    2,
                                    "vh2zvKsvQFrZ3FXD8GfD1Yj3nA3uby7U2PPP5j4eUiaCPoxTeRfE"),
                            mark(MAIN, TZ2, "block", 2999999, 0, Watermark.NO_DIGEST),
                            mark(
                                    MAIN,
                                    TZ3,
                                    "preattestation",
                                    3000001,
                                    0,
                                    "vh3Nj83kNhGyjWrESAASDhamguwMHw5UvY17EoxG2C6NQGNP7XBm"));
        }
    }

    @Test
    void signerV0IsKindThenKeyHash() throws Exception {
        try (WatermarkStore s = MemoryWatermarkStore.open()) {
            importInto(fixture("signer-v0"), Import.Options.of(Import.Format.SIGNER_FILES), s, null);
            assertThat(Backends.contents(s))
                    .containsExactlyInAnyOrder(
                            mark(MAIN, TZ1, "block", 1500000, 0, Watermark.NO_DIGEST),
                            mark(
                                    MAIN,
                                    TZ1,
                                    "attestation",
                                    1499999,
                                    0,
                                    "vh35s6tQL474wGWf2Ldna5ByAf7czfsSSB7U7rgzzzPfM743HiuW"));
        }
    }

    @Test
    void aLayoutDirectoryCanBeNamedDirectlyAndTheNewestLayoutWinsOtherwise() throws Exception {
        assertThat(new SignerFiles(fixture("signer-v2"), false, 1 << 20).layout())
                .isEqualTo(SignerFiles.Layout.V2);
        try (WatermarkStore s = MemoryWatermarkStore.open()) {
            importInto(fixture("signer-v2/watermark_v1"), Import.Options.of(Import.Format.SIGNER_FILES), s, null);
            assertThat(Backends.contents(s)).containsExactly(mark(MAIN, TZ1, "block", 1, 0, Watermark.NO_DIGEST));
        }
        assertThatThrownBy(() -> new SignerFiles(fixture("ns-old"), false, 1 << 20))
                .isInstanceOf(InvalidDocumentException.class)
                .hasMessageContaining("watermark_v2/");
    }

    private static NsRecord rec(
            String alias,
            String commit,
            long commitT,
            String index,
            long indexT,
            String ctx,
            String status,
            long statusV,
            Map<String, Object> statusMeta,
            long configV,
            Map<String, Object> configMeta) {
        return new NsRecord(
                LedgerAlias.parse(alias),
                Optional.ofNullable(commit),
                commit == null ? OptionalLong.empty() : OptionalLong.of(commitT),
                Optional.ofNullable(index),
                index == null ? OptionalLong.empty() : OptionalLong.of(indexT),
                Optional.ofNullable(ctx),
                status,
                0,
                statusV,
                statusMeta,
                configV,
                configMeta);
    }

    @Test
    void olderNsDialectWithTheIndexFileMergedWhenItsTIsHigher() throws Exception {
        Set<NsRecord> expected = Set.of(
                rec(
                        "mydb:main",
                        "fluree:file://mydb/main/commit/8a1f.json",
                        12,
                        "fluree:file://mydb/main/index/root_0c2e.json",
                        10,
                        null,
                        "ready",
                        1,
                        Map.of(),
                        0,
                        Map.of()),
                rec(
                        "tenant1/customers:main",
                        "fluree:file://tenant1/customers/main/commit/77b0.json",
                        3,
                        null,
                        0,
                        null,
                        "ready",
                        1,
                        Map.of(),
                        0,
                        Map.of()),
                rec(
                        "books:dev",
                        "fluree:file://books/dev/commit/5d2c.json",
                        20,
                        "fluree:file://books/dev/index/root_b.json",
                        15,
                        "fluree:file://books/dev/context/ctx1.json",
                        "ready",
                        2,
                        Map.of("phase", "indexing", "queue", 3L),
                        1,
                        Map.of("reindex_min_bytes", 100000L)));
        List<NsRecord> read = new ArrayList<>();
        new NsFiles(fixture("ns-old"), 1 << 20).read(sinkOf(null, read));
        assertThat(read).containsExactlyInAnyOrderElementsOf(expected);
        try (Publisher p = MemoryPublisher.open()) {
            Import.Summary r = importInto(fixture("ns-old"), Import.Options.of(Import.Format.NS_FILES), null, p);
            assertThat(r.records()).isEqualTo(new Import.Counts(3, 0, 0, 0));
            assertThat(Backends.contents(p)).isEqualTo(expected);
            Import.Summary again = importInto(fixture("ns-old"), Import.Options.of(Import.Format.NS_FILES), null, p);
            assertThat(again.records()).isEqualTo(new Import.Counts(0, 3, 0, 0));
        }
    }

    @Test
    void newerNsDialectKeepsTheMainIndexOverALowerIndexFileAndTakesAnEqualOne() throws Exception {
        NsRecord inventory = rec(
                "inventory:main",
                "bafybeigdyrzt5sfp7udm7hu76uh7y26nf3efuylqabf3oclgtqy55fbzdi",
                42,
                "bafybeihkoviema7g3gxyt6la7vd5ho32ictqbilu3wnlo3rs7ewhnp7lly",
                40,
                "bafkreihdwdcefgh4dqkjv67uzcmw7ojee6xedzdetojuzjevtenxquvyku",
                "retracted",
                3,
                Map.of("reason", "moved"),
                2,
                Map.of("max_novelty", 1000000L, "ratio", new java.math.BigDecimal("0.25")));
        NsRecord dev = rec(
                "inventory:dev",
                "bafybeibranchdevcommit000000000000000000000000000000000000",
                7,
                "bafybeibranchdevindex0000000000000000000000000000000000000",
                7,
                null,
                "ready",
                1,
                Map.of(),
                0,
                Map.of());
        try (Publisher p = MemoryPublisher.open()) {
            List<Migration.Progress> failures = new ArrayList<>();
            Import.Summary r = Import.run(
                    fixture("ns-new"),
                    Import.Options.of(Import.Format.NS_FILES),
                    Optional.empty(),
                    Optional.of(p),
                    x -> x.failure().ifPresent(e -> failures.add(x)));
            // fresh:main was only initialised (t 0, no commit): no head to create it with.
            assertThat(r.records()).isEqualTo(new Import.Counts(2, 0, 0, 1));
            assertThat(failures).singleElement().satisfies(f -> assertThat(((NsRecord) f.item()).alias())
                    .isEqualTo(LedgerAlias.parse("fresh:main")));
            assertThat(Backends.contents(p)).containsExactlyInAnyOrder(inventory, dev);
        }
    }

    @Test
    void aDryRunReportsWhatItWouldApplyAndWritesNothing() throws Exception {
        try (WatermarkStore s = MemoryWatermarkStore.open();
                Publisher p = MemoryPublisher.open()) {
            List<Migration.Progress> seen = new ArrayList<>();
            Import.Summary r = Import.run(
                    fixture("ns-old"),
                    Import.Options.of(Import.Format.NS_FILES).withDryRun(true),
                    Optional.of(s),
                    Optional.of(p),
                    seen::add);
            assertThat(r.dryRun()).isTrue();
            assertThat(r.records()).isEqualTo(new Import.Counts(3, 0, 0, 0));
            assertThat(seen).extracting(Migration.Progress::outcome).containsOnly(Migration.Outcome.COPIED);
            assertThat(Backends.contents(p)).isEmpty();
            Import.Summary dry = Import.run(
                    fixture("signer-v1"),
                    Import.Options.of(Import.Format.SIGNER_FILES).withDryRun(true),
                    Optional.of(s),
                    Optional.empty(),
                    x -> {});
            assertThat(dry.marks()).isEqualTo(new Import.Counts(3, 0, 0, 0));
            assertThat(Backends.contents(s)).isEmpty();
        }
    }

    @Test
    void itemsWithoutATargetAreRefusedBeforeAnythingIsWritten() throws Exception {
        try (Publisher p = MemoryPublisher.open()) {
            assertThatThrownBy(() -> Import.run(
                            fixture("interchange/valid.json"),
                            Import.Options.of(Import.Format.INTERCHANGE),
                            Optional.empty(),
                            Optional.of(p),
                            x -> {}))
                    .isInstanceOf(io.tidemark.InvalidConfigException.class)
                    .hasMessageContaining("2 marks");
            assertThat(Backends.contents(p)).isEmpty();
        }
    }

    static Sink sinkOf(List<StoredWatermark> marks, List<NsRecord> records) {
        return new Sink() {
            @Override
            public void mark(StoredWatermark mark) {
                marks.add(mark);
            }

            @Override
            public void record(NsRecord record) {
                records.add(record);
            }
        };
    }
}
