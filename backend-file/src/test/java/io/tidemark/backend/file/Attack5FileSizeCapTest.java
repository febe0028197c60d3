package io.tidemark.backend.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.CorruptedStoreException;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Adversarial review of d57fc9a's read loop (positional reads into a buffer that starts at 16 KiB and doubles up
 * to the 1 MiB cap plus one byte, a short read taken as the end of the file): a file exactly at the cap is read
 * whole, one byte over is refused as corrupted naming the file and its size, a sparse file far over the cap is
 * refused without being read into memory, and a read across the first buffer's end returns every byte. Held.
 */
class Attack5FileSizeCapTest {
    private static final WatermarkKey KEY = new WatermarkKey("NetXattack5", "tz1size", "block");
    private static final Watermark MARK = new Watermark(7, 1, "vh7");

    @TempDir
    Path tmp;

    /** A legacy file (one JSON object, then blanks, which a reader accepts) of exactly {@code size} bytes. */
    private static byte[] legacy(int size) {
        byte[] json = FileCodec.encode(KEY, MARK).getBytes(StandardCharsets.UTF_8);
        byte[] f = Arrays.copyOf(json, size);
        Arrays.fill(f, json.length, size, (byte) ' ');
        return f;
    }

    @Test
    void aFileAtTheCapIsReadAndOneByteOverIsRefused() throws Exception {
        Path base = tmp.resolve("base");
        try (WatermarkStore store = FileWatermarkStore.open(base, true)) {
            Path data = base.resolve("v1/watermarks").resolve(FileCodec.fileName(KEY) + FileNames.DATA);
            for (int size : new int[] {16 * 1024 - 1, 16 * 1024, 16 * 1024 + 1, 64 * 1024, FileTree.MAX_FILE_BYTES}) {
                Files.write(data, legacy(size));
                assertThat(store.get(KEY)).as("%d bytes", size).isEqualTo(Optional.of(MARK));
            }
            Files.write(data, legacy(FileTree.MAX_FILE_BYTES + 1));
            assertThatThrownBy(() -> store.get(KEY))
                    .isInstanceOf(CorruptedStoreException.class)
                    .hasMessageContaining(data.toString())
                    .hasMessageContaining((FileTree.MAX_FILE_BYTES + 1) + " bytes");
            try (RandomAccessFile f = new RandomAccessFile(data.toFile(), "rw")) {
                f.setLength(1L << 40); // sparse: a terabyte that takes no room
            }
            assertThatThrownBy(() -> store.advance(KEY, new Watermark(8, 0, "vh8")))
                    .isInstanceOf(CorruptedStoreException.class)
                    .hasMessageContaining((1L << 40) + " bytes");
            assertThat(Files.size(data)).as("left as it is").isEqualTo(1L << 40);
        }
    }

    @Test
    void aSlotFileLargerThanTheFirstBufferIsReadWhole() throws Exception {
        Path base = tmp.resolve("base");
        try (WatermarkStore store = FileWatermarkStore.open(base, true)) {
            Path data = base.resolve("v1/watermarks").resolve(FileCodec.fileName(KEY) + FileNames.DATA);
            // slots of 12 KiB (a 24 KiB file): the newer record sits in the second slot, past the first 16 KiB
            byte[] text = FileCodec.encode(KEY, MARK).getBytes(StandardCharsets.UTF_8);
            int size = 3 * SlotFile.BLOCK;
            byte[] file = new byte[2 * size];
            System.arraycopy(
                    SlotFile.slot(
                            size,
                            1,
                            FileCodec.encode(KEY, new Watermark(6, 0, "vh6")).getBytes(StandardCharsets.UTF_8)),
                    0,
                    file,
                    0,
                    size);
            System.arraycopy(SlotFile.slot(size, 2, text), 0, file, size, size);
            Files.write(data, file);
            assertThat(store.get(KEY)).isEqualTo(Optional.of(MARK));
            assertThat(store.advance(KEY, new Watermark(8, 0, "vh8"))).isNotNull();
            assertThat(store.get(KEY)).isEqualTo(Optional.of(new Watermark(8, 0, "vh8")));
            assertThat(Files.size(data)).as("written in place").isEqualTo(2L * size);
        }
    }
}
