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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Second adversarial review of the in-JVM monitor, which once was named by the directory's real path while a handle
 * kept using the path it was opened at. An operator who moves the store to another disk and leaves a symlink behind
 * ({@code mv base /data/base; ln -s /data/base base}) while the signer runs gave the old handle a monitor named
 * after {@code base} and any handle opened afterwards one named after {@code /data/base}, for the same lock files.
 * The monitors are now named by the directory's device and inode: both handles share them, so both keep working
 * and never both sign one level. A path that leads to another directory is refused.
 */
class Attack2DirectoryMovedBehindSymlinkTest {
    static final WatermarkKey KEY = AttackInterruptedWaiterDropsLockTest.KEY;

    @TempDir
    Path tmp;

    /** Old and fresh handle race on one key, level by level: exactly one of them signs each level. */
    @Test
    void aHandleWhoseDirectoryMovedBehindASymlinkSharesTheFreshHandlesLocks() throws Exception {
        Path base = tmp.resolve("base");
        try (WatermarkStore old = FileWatermarkStore.open(base, true)) {
            old.advance(KEY, new Watermark(5, 0, "vh5"));
            Path moved = Files.move(base, tmp.resolve("bigger-disk-base"));
            Files.createSymbolicLink(base, moved);
            try (WatermarkStore fresh = FileWatermarkStore.open(base, true)) {
                ExecutorService pool = Executors.newFixedThreadPool(2);
                try {
                    for (long level = 6; level < 106; level++) {
                        CyclicBarrier start = new CyclicBarrier(2);
                        List<Future<AdvanceResult>> both = new ArrayList<>();
                        for (WatermarkStore s : List.of(old, fresh)) {
                            String digest = (s == old ? "old" : "fresh") + level;
                            long at = level;
                            both.add(pool.submit(() -> {
                                start.await();
                                return s.advance(KEY, new Watermark(at, 0, digest));
                            }));
                        }
                        long advanced = 0;
                        for (Future<AdvanceResult> f : both) {
                            advanced += f.get() instanceof AdvanceResult.Advanced ? 1 : 0;
                        }
                        assertThat(advanced)
                                .as("handles that signed level %d", level)
                                .isEqualTo(1);
                    }
                } finally {
                    pool.shutdownNow();
                }
                assertThat(fresh.get(KEY).orElseThrow().level()).isEqualTo(105);
                assertThat(old.get(KEY)).isEqualTo(fresh.get(KEY));
                // A new key is written whole (temp, rename, directory sync) and a reset deletes: both through the link.
                WatermarkKey other = new WatermarkKey("NetXattack", "tz1moved", "block");
                assertThat(old.advance(other, new Watermark(1, 0, "d"))).isInstanceOf(AdvanceResult.Advanced.class);
                assertThat(fresh.get(other)).contains(new Watermark(1, 0, "d"));
                assertThat(old.reset(other)).isTrue();
                assertThat(fresh.get(other)).isEmpty();
                assertThat(old.check()).isInstanceOf(io.tidemark.Health.Reachable.class);
            }
        }
    }

    /** A path that now leads to another directory (an empty one) is refused: the old handle never reads it. */
    @Test
    void aHandleWhoseDirectoryWasReplacedByAnotherRefuses() throws Exception {
        Path base = tmp.resolve("base");
        try (WatermarkStore old = FileWatermarkStore.open(base, true)) {
            old.advance(KEY, new Watermark(5, 0, "vh5"));
            Files.move(base, tmp.resolve("elsewhere"));
            Path empty =
                    Files.createDirectories(tmp.resolve("empty").resolve("v1").resolve("watermarks"));
            Files.createSymbolicLink(base, tmp.resolve("empty"));
            assertThatThrownBy(() -> old.get(KEY))
                    .isInstanceOf(BackendUnavailableException.class)
                    .hasMessageContaining("moved or replaced");
            assertThatThrownBy(() -> old.advance(KEY, new Watermark(5, 0, "other")))
                    .isInstanceOf(BackendUnavailableException.class)
                    .hasMessageContaining("moved or replaced")
                    .hasMessageContaining("reopen the store");
            try (var files = Files.list(empty)) {
                assertThat(files).as("nothing written in the other directory").isEmpty();
            }
        }
    }
}
