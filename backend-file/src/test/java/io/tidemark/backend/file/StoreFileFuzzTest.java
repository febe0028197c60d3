package io.tidemark.backend.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.CorruptedStoreException;
import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.NsRecord;
import io.tidemark.publisher.Publisher;
import io.tidemark.watermark.AdvanceResult;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Store files of the wrong shape (issue 10, fuzzing): valid record texts, as a legacy file or inside a slot with a
 * valid checksum (issue 15; torn slots are {@link TornSlotTest}'s), mutated byte by byte, truncated, spliced, with
 * values of the wrong type or out of range, or random bytes, put where a key's file belongs. Every read and write of
 * that key either gives a correct result (the file was still a valid record of that key) or a one-line
 * {@link CorruptedStoreException} naming the file; never another exception or an {@code Error}, and a refused
 * file is left byte for byte as it was.
 */
class StoreFileFuzzTest {
    private static final WatermarkKey KEY = new WatermarkKey("NetXfuzz", "tz1fuzz", "block");
    private static final LedgerAlias ALIAS = LedgerAlias.parse("fuzz:main");
    private static Path base;
    private static WatermarkStore store;
    private static Publisher publisher;
    private static Path markFile;
    private static Path recordFile;
    private static String validMark;
    private static String validRecord;

    @BeforeContainer
    static void open() throws IOException {
        base = Files.createTempDirectory("tidemark-fuzz");
        store = FileWatermarkStore.open(base, false);
        publisher = FilePublisher.open(base, false);
        store.advance(KEY, new Watermark(41, 3, "vhFuzz"));
        publisher.publishCommit(ALIAS, "fluree:commit:sha256:abc", 7);
        publisher.pushStatus(
                ALIAS,
                1,
                "ready",
                java.util.Map.of("n", List.of(1, 2.5, "x", true), "deep", java.util.Map.of("k", -3)));
        markFile = base.resolve("v1/watermarks/" + FileCodec.fileName(KEY) + FileNames.DATA);
        recordFile = base.resolve("v1/nameservice/" + FileCodec.fileName(ALIAS) + FileNames.DATA);
        // the record texts (a legacy file as it is, or the text inside a slot): fuzzing them reaches the parser
        validMark = FileCodec.encode(KEY, store.get(KEY).orElseThrow());
        validRecord = FileCodec.encode(publisher.lookup(ALIAS).orElseThrow());
    }

    @AfterContainer
    static void close() throws IOException {
        store.close();
        publisher.close();
        try (var s = Files.walk(base)) {
            s.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        }
    }

    @Property(tries = 10_000)
    void aMalformedMarkFileIsCorruptionOrAValidMark(@ForAll("markFiles") byte[] text, @ForAll boolean slotted)
            throws IOException {
        byte[] content = slotted ? SlotFile.create(text) : text;
        Files.write(markFile, content);
        Optional<Watermark> got = expectCorruptionOr(markFile, content, () -> store.get(KEY));
        if (got != null) {
            assertThat(got).isPresent();
            Watermark m = got.get();
            AdvanceResult r = expectCorruptionOr(markFile, content, () -> store.advance(KEY, m));
            assertThat(r).isEqualTo(new AdvanceResult.Repeated(m));
            assertThat(store.list().filter(s -> s.key().equals(KEY)).findFirst())
                    .hasValueSatisfying(s -> assertThat(s.mark()).isEqualTo(m));
        } else {
            expectCorruptionOr(markFile, content, () -> store.advance(KEY, new Watermark(Long.MAX_VALUE, 0, "x")));
            assertThat(Files.readAllBytes(markFile))
                    .as("a refused file is left as it was")
                    .isEqualTo(content);
        }
    }

    @Property(tries = 10_000)
    void aMalformedRecordFileIsCorruptionOrAValidRecord(@ForAll("recordFiles") byte[] text, @ForAll boolean slotted)
            throws IOException {
        byte[] content = slotted ? SlotFile.create(text) : text;
        Files.write(recordFile, content);
        Optional<NsRecord> got = expectCorruptionOr(recordFile, content, () -> publisher.lookup(ALIAS));
        if (got != null) {
            assertThat(got).isPresent();
            NsRecord r = got.get();
            assertThat(r.alias()).isEqualTo(ALIAS);
            assertThat(publisher
                            .publishCommit(
                                    ALIAS,
                                    r.commitAddress().orElse("c"),
                                    r.commitT().orElse(0))
                            .applied())
                    .as("an equal or no commit does not count as applied unless there was none")
                    .isEqualTo(r.commitT().isEmpty());
        } else {
            expectCorruptionOr(recordFile, content, () -> publisher.pushStatus(ALIAS, 2, "x", java.util.Map.of()));
            expectCorruptionOr(recordFile, content, () -> publisher.retract(ALIAS));
            assertThat(Files.readAllBytes(recordFile))
                    .as("a refused file is left as it was")
                    .isEqualTo(content);
        }
    }

    /** The call's result, or null if it threw the one-line {@link CorruptedStoreException} naming the file. */
    private static <T> T expectCorruptionOr(Path file, byte[] content, Supplier<T> call) {
        try {
            return call.get();
        } catch (CorruptedStoreException e) {
            assertThat(e.getMessage()).contains(file.toString()).doesNotContain("\n");
            return null;
        } catch (RuntimeException | Error e) {
            throw new AssertionError("content " + new String(content, StandardCharsets.UTF_8) + " gave " + e, e);
        }
    }

    @Provide
    Arbitrary<byte[]> markFiles() {
        return shapes(
                () -> validMark, List.of("41", "3", "\"vhFuzz\"", "\"NetXfuzz\"", "\"tz1fuzz\"", "\"block\"", "1"));
    }

    @Provide
    Arbitrary<byte[]> recordFiles() {
        return shapes(
                () -> validRecord,
                List.of("7", "1", "2", "0", "\"ready\"", "\"fuzz:main\"", "\"fuzz\"", "\"main\"", "2.5"));
    }

    /** Mutations of a valid file: byte flips, cuts, insertions, a value swapped for a hostile one, random bytes. */
    private static Arbitrary<byte[]> shapes(Supplier<String> valid, List<String> values) {
        Arbitrary<String> hostile = Arbitraries.of(
                "-1",
                "1e400",
                "9".repeat(50),
                "0." + "0".repeat(5000) + "1",
                "\"\"",
                "null",
                "true",
                "[]",
                "{}",
                "\"\\ud800\"",
                "\"\\u0000\"",
                "1.5",
                "9223372036854775808",
                "-9223372036854775809",
                "\"" + "x".repeat(3000) + "\"",
                "{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":{\"a\":1}}}}}}}}}}}}}}}}}");
        Arbitrary<byte[]> swapped = Combinators.combine(
                        Arbitraries.of(values), hostile, Arbitraries.integers().between(0, 3))
                .as((from, to, nth) -> {
                    String v = valid.get();
                    int at = -1;
                    for (int i = 0; i <= nth; i++) {
                        at = v.indexOf(from, at + 1);
                        if (at < 0) {
                            return v.getBytes(StandardCharsets.UTF_8);
                        }
                    }
                    return (v.substring(0, at) + to + v.substring(at + from.length())).getBytes(StandardCharsets.UTF_8);
                });
        Arbitrary<byte[]> flipped = Combinators.combine(Arbitraries.integers().greaterOrEqual(0), Arbitraries.bytes())
                .as((at, b) -> {
                    byte[] v = valid.get().getBytes(StandardCharsets.UTF_8);
                    v[at % v.length] = b;
                    return v;
                });
        Arbitrary<byte[]> cut = Arbitraries.integers().greaterOrEqual(0).map(n -> {
            byte[] v = valid.get().getBytes(StandardCharsets.UTF_8);
            return Arrays.copyOf(v, n % v.length);
        });
        Arbitrary<byte[]> inserted = Combinators.combine(
                        Arbitraries.integers().greaterOrEqual(0),
                        Arbitraries.strings().ofMaxLength(8).withChars("{}[]\":,\\0123456789-.eE tnrufals\u00e9\u0000"))
                .as((at, s) -> {
                    String v = valid.get();
                    int i = at % v.length();
                    return (v.substring(0, i) + s + v.substring(i)).getBytes(StandardCharsets.UTF_8);
                });
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, swapped),
                net.jqwik.api.Tuple.of(3, flipped),
                net.jqwik.api.Tuple.of(2, cut),
                net.jqwik.api.Tuple.of(2, inserted),
                net.jqwik.api.Tuple.of(1, random));
    }
}
