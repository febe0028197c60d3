package io.tidemark.backend.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.BackendUnavailableException;
import io.tidemark.watermark.AdvanceResult;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Second adversarial review of the in-JVM monitor named by the directory's real path. The name is fixed when a
 * handle is opened, but the handle keeps using the path it was opened at. An operator who moves the store to
 * another disk and leaves a symlink behind ({@code mv base /data/base; ln -s /data/base base}) while the signer
 * runs gives the old handle a monitor named after {@code base} and any handle opened afterwards one named after
 * {@code /data/base}, for the same lock files. Two Tidemark handles of one JVM then contend through the JDK's
 * overlapping-lock check: an update through the new handle is refused while the old one holds the key (instead of
 * waiting like any other caller), and each refusal keeps its channel open for good.
 */
class Attack2DirectoryMovedBehindSymlinkTest {
    static final WatermarkKey KEY = AttackInterruptedWaiterDropsLockTest.KEY;

    @TempDir
    Path tmp;

    /** The old handle refuses (its directory moved); the fresh one works; nothing is signed twice or lost. */
    @Test
    void aHandleWhoseDirectoryMovedBehindASymlinkRefusesAndTheFreshHandleWorks() throws Exception {
        Path base = tmp.resolve("base");
        try (WatermarkStore old = FileWatermarkStore.open(base, true)) {
            old.advance(KEY, new Watermark(5, 0, "vh5"));
            Path moved = Files.move(base, tmp.resolve("bigger-disk-base"));
            Files.createSymbolicLink(base, moved);
            try (WatermarkStore fresh = FileWatermarkStore.open(base, true)) {
                assertThatThrownBy(() -> old.advance(KEY, new Watermark(6, 0, "old")))
                        .isInstanceOf(BackendUnavailableException.class)
                        .hasMessageContaining("moved or replaced by a link")
                        .hasMessageContaining("reopen the store");
                assertThat(fresh.advance(KEY, new Watermark(6, 0, "fresh"))).isInstanceOf(AdvanceResult.Advanced.class);
                assertThatThrownBy(() -> old.advance(KEY, new Watermark(7, 0, "old")))
                        .isInstanceOf(BackendUnavailableException.class);
                assertThat(fresh.get(KEY)).contains(new Watermark(6, 0, "fresh"));
            }
        }
    }
}
