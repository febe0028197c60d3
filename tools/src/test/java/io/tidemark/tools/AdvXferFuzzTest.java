package io.tidemark.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.backend.memory.MemoryPublisher;
import io.tidemark.backend.memory.MemoryWatermarkStore;
import io.tidemark.publisher.Publisher;
import io.tidemark.watermark.WatermarkStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Byte-level mutations of a valid interchange document and of a signer file (flipped, inserted, removed bytes,
 * including bytes that are not UTF-8 and encoding marks): the import either succeeds or throws
 * {@link InvalidDocumentException}, never another exception, and a refused input writes nothing.
 */
class AdvXferFuzzTest {
    private static final byte[] DOC;
    private static final byte[] SIGNER = ("{\"tz1VSUr8wwNhLAzempoch5d6hLRiTh8Cjcjb\": {\"block\": {\"level\": 10,"
                    + " \"round\": 1, \"hash\": \"vh26y88MAwaPShs88TNGaz2KmFGKmAWPkfo2taZF1sSAvGUWhTxm\"},"
                    + " \"endorsement\": {\"level\": 9, \"round\": null, \"hash\": null}}}")
            .getBytes(java.nio.charset.StandardCharsets.UTF_8);
    private static final Path DIR;

    static {
        try {
            DOC = Files.readAllBytes(SourceFixturesTest.fixture("interchange/valid.json"));
            DIR = Files.createTempDirectory("advxfer-fuzz");
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @AfterContainer
    static void cleanUp() throws Exception {
        try (var all = Files.walk(DIR)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** One edit: at a position (per mille of the length), replace, insert or delete, with a byte. */
    record Edit(int where, int op, byte value) {
        byte[] apply(byte[] in) {
            int at = (int) ((long) where * in.length / 1000);
            return switch (op) {
                case 0 -> {
                    byte[] out = in.clone();
                    out[Math.min(at, in.length - 1)] = value;
                    yield out;
                }
                case 1 -> {
                    byte[] out = new byte[in.length + 1];
                    System.arraycopy(in, 0, out, 0, at);
                    out[at] = value;
                    System.arraycopy(in, at, out, at + 1, in.length - at);
                    yield out;
                }
                default -> {
                    int cut = Math.min(at, in.length - 1);
                    byte[] out = new byte[in.length - 1];
                    System.arraycopy(in, 0, out, 0, cut);
                    System.arraycopy(in, cut + 1, out, cut, in.length - cut - 1);
                    yield out;
                }
            };
        }
    }

    @Provide
    Arbitrary<List<Edit>> edits() {
        Arbitrary<Byte> bytes = Arbitraries.oneOf(
                Arbitraries.bytes(),
                Arbitraries.of(
                        (byte) 0,
                        (byte) 0xff,
                        (byte) 0xfe,
                        (byte) 0xef,
                        (byte) 0xc0,
                        (byte) 0x80,
                        (byte) '"',
                        (byte) '{',
                        (byte) '[',
                        (byte) '\\',
                        (byte) '-',
                        (byte) '9',
                        (byte) 'e'));
        return Combinators.combine(
                        Arbitraries.integers().between(0, 999),
                        Arbitraries.integers().between(0, 2),
                        bytes)
                .as(Edit::new)
                .list()
                .ofMinSize(1)
                .ofMaxSize(4);
    }

    private static byte[] mutate(byte[] in, List<Edit> edits) {
        byte[] out = in;
        for (Edit e : edits) {
            out = e.apply(out);
        }
        return out;
    }

    @Property(tries = 1500)
    void aMutatedInterchangeDocumentIsImportedOrRefusedTypedWithNothingWritten(@ForAll("edits") List<Edit> edits) {
        byte[] doc = mutate(DOC, edits);
        try (WatermarkStore s = MemoryWatermarkStore.open();
                Publisher p = MemoryPublisher.open()) {
            try {
                Docs.importInto(Docs.source(doc, Import.DEFAULT_MAX_BYTES), false, s, p);
            } catch (InvalidDocumentException e) {
                assertThat(e.getMessage()).doesNotContain("\n");
                assertThat(Backends.contents(s)).isEmpty();
                assertThat(Backends.contents(p)).isEmpty();
            } catch (RuntimeException e) {
                throw new AssertionError(
                        "untyped " + e + " for " + new String(doc, java.nio.charset.StandardCharsets.ISO_8859_1), e);
            }
        }
    }

    @Property(tries = 1000)
    void aMutatedSignerFileIsImportedOrRefusedTypedNamingTheFile(@ForAll("edits") List<Edit> edits) throws Exception {
        byte[] file = mutate(SIGNER, edits);
        Path base = Files.createTempDirectory(DIR, "b");
        Path v2 = Files.createDirectories(base.resolve("watermark_v2"));
        Files.write(v2.resolve("NetXdQprcVkpaWU.json"), file);
        try (WatermarkStore s = MemoryWatermarkStore.open()) {
            try {
                Import.run(
                        base, Import.Options.of(Import.Format.SIGNER_FILES), Optional.of(s), Optional.empty(), x -> {});
            } catch (InvalidDocumentException e) {
                assertThat(e.getMessage()).contains("NetXdQprcVkpaWU.json").doesNotContain("\n");
                assertThat(Backends.contents(s)).isEmpty();
            } catch (RuntimeException e) {
                throw new AssertionError("untyped " + e + " for " + Arrays.toString(file), e);
            }
        }
    }

    /** UTF-32 and UTF-16 input (Jackson detects them) with an invalid code point or an unpaired surrogate. */
    @net.jqwik.api.Example
    void otherEncodingsWithInvalidCharactersAreTypedErrors() {
        byte[] utf32 = {0, 0, 0, '{', 0, 0, 0, '"', 0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0, 0, 0, '"'};
        byte[] utf16 = {0, '{', 0, '"', (byte) 0xdc, 0x00, 0, '"', 0, ':', 0, '1', 0, '}'};
        byte[] truncated32 = {0, 0, 0, '{', 0, 0};
        for (byte[] doc : new byte[][] {utf32, utf16, truncated32}) {
            try (WatermarkStore s = MemoryWatermarkStore.open()) {
                try {
                    Docs.importInto(Docs.source(doc, Import.DEFAULT_MAX_BYTES), false, s, null);
                    throw new AssertionError("accepted " + Arrays.toString(doc));
                } catch (InvalidDocumentException e) {
                    assertThat(e.getMessage()).doesNotContain("\n");
                } catch (RuntimeException e) {
                    throw new AssertionError("untyped " + e + " for " + Arrays.toString(doc), e);
                }
            }
        }
    }

    @Property(tries = 500)
    void aMutatedNsFileAndIndexFileAreImportedOrRefusedTypedNamingTheFile(
            @ForAll("edits") List<Edit> main, @ForAll("edits") List<Edit> index, @ForAll boolean both)
            throws Exception {
        Path from = SourceFixturesTest.fixture("ns-new/ns@v2/inventory");
        Path base = Files.createTempDirectory(DIR, "n");
        Path ledger = Files.createDirectories(base.resolve("ns@v2").resolve("inventory"));
        Files.write(ledger.resolve("main.json"), mutate(Files.readAllBytes(from.resolve("main.json")), main));
        byte[] idx = Files.readAllBytes(from.resolve("main.index.json"));
        Files.write(ledger.resolve("main.index.json"), both ? mutate(idx, index) : idx);
        try (Publisher p = MemoryPublisher.open()) {
            try {
                Import.run(base, Import.Options.of(Import.Format.NS_FILES), Optional.empty(), Optional.of(p), x -> {});
            } catch (InvalidDocumentException e) {
                assertThat(e.getMessage()).contains("ns@v2/inventory/main.").doesNotContain("\n");
                assertThat(Backends.contents(p)).isEmpty();
            } catch (RuntimeException e) {
                throw new AssertionError("untyped " + e, e);
            }
        }
    }
}
