package io.tidemark.backend.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The edges of the slot reader, one at a time: sequence 1 and 0, a text filling its slot exactly and an empty one,
 * the zero padding up to the slot's last byte, upper-case hex in the checksum, a sequence too large for a long, and
 * which slot wins. Each case is a file the writer could produce, or one byte away from it.
 */
class SlotEdgesTest {
    private static final int S = SlotFile.BLOCK;
    private static final byte[] TEXT = "{\"a\":1}\n".getBytes(StandardCharsets.UTF_8);

    private static byte[] file(byte[] slot0, byte[] slot1) {
        byte[] f = new byte[2 * S];
        if (slot0 != null) {
            System.arraycopy(slot0, 0, f, 0, S);
        }
        if (slot1 != null) {
            System.arraycopy(slot1, 0, f, S, S);
        }
        return f;
    }

    @Test
    void sequenceOneIsValidAndZeroIsNot() {
        assertThat(SlotFile.read(file(SlotFile.slot(S, 1, TEXT), null)))
                .isEqualTo(new SlotFile.Contents(Optional.of("{\"a\":1}\n"), S, 0, 1));
        assertThat(SlotFile.read(file(SlotFile.slot(S, 0, TEXT), SlotFile.slot(S, 1, TEXT))))
                .isEqualTo(new SlotFile.Contents(Optional.of("{\"a\":1}\n"), S, 1, 1));
        assertThatThrownBy(() -> SlotFile.read(file(SlotFile.slot(S, 0, TEXT), null)))
                .isInstanceOf(SlotFile.NoValidSlotException.class);
    }

    @Test
    void aTextFillingItsSlotExactlyAndAnEmptyOneAreRead() {
        byte[] full = new byte[S - SlotFile.HEADER];
        Arrays.fill(full, (byte) 'x');
        assertThat(SlotFile.read(file(SlotFile.slot(S, 3, full), null)).text())
                .contains("x".repeat(S - SlotFile.HEADER));
        assertThat(SlotFile.read(file(null, SlotFile.slot(S, 2, new byte[0]))))
                .isEqualTo(new SlotFile.Contents(Optional.of(""), S, 1, 2));
    }

    @Test
    void anyNonZeroByteAfterTheTextUpToTheSlotsLastByteMakesItInvalid() {
        for (int at : new int[] {SlotFile.HEADER + TEXT.length, S - 1}) {
            byte[] slot = SlotFile.slot(S, 4, TEXT);
            slot[at] = 1;
            byte[] f = file(SlotFile.slot(S, 3, TEXT), slot);
            assertThat(SlotFile.read(f).seq()).as("byte %d set", at).isEqualTo(3);
            byte[] g = file(slot, SlotFile.slot(S, 3, TEXT));
            assertThat(SlotFile.read(g).seq()).as("byte %d set, slot 0", at).isEqualTo(3);
        }
    }

    @Test
    void headerDigitsMustBeLowerCaseAndFitALong() {
        byte[] slot = SlotFile.slot(S, 9, TEXT);
        String header = new String(slot, 0, SlotFile.HEADER, StandardCharsets.US_ASCII);
        String crc = header.substring(header.lastIndexOf(' ') + 1, header.length() - 1);
        byte[] upper = slot.clone();
        byte[] changed = crc.toUpperCase().getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(changed, 0, upper, SlotFile.HEADER - 1 - crc.length(), crc.length());
        boolean hasLetters = !crc.equals(crc.toUpperCase());
        assertThat(SlotFile.read(file(SlotFile.slot(S, 8, TEXT), upper)).seq()).isEqualTo(hasLetters ? 8 : 9);

        byte[] big = SlotFile.slot(S, 9, TEXT);
        int seqAt = "tidemark-slot 1 seq ".length();
        Arrays.fill(big, seqAt, seqAt + 19, (byte) '9'); // 9,999,999,999,999,999,999 > Long.MAX_VALUE
        assertThat(SlotFile.read(file(SlotFile.slot(S, 8, TEXT), big)).seq()).isEqualTo(8);
    }

    @Test
    void theHigherSequenceWinsInEitherSlotAndEqualOnesAreRefused() {
        byte[] a = "{\"a\":1}\n".getBytes(StandardCharsets.UTF_8);
        byte[] b = "{\"b\":2}\n".getBytes(StandardCharsets.UTF_8);
        assertThat(SlotFile.read(file(SlotFile.slot(S, 7, a), SlotFile.slot(S, 6, b))))
                .isEqualTo(new SlotFile.Contents(Optional.of("{\"a\":1}\n"), S, 0, 7));
        assertThat(SlotFile.read(file(SlotFile.slot(S, 6, a), SlotFile.slot(S, 7, b))))
                .isEqualTo(new SlotFile.Contents(Optional.of("{\"b\":2}\n"), S, 1, 7));
        assertThatThrownBy(() -> SlotFile.read(file(SlotFile.slot(S, 7, a), SlotFile.slot(S, 7, b))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("7");
    }

    /** A slot with a non-zero byte after its text is not valid even when it is the only candidate. */
    @Test
    void aSlotWithDirtyPaddingIsNotValidAlone() {
        byte[] slot = SlotFile.slot(S, 5, TEXT);
        slot[S - 1] = 1;
        assertThatThrownBy(() -> SlotFile.read(file(slot, null))).isInstanceOf(SlotFile.NoValidSlotException.class);
        assertThatThrownBy(() -> SlotFile.read(file(null, slot))).isInstanceOf(SlotFile.NoValidSlotException.class);
    }

    /**
     * Each hex letter of the checksum, {@code a} to {@code f}, read in upper case makes the slot invalid, the edges
     * {@code A} and {@code F} included (texts are tried until the checksum holds the letter).
     */
    @Test
    void everyUpperCaseHexLetterInTheChecksumIsRefused() {
        for (char letter = 'a'; letter <= 'f'; letter++) {
            for (int n = 0; ; n++) {
                byte[] text = ("{\"n\":" + n + "}\n").getBytes(StandardCharsets.UTF_8);
                byte[] slot = SlotFile.slot(S, 9, text);
                int crcAt = SlotFile.HEADER - 1 - 8;
                int at = new String(slot, crcAt, 8, StandardCharsets.US_ASCII).indexOf(letter);
                if (at < 0) {
                    continue;
                }
                slot[crcAt + at] = (byte) Character.toUpperCase(letter);
                assertThat(SlotFile.read(file(SlotFile.slot(S, 8, TEXT), slot)).seq())
                        .as("checksum with %s", Character.toUpperCase(letter))
                        .isEqualTo(8);
                break;
            }
        }
    }

    /** A header whose length runs past its slot's end (into the file's end, for the second slot) is not valid. */
    @Test
    void aLengthPastTheSlotsEndIsInvalidInEitherSlot() {
        for (int len : new int[] {S - SlotFile.HEADER + 1, S}) {
            byte[] slot = SlotFile.slot(S, 9, TEXT);
            String digits = String.format("%010d", len);
            int lenAt = "tidemark-slot 1 seq ".length() + 19 + " len ".length();
            System.arraycopy(digits.getBytes(StandardCharsets.US_ASCII), 0, slot, lenAt, 10);
            assertThat(SlotFile.read(file(SlotFile.slot(S, 3, TEXT), slot)).seq())
                    .as("len %d", len)
                    .isEqualTo(3);
            assertThat(SlotFile.read(file(slot, SlotFile.slot(S, 3, TEXT))).seq())
                    .as("len %d", len)
                    .isEqualTo(3);
        }
    }
}
