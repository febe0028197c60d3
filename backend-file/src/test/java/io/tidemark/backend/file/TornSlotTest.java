package io.tidemark.backend.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.watermark.AdvanceResult;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

/**
 * Torn writes of the newest slot (issue 15): the file as a power loss in the middle of an update could leave it. The
 * update from {@link #BEFORE} to {@link #AFTER} wrote one slot; here only part of that write reached the disk (any
 * byte range, or any set of 512-byte sectors, of the new slot over the old one), or the new slot holds garbage in
 * any byte range. Whatever the damage, the reader returns the previous or the new mark, never anything else and
 * never an error (the other slot is intact), and the next update builds on exactly what was read.
 */
class TornSlotTest {
    private static final WatermarkKey KEY = new WatermarkKey("NetXtorn", "tz1torn", "block");
    /** The mark before the torn update; its slot is the one the update did not touch. */
    private static final Watermark BEFORE = new Watermark(41, 0, "vh-before");
    /** The mark the torn update wrote (its digest is longer, so the texts differ in length too). */
    private static final Watermark AFTER = new Watermark(42, 1, "vh-after-the-update-that-was-torn");

    private static Path base;
    private static WatermarkStore store;
    private static Path file;
    private static byte[] before;
    private static byte[] after;
    /** Where the slot the update wrote starts, and its size. */
    private static int slotAt;

    private static int slotSize;

    @BeforeContainer
    static void writeBothVersions() throws IOException {
        base = Files.createTempDirectory("tidemark-torn");
        store = FileWatermarkStore.open(base, false);
        store.advance(KEY, new Watermark(40, 0, "vh-first")); // slot 0: a new file
        store.advance(KEY, BEFORE); // slot 1, in place
        file = base.resolve("v1/watermarks/" + FileCodec.fileName(KEY) + FileNames.DATA);
        before = Files.readAllBytes(file);
        store.advance(KEY, AFTER); // slot 0 again
        after = Files.readAllBytes(file);
        slotSize = before.length / 2;
        assertThat(after).hasSize(before.length);
        assertThat(Arrays.equals(before, slotSize, before.length, after, slotSize, after.length))
                .as("the update left the slot of the previous mark alone")
                .isTrue();
        slotAt = 0;
    }

    @AfterContainer
    static void remove() throws IOException {
        store.close();
        try (Stream<Path> s = Files.walk(base)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** A torn file: one of three kinds of damage to the new slot, at random places. */
    @Provide
    Arbitrary<byte[]> torn() {
        Arbitrary<Integer> at = Arbitraries.integers().between(0, 4095);
        Arbitrary<Integer> len = Arbitraries.integers().between(1, 4096);
        Arbitrary<byte[]> partOfTheWriteLanded = net.jqwik.api.Combinators.combine(at, len)
                .as((from, n) -> {
                    byte[] f = before.clone();
                    int end = Math.min(slotAt + slotSize, slotAt + from + n);
                    System.arraycopy(after, slotAt + from, f, slotAt + from, end - slotAt - from);
                    return f;
                });
        Arbitrary<byte[]> someSectorsLanded = Arbitraries.longs().map(seed -> {
            byte[] f = before.clone();
            Random r = new Random(seed);
            for (int s = 0; s < slotSize; s += 512) {
                if (r.nextBoolean()) {
                    System.arraycopy(after, slotAt + s, f, slotAt + s, 512);
                }
            }
            return f;
        });
        Arbitrary<byte[]> garbageInTheNewSlot = net.jqwik.api.Combinators.combine(at, len, Arbitraries.longs())
                .as((from, n, seed) -> {
                    byte[] f = after.clone();
                    byte[] junk = new byte[Math.min(n, slotSize - from)];
                    new Random(seed).nextBytes(junk);
                    System.arraycopy(junk, 0, f, slotAt + from, junk.length);
                    return f;
                });
        Arbitrary<byte[]> zeroedRange = net.jqwik.api.Combinators.combine(at, len)
                .as((from, n) -> {
                    byte[] f = after.clone();
                    Arrays.fill(f, slotAt + from, Math.min(slotAt + slotSize, slotAt + from + n), (byte) 0);
                    return f;
                });
        return Arbitraries.oneOf(partOfTheWriteLanded, someSectorsLanded, garbageInTheNewSlot, zeroedRange);
    }

    @Property(tries = 2000)
    void theReaderReturnsThePreviousOrTheNewMarkAndTheNextUpdateBuildsOnIt(@ForAll("torn") byte[] content)
            throws IOException {
        Files.write(file, content);
        Optional<Watermark> read = store.get(KEY);
        assertThat(read).as("mark read from a torn file").isIn(Optional.of(BEFORE), Optional.of(AFTER));
        assertThat(store.list().toList()).singleElement().satisfies(s -> assertThat(s.mark())
                .isEqualTo(read.get()));
        Watermark next = new Watermark(50, 0, "vh-next");
        assertThat(store.advance(KEY, next)).isEqualTo(new AdvanceResult.Advanced(read));
        assertThat(store.get(KEY)).contains(next);
        assertThat(SlotFile.read(Files.readAllBytes(file)).seq())
                .as("the update after a torn one continues the sequence of the slot it read")
                .isEqualTo(read.get().equals(AFTER) ? 4 : 3);
    }

    /** The damage is real: the untouched new file reads as the new mark, and the old one as the old mark. */
    @Property(tries = 1)
    void theUndamagedFilesReadAsTheirMarks() throws IOException {
        Files.write(file, before);
        assertThat(store.get(KEY)).contains(BEFORE);
        Files.write(file, after);
        assertThat(store.get(KEY)).contains(AFTER);
    }
}
