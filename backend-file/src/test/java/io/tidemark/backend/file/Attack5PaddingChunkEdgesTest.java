package io.tidemark.backend.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Adversarial review of d57fc9a's padding check ({@code Arrays.mismatch} in 4 KiB chunks that start right after
 * the text, so their edges fall mid-block): at every slot size the writer produces (one to four blocks), a non-zero
 * byte at a chunk's first or last byte, at a block edge, at the slot's last byte or anywhere else in the padding
 * makes that slot invalid, and the reader takes the other one. And a read cut short (a short positional read is
 * taken as the end of the file) never reads as a record: a prefix of whole blocks is two smaller "slots", and the
 * slot size is part of each checksum. Held: both properties pass.
 */
class Attack5PaddingChunkEdgesTest {
    private static final int B = SlotFile.BLOCK;

    /** A text length (slots of one to four blocks) and a dirty offset in that slot's padding, edges first. */
    @Provide
    Arbitrary<int[]> dirty() {
        return Arbitraries.integers().between(0, 4 * B - SlotFile.HEADER).flatMap(len -> {
            int size = (SlotFile.HEADER + len + B - 1) / B * B;
            int from = SlotFile.HEADER + len;
            if (from == size) {
                return Arbitraries.just(new int[] {len, -1});
            }
            int[] edges = java.util.stream.IntStream.rangeClosed(0, size / B + 1)
                    .flatMap(k -> java.util.stream.IntStream.of(
                            from + k * B - 1, from + k * B, k * B - 1, k * B, size - 1, from))
                    .filter(i -> i >= from && i < size)
                    .distinct()
                    .toArray();
            Arbitrary<Integer> at = Arbitraries.frequencyOf(
                    net.jqwik.api.Tuple.of(
                            3, Arbitraries.of(Arrays.stream(edges).boxed().toList())),
                    net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(from, size - 1)));
            return at.map(i -> new int[] {len, i});
        });
    }

    private static byte[] text(int len) {
        byte[] t = new byte[len];
        Arrays.fill(t, (byte) 'x');
        return t;
    }

    @Property(tries = 2000)
    void aNonZeroByteAnywhereInThePaddingInvalidatesTheSlot(
            @ForAll("dirty") int[] c, @ForAll @IntRange(min = 1, max = 255) int value) {
        byte[] text = text(c[0]);
        byte[] file = SlotFile.create(text);
        int size = file.length / 2;
        byte[] newer = SlotFile.slot(size, 2, text);
        System.arraycopy(newer, 0, file, size, size);
        assertThat(SlotFile.read(file).seq()).as("clean: the newer slot").isEqualTo(2);
        if (c[1] < 0) {
            return; // the text fills its slot: no padding to dirty
        }
        for (int slot = 0; slot < 2; slot++) {
            byte[] f = file.clone();
            f[slot * size + c[1]] = (byte) value;
            assertThat(SlotFile.read(f).seq())
                    .as("slot size %d, text %d, byte %d of slot %d set", size, c[0], c[1], slot)
                    .isEqualTo(slot == 0 ? 2 : 1);
        }
    }

    @Property(tries = 500)
    void aFileCutShortAtAnyWholeBlockPairNeverReadsAsARecord(
            @ForAll @IntRange(min = 0, max = 4 * B - 100) int len, @ForAll @IntRange(min = 1, max = 3) int pairs) {
        byte[] text = text(len);
        byte[] file = SlotFile.create(text);
        int size = file.length / 2;
        byte[] newer = SlotFile.slot(size, 2, text);
        System.arraycopy(newer, 0, file, size, size);
        int cut = pairs * 2 * B;
        if (cut >= file.length) {
            return;
        }
        byte[] prefix = Arrays.copyOf(file, cut);
        assertThatThrownBy(() -> SlotFile.read(prefix))
                .as("the first %d of %d bytes", cut, file.length)
                .isInstanceOf(SlotFile.NoValidSlotException.class);
    }
}
