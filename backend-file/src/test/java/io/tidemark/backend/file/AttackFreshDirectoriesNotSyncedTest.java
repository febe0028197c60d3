package io.tidemark.backend.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.watermark.AdvanceResult;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Adversarial review of the fsync discipline (issue 10, power-loss simulation). The update protocol syncs the file
 * and the store directory, but the directories themselves are created by {@code FileTree.createDirectories}
 * ({@code base_dir}, {@code v1}, {@code watermarks}) outside the {@link Disk} seam and their parents are never
 * synced. By POSIX (and on file systems that do not commit every earlier metadata change with one fsync, e.g. some
 * btrfs and XFS configurations), the entries {@code base_dir}, {@code v1} and {@code watermarks} may be lost at a
 * power cut although the data file inside was synced: the first marks of a fresh store, already returned as
 * {@code Advanced}, vanish and the signer restarts on an empty store. {@code PowerLossTest}'s simulated disk cannot
 * see this: it treats every directory as existing.
 */
class AttackFreshDirectoriesNotSyncedTest {
    @TempDir
    Path tmp;

    @Test
    void aFreshStoresDirectoryEntriesAreNeverSyncedBeforeAdvancedIsReturned() throws IOException {
        Path base = tmp.resolve("signer").resolve("base");
        List<Path> synced = new CopyOnWriteArrayList<>();
        Disk recording = new ForwardingDisk(RealDisk.INSTANCE) {
            @Override
            public void sync(Path path) throws IOException {
                synced.add(path.toAbsolutePath().normalize());
                super.sync(path);
            }
        };
        try (WatermarkStore store = FileWatermarkStore.open(base, new FileOptions(true, true, false, recording))) {
            AdvanceResult r = store.advance(new WatermarkKey("NetX", "tz1fresh", "block"), new Watermark(1, 0, "vh1"));
            assertThat(r).isInstanceOf(AdvanceResult.Advanced.class);
        }
        Path real = tmp.toRealPath();
        // Each directory that received a new entry must be synced for that entry to survive a power loss.
        assertThat(synced)
                .as("directories synced before Advanced was returned")
                .contains(
                        real.resolve("signer/base/v1/watermarks"), // holds the data file (synced today)
                        real.resolve("signer/base/v1"), // holds the new entry 'watermarks'
                        real.resolve("signer/base"), // holds the new entry 'v1'
                        real.resolve("signer"), // holds the new entry 'base'
                        real); // holds the new entry 'signer'
    }
}
