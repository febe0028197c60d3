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
     * Any history of updates (records of any length, so slots sometimes grow to 8 or 12 KiB by a new file), then the
     * file grown by whole blocks of zeros or garbage, or cut by whole blocks: the reader returns the newest record or
     * reports no valid slot, never an older record.
     */
    @Property(tries = 2_000)
    void aResizedFileNeverReadsAsAnOlderRecord(
            @ForAll @IntRange(min = 2, max = 12) int updates,
            @ForAll @IntRange(min = -5, max = 6) int blocks,
            @ForAll boolean garbage,
            @ForAll long seed) {
        Random random = new Random(seed);
        byte[] file = SlotFile.create(text(0, random));
        String newest = null;
        for (int i = 1; i < updates; i++) {
            byte[] t = text(i, random);
            Optional<SlotFile.Write> w = SlotFile.read(file).next(t);
            if (w.isPresent()) {
                System.arraycopy(
                        w.get().bytes(),
                        0,
                        file,
                        (int) w.get().offset(),
                        w.get().bytes().length);
            } else {
                file = SlotFile.create(t); // outgrew its slots: a new file, as FileTree.replace writes it
            }
            newest = new String(t, StandardCharsets.UTF_8);
        }
        int size = file.length + (blocks == 0 ? 1 : blocks) * SlotFile.BLOCK;
        if (size <= 0) {
            return;
        }
        byte[] resized = Arrays.copyOf(file, size);
        if (garbage && size > file.length) {
            byte[] g = new byte[size - file.length];
            random.nextBytes(g);
            System.arraycopy(g, 0, resized, file.length, g.length);
        }
        Optional<String> read;
        try {
            read = SlotFile.read(resized).text();
        } catch (IllegalArgumentException noValidSlotOrSizeNotTwoSlots) {
            return;
        }
        assertThat(read).contains(newest);
    }

    private static byte[] text(int i, Random random) {
        int pad = random.nextInt(4) == 0 ? random.nextInt(9000) : random.nextInt(3000);
        return ("{\"lvl\":" + i + ",\"pad\":\"" + "x".repeat(pad) + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * The other direction: a file whose slots grew to 8 KiB (a record that outgrew 4 KiB, then small ones again),
     * cut to its first half. Its first 4 KiB are a header, a small text and zeros: a valid 4 KiB slot holding an
     * older record, and the second 4 KiB (the zero tail of that slot) look like a slot never written. Only a
     * checksum that covers the slot size tells it from a real file.
     */
    @Test
    void aGrownFileCutToHalfIsCorruptionNeverAnOlderRecord() throws Exception {
        io.tidemark.publisher.LedgerAlias alias = io.tidemark.publisher.LedgerAlias.parse("cut:main");
        Path file = base.resolve("v1/nameservice/" + FileCodec.fileName(alias) + FileNames.DATA);
        try (io.tidemark.publisher.Publisher ns = FilePublisher.open(base, true)) {
            ns.publishCommit(alias, "c1", 1);
            ns.pushStatus(alias, 1, "big", java.util.Map.of("text", "x".repeat(5000))); // 8 KiB slots, seq 1
            ns.publishCommit(alias, "c2", 2); // seq 2, slot 1
            ns.pushStatus(alias, 2, "small", java.util.Map.of()); // seq 3, slot 0: small
            ns.publishCommit(alias, "c4", 4); // seq 4, slot 1: the acknowledged head
            assertThat(Files.size(file)).isEqualTo(4 * SlotFile.BLOCK);
            try (java.nio.channels.FileChannel ch =
                    java.nio.channels.FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.truncate(2 * SlotFile.BLOCK);
            }
            assertThatThrownBy(() -> ns.lookup(alias))
                    .as("commit 4 was acknowledged; commit 2 is not what the store holds")
                    .isInstanceOf(CorruptedStoreException.class);
        }
    }
}
