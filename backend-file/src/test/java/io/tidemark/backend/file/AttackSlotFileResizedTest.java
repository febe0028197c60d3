package io.tidemark.backend.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.CorruptedStoreException;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Adversarial review of the two-slot layout: a file that grew by whole blocks (appended zeros or garbage: a
 * {@code truncate -s}, a copy tool, a file-system bug). The slot size is not stored; it is the file's size over two.
 * Before the padding rule, the first "slot" of the grown file held both real slots, passed its checksum (which covers
 * only the header and the text), and was read as the current record: the older mark, silently, so the next advance
 * to the level already signed was applied, a double sign. Now such a file has no valid slot: corruption.
 */
class AttackSlotFileResizedTest {
    private static final WatermarkKey KEY = new WatermarkKey("NetX", "tz1resize", "block");

    @TempDir
    Path base;

    @Test
    void aFileGrownByZeroBlocksIsCorruptionNeverTheOlderMark() throws Exception {
        Path file = base.resolve("v1/watermarks/" + FileCodec.fileName(KEY) + FileNames.DATA);
        try (WatermarkStore store = FileWatermarkStore.open(base, true)) {
            store.advance(KEY, new Watermark(1, 0, "vh1"));
            store.advance(KEY, new Watermark(2, 0, "vh2"));
            store.advance(KEY, new Watermark(3, 0, "vh3")); // slot 0
            store.advance(KEY, new Watermark(4, 0, "vh4")); // slot 1: the acknowledged mark
            Files.write(file, new byte[2 * SlotFile.BLOCK], StandardOpenOption.APPEND);
            byte[] grown = Files.readAllBytes(file);

            assertThatThrownBy(() -> store.get(KEY))
                    .isInstanceOf(CorruptedStoreException.class)
                    .hasMessageContaining("no slot is valid");
            assertThatThrownBy(() -> store.advance(KEY, new Watermark(4, 0, "vh-another-block-at-4")))
                    .as("level 4 was signed: signing it again with another digest is a double sign")
                    .isInstanceOf(CorruptedStoreException.class);
            assertThat(Files.readAllBytes(file)).as("left as it is").isEqualTo(grown);
        }
    }

    /**
     * Any history of in-place updates (some records longer than others), then any number of whole blocks of zeros or
     * garbage appended: the reader returns the newest record or reports no valid slot, never an older record.
     */
    @Property(tries = 2_000)
    void aGrownFileNeverReadsAsAnOlderRecord(
            @ForAll @IntRange(min = 2, max = 12) int updates,
            @ForAll @IntRange(min = 1, max = 6) int addedBlocks,
            @ForAll boolean garbage,
            @ForAll long seed) {
        Random random = new Random(seed);
        byte[] file = SlotFile.create(text(0, random));
        String newest = null;
        for (int i = 1; i < updates; i++) {
            byte[] t = text(i, random);
            SlotFile.Write w = SlotFile.read(file).next(t).orElseThrow();
            System.arraycopy(w.bytes(), 0, file, (int) w.offset(), w.bytes().length);
            newest = new String(t, StandardCharsets.UTF_8);
        }
        byte[] grown = Arrays.copyOf(file, file.length + addedBlocks * SlotFile.BLOCK);
        if (garbage) {
            byte[] g = new byte[addedBlocks * SlotFile.BLOCK];
            random.nextBytes(g);
            System.arraycopy(g, 0, grown, file.length, g.length);
        }
        Optional<String> read;
        try {
            read = SlotFile.read(grown).text();
        } catch (IllegalArgumentException noValidSlotOrSizeNotTwoSlots) {
            return;
        }
        assertThat(read).contains(newest);
    }

    private static byte[] text(int i, Random random) {
        return ("{\"lvl\":" + i + ",\"pad\":\"" + "x".repeat(random.nextInt(3000)) + "\"}")
                .getBytes(StandardCharsets.UTF_8);
    }
}
