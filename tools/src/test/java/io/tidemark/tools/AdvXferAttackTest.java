package io.tidemark.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.backend.memory.MemoryPublisher;
import io.tidemark.backend.memory.MemoryWatermarkStore;
import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.Publisher;
import io.tidemark.watermark.AdvanceResult;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Adversarial review of issue 13's import: each test is one attack on a promise of the import. */
class AdvXferAttackTest {
    static final String CHAIN = "NetXdQprcVkpaWU";
    static final String PKH = "tz1VSUr8wwNhLAzempoch5d6hLRiTh8Cjcjb";
    static final String H1 = "vh26y88MAwaPShs88TNGaz2KmFGKmAWPkfo2taZF1sSAvGUWhTxm";
    static final String H2 = "vh27DQFhg21znEyCF2aPHJb2ATL2ZPMak1vqFgDzWviqgm6Bxp25";

    @TempDir
    Path tmp;

    private Path signerV2(String json) throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("base").resolve("watermark_v2"));
        Files.writeString(dir.resolve(CHAIN + ".json"), json);
        return tmp.resolve("base");
    }

    private static Import.Summary importSigner(Path base, WatermarkStore s) {
        return Import.run(
                base, Import.Options.of(Import.Format.SIGNER_FILES), Optional.of(s), Optional.empty(), p -> {});
    }

    /**
     * A mark imported without hash must never be signable at its slot: not with a real digest, and not by a client
     * that passes the reserved digest itself (Repeated would mean "may sign"). A second import still finds it present.
     */
    @ParameterizedTest
    @EnumSource(Backends.class)
    void theNoDigestSlotIsNeverSignableNotEvenWithTheReservedDigestItself(Backends backend) throws Exception {
        Path base = signerV2("{\"" + PKH + "\": {\"block\": {\"level\": 50, \"round\": 2, \"hash\": null}}}");
        WatermarkKey key = new WatermarkKey(CHAIN, PKH, "block");
        Watermark none = new Watermark(50, 2, Watermark.NO_DIGEST);
        try (WatermarkStore s = backend.marks()) {
            assertThat(importSigner(base, s).marks()).isEqualTo(new Import.Counts(1, 0, 0, 0));
            AdvanceResult same = s.advance(key, none);
            assertThat(same).isEqualTo(new AdvanceResult.Refused(none));
            assertThat(same.maySign()).isFalse();
            assertThat(s.advance(key, new Watermark(50, 2, H1))).isEqualTo(new AdvanceResult.Refused(none));
            assertThat(s.advance(key, new Watermark(50, 1, H1))).isEqualTo(new AdvanceResult.Refused(none));
            // Idempotent: a re-run (and its dry run) reports the mark already present, not a conflict.
            assertThat(importSigner(base, s).marks()).isEqualTo(new Import.Counts(0, 1, 0, 0));
            assertThat(Import.run(
                                    base,
                                    Import.Options.of(Import.Format.SIGNER_FILES)
                                            .withDryRun(true),
                                    Optional.of(s),
                                    Optional.empty(),
                                    p -> {})
                            .marks())
                    .isEqualTo(new Import.Counts(0, 1, 0, 0));
            assertThat(s.get(key)).contains(none);
            assertThat(s.advance(key, new Watermark(50, 3, H1))).isInstanceOf(AdvanceResult.Advanced.class);
        }
    }

    /** Legacy and current kind of one key in one file, in either order: the higher mark wins, never the lower. */
    @Test
    void legacyAndCurrentKindOfOneKeyKeepTheHigherInEitherOrder() throws Exception {
        String high = "{\"level\": 900, \"round\": 1, \"hash\": \"" + H1 + "\"}";
        String low = "{\"level\": 899, \"round\": 5, \"hash\": \"" + H2 + "\"}";
        for (String json : new String[] {
            "{\"" + PKH + "\": {\"endorsement\": " + high + ", \"attestation\": " + low + "}}",
            "{\"" + PKH + "\": {\"attestation\": " + low + ", \"endorsement\": " + high + "}}",
            "{\"" + PKH + "\": {\"attestation\": " + high + ", \"endorsement\": " + low + "}}",
            "{\"" + PKH + "\": {\"endorsement\": " + low + ", \"attestation\": " + high + "}}",
        }) {
            Path base = signerV2(json);
            try (WatermarkStore s = MemoryWatermarkStore.open()) {
                Import.Summary r = importSigner(base, s);
                assertThat(r.marks().applied() + r.marks().skippedAsLower()).isEqualTo(2);
                assertThat(s.get(new WatermarkKey(CHAIN, PKH, "attestation")))
                        .as(json)
                        .contains(new Watermark(900, 1, H1));
                assertThat(s.get(new WatermarkKey(CHAIN, PKH, "endorsement"))).isEmpty();
            }
        }
    }

    /**
     * v2 and v1 both present: the signer loads v2 only (it migrates v1 only when v2 is missing), so the import reads
     * what the signer enforces; v1 is not read even when it holds a higher mark.
     */
    @Test
    void withV2PresentAHigherV1IsNotReadAsTheSignerDoesNot() throws Exception {
        Path base = signerV2("{\"" + PKH + "\": {\"block\": {\"level\": 10, \"round\": 0, \"hash\": \"" + H1 + "\"}}}");
        Path v1 = Files.createDirectories(base.resolve("watermark_v1"));
        Files.writeString(
                v1.resolve(CHAIN + ".json"),
                "{\"" + PKH + "\": {\"level\": 99, \"round\": 0, \"order\": 0, \"hash\": \"" + H2 + "\"}}");
        try (WatermarkStore s = MemoryWatermarkStore.open()) {
            importSigner(base, s);
            assertThat(s.get(new WatermarkKey(CHAIN, PKH, "block"))).contains(new Watermark(10, 0, H1));
        }
    }

    /**
     * A symbolic link named {@code *.json}, even to a regular file, is skipped: the signer's loader takes only entries
     * whose {@code os.ReadDir} type is regular, so it never enforced such a file (and rewrites the path as a regular
     * file on its next sign). Reading it would import marks of another chain's file under this chain.
     */
    @Test
    void aSymlinkedChainFileIsNotReadAsTheSignerDoesNot() throws Exception {
        Path base = signerV2("{\"" + PKH + "\": {\"block\": {\"level\": 10, \"round\": 0, \"hash\": \"" + H1 + "\"}}}");
        Path dir = base.resolve("watermark_v2");
        Files.createSymbolicLink(dir.resolve("NetXnHfVqm9iesp.json"), dir.resolve(CHAIN + ".json"));
        try (WatermarkStore s = MemoryWatermarkStore.open()) {
            assertThat(importSigner(base, s).marks()).isEqualTo(new Import.Counts(1, 0, 0, 0));
            assertThat(s.get(new WatermarkKey("NetXnHfVqm9iesp", PKH, "block"))).isEmpty();
        }
    }

    /** A FIFO, a directory and a dangling symlink named {@code *.json} are skipped, not read (no hang). */
    @Test
    void fifosDirectoriesAndDanglingLinksAreSkipped() throws Exception {
        Path base = signerV2("{\"" + PKH + "\": {\"block\": {\"level\": 10, \"round\": 0, \"hash\": \"" + H1 + "\"}}}");
        Path dir = base.resolve("watermark_v2");
        Process p = new ProcessBuilder("mkfifo", dir.resolve("NetXfifo.json").toString())
                .inheritIO()
                .start();
        assertThat(p.waitFor()).isZero();
        Files.createDirectory(dir.resolve("NetXdir.json"));
        Files.createSymbolicLink(dir.resolve("NetXdangling.json"), tmp.resolve("nowhere"));
        try (WatermarkStore s = MemoryWatermarkStore.open()) {
            assertThat(importSigner(base, s).marks()).isEqualTo(new Import.Counts(1, 0, 0, 0));
        }
    }

    /** Non-UTF-8 bytes, a deep unknown member and an oversized file: typed errors naming the file, nothing written. */
    @Test
    void hostileSignerFilesAreTypedErrorsNamingTheFileAndWriteNothing() throws Exception {
        String good = "{\"level\": 10, \"round\": 0, \"hash\": \"" + H1 + "\"}";
        byte[] bad = ("{\"" + PKH + "\": {\"block\": " + good + ", \"attestation\": {\"level\": 5, \"hash\": \"vh")
                .getBytes(StandardCharsets.UTF_8);
        byte[] doc = new byte[bad.length + 4];
        System.arraycopy(bad, 0, doc, 0, bad.length);
        doc[bad.length] = (byte) 0xff;
        doc[bad.length + 1] = '"';
        doc[bad.length + 2] = '}';
        doc[bad.length + 3] = '}';
        Path base = signerV2("{}");
        Path dir = base.resolve("watermark_v2");
        Files.write(dir.resolve("NetXbad.json"), doc);
        try (WatermarkStore s = MemoryWatermarkStore.open()) {
            assertThatThrownBy(() -> importSigner(base, s))
                    .isInstanceOf(InvalidDocumentException.class)
                    .hasMessageContaining("watermark_v2/NetXbad.json");
            assertThat(Backends.contents(s)).isEmpty();
        }
        Files.delete(dir.resolve("NetXbad.json"));
        String deep = "[".repeat(200) + "]".repeat(200);
        Files.writeString(
                dir.resolve("NetXdeep.json"),
                "{\"" + PKH + "\": {\"block\": {\"level\": 1, \"round\": 0, \"x\": " + deep + "}}}");
        try (WatermarkStore s = MemoryWatermarkStore.open()) {
            assertThatThrownBy(() -> importSigner(base, s))
                    .isInstanceOf(InvalidDocumentException.class)
                    .hasMessageContaining("watermark_v2/NetXdeep.json");
            assertThat(Backends.contents(s)).isEmpty();
        }
        Files.delete(dir.resolve("NetXdeep.json"));
        Files.writeString(
                dir.resolve("NetXbig.json"), "{\"" + PKH + "\": {\"block\": " + good + "}}" + " ".repeat(500));
        try (WatermarkStore s = MemoryWatermarkStore.open()) {
            assertThatThrownBy(() -> Import.run(
                            base,
                            Import.Options.of(Import.Format.SIGNER_FILES).withMaxBytes(200),
                            Optional.of(s),
                            Optional.empty(),
                            p -> {}))
                    .isInstanceOf(InvalidDocumentException.class)
                    .hasMessageContaining("NetXbig.json");
            assertThat(Backends.contents(s)).isEmpty();
        }
    }

    /**
     * Records far ahead or negative: a negative version is refused before anything is written; one far ahead is a
     * conflict with nothing of that record written (not its head either).
     */
    @Test
    void recordVersionsNegativeOrFarAhead() {
        String meta = "{\"metadata\": {\"interchange_format_version\": 1, \"exported_at\": \"2026-01-01T00:00:00Z\","
                + " \"source\": \"t\"}, \"watermarks\": [{\"chain_id\": \"NetX\", \"pkh\": \"tz1a\", \"kind\": \"block\","
                + " \"level\": 1, \"round\": 0, \"digest\": \"d\"}], \"records\": [";
        String rec =
                "{\"ledger_alias\": \"db:main\", \"commit_address\": \"c\", \"commit_t\": 5, \"status\": \"ready\","
                        + " \"updated_at\": 1, \"status_v\": %s, \"status_meta\": {}, \"config_v\": %s, \"config_meta\": {}}";
        try (WatermarkStore s = MemoryWatermarkStore.open();
                Publisher p = MemoryPublisher.open()) {
            assertThatThrownBy(() -> Docs.importInto(Docs.source(meta + rec.formatted("1", "-1") + "]}"), false, s, p))
                    .isInstanceOf(InvalidDocumentException.class)
                    .hasMessageContaining("$.records[0].config_v");
            assertThat(Backends.contents(s)).isEmpty();
            Import.Summary r = Docs.importInto(
                    Docs.source(meta + rec.formatted(String.valueOf(Long.MAX_VALUE), "0") + "]}"), false, s, p);
            assertThat(r.records()).isEqualTo(new Import.Counts(0, 0, 0, 1));
            assertThat(p.lookup(LedgerAlias.parse("db:main"))).isEmpty();
        }
    }
}
