package io.tidemark.backend.file;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * The two-slot layout of a key's file, after LMDB's two meta pages (and bbolt's, which adds the checksum): the file
 * is two slots of equal size, each a whole number of 4 KiB blocks, and each slot holds one version of the record. A
 * slot is a one-line header, the record's JSON text ({@link FileCodec}, so {@code cat} shows it), and zero bytes up
 * to the slot's end:
 * <pre>
 * tidemark-slot 1 seq 0000000000000000042 len 0000000117 crc32c 1a2b3c4d
 * {"format":1,"chain_id":"NetX",...}
 * </pre>
 * The CRC-32C covers the header up to {@code crc32c}, the {@code len} bytes of text and the slot size. A slot is valid if its
 * header has this exact shape, its text fits in the slot, the checksum matches and every byte after the text is
 * zero (so a file grown by whole blocks, whose first "slot" then holds both real ones, has no valid slot rather than
 * reading as its older record); the current record is the valid
 * slot with the highest sequence number. An update writes the other slot with the next sequence number and syncs
 * that one write: a write torn by a power loss fails its checksum, and the reader takes the other slot, the previous
 * version, which is right because the torn update never returned.
 *
 * <p>A file written by earlier versions holds one JSON object and nothing else ({@link #LEGACY}): it is read as it
 * is and replaced by a two-slot file on its first update.
 */
final class SlotFile {
    /** The unit of slot sizes: one page of the page cache and one block of common file systems. */
    static final int BLOCK = 4096;

    private static final byte[] MAGIC = "tidemark-slot 1 seq ".getBytes(StandardCharsets.US_ASCII);
    private static final int SEQ_DIGITS = 19;
    private static final byte[] LEN = " len ".getBytes(StandardCharsets.US_ASCII);
    private static final int LEN_DIGITS = 10;
    private static final byte[] CRC = " crc32c ".getBytes(StandardCharsets.US_ASCII);
    private static final int CRC_DIGITS = 8;
    private static final int SEQ_AT = MAGIC.length;
    private static final int LEN_AT = SEQ_AT + SEQ_DIGITS + LEN.length;
    private static final int CRC_AT = LEN_AT + LEN_DIGITS + CRC.length;
    /** The header's length, its newline included. */
    static final int HEADER = CRC_AT + CRC_DIGITS + 1;

    private static final byte[] ZEROS = new byte[BLOCK];

    /** Slot size 0: a file in the layout of earlier versions (one JSON object), or no file at all. */
    static final int LEGACY = 0;

    /**
     * What a key's file holds.
     *
     * @param text the current record's JSON text; empty if there is no file
     * @param slotSize the size of each slot, or {@link #LEGACY}
     * @param slot the index (0 or 1) of the slot holding {@code text}
     * @param seq that slot's sequence number (0 for a legacy file or none)
     */
    record Contents(Optional<String> text, int slotSize, int slot, long seq) {
        static final Contents NONE = new Contents(Optional.empty(), LEGACY, 0, 0);

        /** The offset and bytes of the slot an update with {@code text} writes, if it fits in this file. */
        Optional<Write> next(byte[] text) {
            if (slotSize == LEGACY || HEADER + text.length > slotSize || seq == Long.MAX_VALUE) {
                return Optional.empty();
            }
            int other = 1 - slot;
            return Optional.of(new Write((long) other * slotSize, SlotFile.slot(slotSize, seq + 1, text)));
        }
    }

    /** One in-place write: {@code bytes} (a whole slot) at {@code offset}. */
    record Write(long offset, byte[] bytes) {}

    /** A file whose slots are all invalid (torn, zero, or not slots at all). */
    static final class NoValidSlotException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        NoValidSlotException(String what) {
            super(what);
        }
    }

    private SlotFile() {}

    /** A new file for {@code text}: slot 0 holds it with sequence 1, slot 1 is zero bytes. */
    static byte[] create(byte[] text) {
        int size = (HEADER + text.length + BLOCK - 1) / BLOCK * BLOCK;
        byte[] file = new byte[2 * size];
        byte[] first = slot(size, 1, text);
        System.arraycopy(first, 0, file, 0, size);
        return file;
    }

    /** One whole slot of {@code size} bytes: the header, {@code text}, then zero bytes. */
    static byte[] slot(int size, long seq, byte[] text) {
        byte[] s = new byte[size];
        System.arraycopy(MAGIC, 0, s, 0, MAGIC.length);
        put(s, SEQ_AT, SEQ_DIGITS, seq, 10);
        System.arraycopy(LEN, 0, s, SEQ_AT + SEQ_DIGITS, LEN.length);
        put(s, LEN_AT, LEN_DIGITS, text.length, 10);
        System.arraycopy(CRC, 0, s, LEN_AT + LEN_DIGITS, CRC.length);
        System.arraycopy(text, 0, s, HEADER, text.length);
        put(s, CRC_AT, CRC_DIGITS, crc(s, 0, text.length, size), 16);
        s[HEADER - 1] = '\n';
        return s;
    }

    /** Writes {@code v} with exactly {@code n} digits (zero-padded; lower-case hex for radix 16) at {@code at}. */
    private static void put(byte[] b, int at, int n, long v, int radix) {
        for (int i = at + n - 1; i >= at; i--) {
            b[i] = (byte) Character.forDigit((int) (v % radix), radix);
            v /= radix;
        }
    }

    /**
     * Reads a whole file: a legacy file (its first byte that is not JSON white space is <code>{</code>) as its text;
     * otherwise the valid slot with the highest sequence number.
     *
     * @throws NoValidSlotException if no slot is valid (or the size is not two whole slots)
     * @throws IllegalArgumentException if a valid slot's text is not UTF-8, or two valid slots share a sequence number
     */
    static Contents read(byte[] file) {
        int i = 0;
        while (i < file.length && (file[i] == ' ' || file[i] == '\t' || file[i] == '\n' || file[i] == '\r')) {
            i++;
        }
        if (i < file.length && file[i] == '{') {
            return new Contents(Optional.of(utf8(file, 0, file.length)), LEGACY, 0, 0);
        }
        if (file.length == 0 || file.length % (2 * BLOCK) != 0) {
            throw new NoValidSlotException("neither a JSON object nor two slots (" + file.length
                    + " bytes, not a multiple of " + 2 * BLOCK + ")");
        }
        int size = file.length / 2;
        long seq0 = seq(file, 0, size);
        long seq1 = seq(file, size, size);
        if (seq0 < 0 && seq1 < 0) {
            throw new NoValidSlotException("no slot is valid (both torn, zero or not slots)");
        }
        if (seq0 == seq1) {
            throw new IllegalArgumentException("both slots hold sequence number " + seq0);
        }
        int slot = seq1 > seq0 ? 1 : 0;
        int at = slot * size;
        return new Contents(Optional.of(utf8(file, at + HEADER, len(file, at))), size, slot, slot == 0 ? seq0 : seq1);
    }

    /** The sequence number of the slot at {@code at}, or -1 if it is not valid. */
    private static long seq(byte[] file, int at, int size) {
        if (!Arrays.equals(file, at, at + MAGIC.length, MAGIC, 0, MAGIC.length)
                || !Arrays.equals(file, at + SEQ_AT + SEQ_DIGITS, at + LEN_AT, LEN, 0, LEN.length)
                || !Arrays.equals(file, at + LEN_AT + LEN_DIGITS, at + CRC_AT, CRC, 0, CRC.length)
                || file[at + HEADER - 1] != '\n') {
            return -1;
        }
        long seq = digits(file, at + SEQ_AT, SEQ_DIGITS, 10);
        long len = digits(file, at + LEN_AT, LEN_DIGITS, 10);
        long crc = digits(file, at + CRC_AT, CRC_DIGITS, 16);
        if (seq < 1 || len < 0 || len > size - HEADER || crc != crc(file, at, (int) len, size)) {
            return -1;
        }
        for (int i = at + HEADER + (int) len; i < at + size; i += ZEROS.length) { // Arrays.mismatch is vectorized
            int n = Math.min(ZEROS.length, at + size - i);
            if (Arrays.mismatch(file, i, i + n, ZEROS, 0, n) >= 0) {
                return -1; // not this slot's end: the file was resized, so these are not its slots
            }
        }
        return seq;
    }

    private static int len(byte[] file, int at) {
        return (int) digits(file, at + LEN_AT, LEN_DIGITS, 10);
    }

    /** The number written with {@code n} digits (lower-case hex for radix 16) at {@code at}, or -1. */
    private static long digits(byte[] file, int at, int n, int radix) {
        long v = 0;
        for (int i = at; i < at + n; i++) {
            int d = Character.digit(file[i], radix);
            if (d < 0 || file[i] >= 'A' && file[i] <= 'F' || v > (Long.MAX_VALUE - d) / radix) {
                return -1;
            }
            v = v * radix + d;
        }
        return v;
    }

    /**
     * CRC-32C of the header up to the checksum field, the {@code len} text bytes of the slot at {@code at}, and the
     * slot's {@code size} (four bytes, big-endian; not written in the slot): the slot size is the file's size over
     * two, so a file cut or grown by whole blocks has no valid slot instead of offering an older one.
     */
    private static long crc(byte[] file, int at, int len, int size) {
        CRC32C c = new CRC32C();
        c.update(file, at, CRC_AT);
        c.update(file, at + HEADER, len);
        c.update(ByteBuffer.allocate(Integer.BYTES).putInt(0, size));
        return c.getValue();
    }

    private static String utf8(byte[] b, int from, int len) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(b, from, len))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("not valid UTF-8", e);
        }
    }
}
