package io.tidemark.backend.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.TidemarkException;
import io.tidemark.watermark.AdvanceResult;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Review of 7fd5f81: a data file this process may read but not write (mode {@code 0400} for a user other than root)
 * was refused when its update wrote a slot in place, but replaced by rename, which only the directory's permissions
 * govern, when the update wrote the file whole (a legacy file converted, a record that outgrew its slots). The
 * README says an update of such a file is refused. Root ignores mode bits, so the refusal of the write is simulated:
 * a disk whose files open read-only, as {@link RealDisk} does when the read-write open fails.
 */
class Attack6ReadOnlyFileNotReplacedTest {
    private static final WatermarkKey KEY = new WatermarkKey("NetX", "tz1readonlyreplace", "block");

    @TempDir
    Path base;

    /** Files open for an update as read-only ones do: readable, and {@code writer()} fails. */
    static final class ReadOnlyFiles extends ForwardingDisk {
        volatile boolean readOnly;

        ReadOnlyFiles() {
            super(RealDisk.INSTANCE);
        }

        @Override
        public Optional<Update> openForUpdate(Path file, int maxBytes) throws IOException {
            Optional<Update> real = RealDisk.INSTANCE.openForUpdate(file, maxBytes);
            if (!readOnly || real.isEmpty()) {
                return real;
            }
            Update u = real.get();
            return Optional.of(new Update() {
                @Override
                public byte[] bytes() {
                    return u.bytes();
                }

                @Override
                public Overwrite writer() throws IOException {
                    throw new AccessDeniedException(file.toString());
                }

                @Override
                public void close() throws IOException {
                    u.close();
                }
            });
        }
    }

    @Test
    void aLegacyFileThatMayNotBeWrittenIsNotConverted() throws Exception {
        ReadOnlyFiles disk = new ReadOnlyFiles();
        try (WatermarkStore store = FileWatermarkStore.open(base, new FileOptions(true, true, false, disk))) {
            store.advance(KEY, new Watermark(1, 0, "vh1"));
            Path data = base.resolve("v1/watermarks").resolve(FileCodec.fileName(KEY) + FileNames.DATA);
            Files.writeString(data, FileCodec.encode(KEY, new Watermark(5, 0, "legacy")));
            byte[] before = Files.readAllBytes(data);
            disk.readOnly = true;

            assertThatThrownBy(() -> store.advance(KEY, new Watermark(6, 0, "vh6")))
                    .isInstanceOf(TidemarkException.class)
                    .hasMessageContaining(data.toString());
            assertThat(Files.readAllBytes(data))
                    .as("the legacy file is left as it was")
                    .isEqualTo(before);
            assertThat(store.get(KEY)).contains(new Watermark(5, 0, "legacy"));

            disk.readOnly = false; // refused before anything was written: the handle is not broken
            assertThat(store.advance(KEY, new Watermark(6, 0, "vh6"))).isInstanceOf(AdvanceResult.Advanced.class);
            assertThat(store.get(KEY)).contains(new Watermark(6, 0, "vh6"));
        }
    }

    @Test
    void aRecordThatOutgrewItsSlotsInAFileThatMayNotBeWrittenIsNotReplaced() throws Exception {
        ReadOnlyFiles disk = new ReadOnlyFiles();
        FileTree tree = FileTree.open(base, "t", "test store", new FileOptions(true, true, false, disk));
        tree.update("k", now -> new FileTree.Decision<>("wrote", Optional.of("{\"v\":1}")));
        tree.update("k", now -> new FileTree.Decision<>("wrote", Optional.of("{\"v\":2}")));
        Path data = base.resolve("v1/t").resolve("k" + FileNames.DATA);
        byte[] before = Files.readAllBytes(data);
        String big = "{\"v\":\"" + "x".repeat(3 * SlotFile.BLOCK) + "\"}"; // outgrows a 4 KiB slot: written whole
        disk.readOnly = true;

        assertThatThrownBy(() -> tree.update("k", now -> new FileTree.Decision<>("wrote", Optional.of(big))))
                .isInstanceOf(TidemarkException.class)
                .hasMessageContaining(data.toString());
        assertThat(Files.readAllBytes(data)).as("the file is left as it was").isEqualTo(before);
        assertThat(tree.read("k")).contains("{\"v\":2}");

        disk.readOnly = false; // refused before anything was written: the tree is not broken
        String result = tree.update("k", now -> new FileTree.Decision<>("wrote", Optional.of(big)));
        assertThat(result).isEqualTo("wrote");
        assertThat(tree.read("k")).contains(big);
    }
}
