package io.tidemark.backend.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.BackendUnavailableException;
import io.tidemark.watermark.AdvanceResult;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fourth adversarial review of the file tree. The pre-write check ({@code stillHeld}: the lock file's path still
 * names the locked inode) ran before the data file was opened, and every file operation goes by path. A restore of
 * the store directory ({@code mv watermarks watermarks.old; cp -a watermarks.old watermarks}) landing between that
 * check and the open sends the holder's write into the restored directory, whose lock files are other inodes: a
 * handle opened on it (or another process) has meanwhile locked, decided on the same stored mark and written. Both
 * signers are told {@code Advanced} at one level and round, with different digests.
 *
 * <p>The restore is made to land in that window by the disk seam: it runs just before the holder's open of the data
 * file (a slot overwrite for a key that has a record, a temp file for a new key). The holder must now find, after
 * opening, that its lock file is no longer at its path, and write nothing.
 */
class Attack4RestoredBetweenCheckAndWriteTest {
    static final WatermarkKey KEY = new WatermarkKey("NetXattack4", "tz1restore", "block");

    @TempDir
    Path tmp;

    /** A disk that, once armed, restores the store directory and lets a fresh handle advance, then goes on. */
    static final class RestoringDisk extends ForwardingDisk {
        final Path base;
        final AtomicReference<AdvanceResult> fresh = new AtomicReference<>();
        volatile boolean armed;

        RestoringDisk(Path base) {
            super(RealDisk.INSTANCE);
            this.base = base;
        }

        @Override
        public Overwrite overwrite(Path file) throws IOException {
            strike(file);
            return super.overwrite(file);
        }

        @Override
        public void createAndWrite(Path file, byte[] content) throws IOException {
            strike(file);
            super.createAndWrite(file, content);
        }

        private void strike(Path file) throws IOException {
            if (!armed || !file.getFileName().toString().startsWith(FileCodec.fileName(KEY))) {
                return;
            }
            armed = false;
            Path dir = base.resolve("v1").resolve("watermarks");
            Path saved = Files.move(dir, base.resolve("v1").resolve("watermarks.old"));
            Files.createDirectory(
                    dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            try (var files = Files.list(saved)) {
                for (Path p : files.toList()) {
                    Files.copy(p, dir.resolve(p.getFileName()));
                }
            }
            try (WatermarkStore s = FileWatermarkStore.open(base, true)) {
                fresh.set(s.advance(KEY, new Watermark(6, 0, "fresh")));
            }
        }
    }

    /** The key has a record: the holder overwrites a slot in place. */
    @Test
    void aRestoreBetweenTheCheckAndTheSlotWriteSignsOneLevelTwice() throws Exception {
        twoSignersAtMostOne(true);
    }

    /** A new key: the holder writes a temp file and renames it over the data file. */
    @Test
    void aRestoreBetweenTheCheckAndTheTempFileSignsOneLevelTwice() throws Exception {
        twoSignersAtMostOne(false);
    }

    private void twoSignersAtMostOne(boolean existing) throws Exception {
        Path base = tmp.resolve("base");
        RestoringDisk disk = new RestoringDisk(base);
        try (WatermarkStore old = FileWatermarkStore.open(base, new FileOptions(true, true, false, disk))) {
            if (existing) {
                old.advance(KEY, new Watermark(5, 0, "vh5"));
            }
            disk.armed = true;
            AdvanceResult holder;
            try {
                holder = old.advance(KEY, new Watermark(6, 0, "holder"));
            } catch (BackendUnavailableException e) {
                assertThat(e).hasMessageContaining("nothing was written");
                holder = null;
            }
            assertThat(disk.armed)
                    .as("the restore ran inside the holder's update")
                    .isFalse();
            assertThat(disk.fresh.get())
                    .as("the fresh handle on the restored directory")
                    .isInstanceOf(AdvanceResult.Advanced.class);
            List<String> advanced = new ArrayList<>();
            advanced.add("fresh");
            if (holder instanceof AdvanceResult.Advanced) {
                advanced.add("holder");
            }
            assertThat(advanced).as("level 6 round 0 signed with two digests").hasSize(1);
            try (WatermarkStore s = FileWatermarkStore.open(base, true)) {
                assertThat(s.get(KEY).orElseThrow().digest())
                        .as("the restored store holds the mark of the one signer told Advanced")
                        .isEqualTo("fresh");
            }
        }
    }
}
