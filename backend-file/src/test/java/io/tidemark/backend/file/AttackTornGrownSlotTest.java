package io.tidemark.backend.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/**
 * Adversarial review: {@code TornSlotTest} tears 4 KiB slots of one watermark. Here any history (records of any
 * length, so slots of 4, 8 or 12 KiB, texts shorter and longer than the slot they overwrite), then the last in-place
 * update torn: any set of 512-byte sectors of the new slot landed over the old one, plus optionally garbage over a
 * byte range of it. The reader returns the record before that update or the one it wrote, never an older one, never
 * an error.
 */
class AttackTornGrownSlotTest {
    @Property(tries = 3_000)
    void aTornUpdateOfAnySlotSizeReadsAsThePreviousOrTheNewRecord(
            @ForAll @IntRange(min = 1, max = 10) int updates, @ForAll boolean garbage, @ForAll long seed) {
        Random random = new Random(seed);
        byte[] file = SlotFile.create(text(0, random));
        String previous = null;
        String written = null;
        SlotFile.Write last = null;
        for (int i = 1; i <= updates || last == null; i++) {
            byte[] t = text(i, random);
            Optional<SlotFile.Write> w = SlotFile.read(file).next(t);
            previous = SlotFile.read(file).text().orElseThrow();
            if (w.isPresent()) {
                last = w.get();
                if (i < updates) {
                    System.arraycopy(last.bytes(), 0, file, (int) last.offset(), last.bytes().length);
                }
            } else {
                file = SlotFile.create(t);
                last = null;
            }
            written = new String(t, StandardCharsets.UTF_8);
        }
        byte[] torn = file.clone();
        int size = last.bytes().length;
        for (int sector = 0; sector < size / 512; sector++) {
            if (random.nextBoolean()) {
                System.arraycopy(last.bytes(), sector * 512, torn, (int) last.offset() + sector * 512, 512);
            }
        }
        if (garbage) {
            int from = random.nextInt(size);
            int len = 1 + random.nextInt(size - from);
            byte[] g = new byte[len];
            random.nextBytes(g);
            System.arraycopy(g, 0, torn, (int) last.offset() + from, len);
        }
        String read = SlotFile.read(torn).text().orElseThrow();
        assertThat(read).isIn(previous, written);
    }

    private static byte[] text(int i, Random random) {
        int pad = random.nextInt(3) == 0 ? random.nextInt(10_000) : random.nextInt(4000);
        return ("{\"lvl\":" + i + ",\"pad\":\"" + "y".repeat(pad) + "\"}").getBytes(StandardCharsets.UTF_8);
    }
}
