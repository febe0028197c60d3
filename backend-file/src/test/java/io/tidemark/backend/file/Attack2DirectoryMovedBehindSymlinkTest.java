package io.tidemark.backend.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.watermark.AdvanceResult;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
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

  @Test
  void aHandleOpenedAfterTheStoreWasMovedBehindASymlinkIsRefusedInsteadOfWaiting() throws Exception {
    Path base = tmp.resolve("base");
    AttackInterruptedWaiterDropsLockTest.HoldingDisk disk = new AttackInterruptedWaiterDropsLockTest.HoldingDisk();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try (WatermarkStore old = FileWatermarkStore.open(base, new FileOptions(true, true, false, disk))) {
      old.advance(KEY, new Watermark(5, 0, "vh5"));
      Path moved = Files.move(base, tmp.resolve("bigger-disk-base"));
      Files.createSymbolicLink(base, moved);
      try (WatermarkStore fresh = FileWatermarkStore.open(base, true)) {
        disk.armed = true;
        Future<AdvanceResult> holder = pool.submit(() -> old.advance(KEY, new Watermark(6, 0, "holder")));
        assertThat(disk.holding.await(30, TimeUnit.SECONDS)).as("holder inside the update").isTrue();
        Future<AdvanceResult> second = pool.submit(() -> fresh.advance(KEY, new Watermark(7, 0, "next")));
        Throwable early = null;
        try {
          second.get(3, TimeUnit.SECONDS); // a correct store makes it wait for the holder: this times out
        } catch (java.util.concurrent.TimeoutException e) {
          early = null;
        } catch (java.util.concurrent.ExecutionException e) {
          early = e.getCause();
        }
        disk.release.countDown();
        assertThat(holder.get(60, TimeUnit.SECONDS)).isInstanceOf(AdvanceResult.Advanced.class);
        assertThat(early).as("the second handle's update, while the first handle held the key").isNull();
        assertThat(second.get(60, TimeUnit.SECONDS)).isInstanceOf(AdvanceResult.Advanced.class);
      }
    } finally {
      disk.release.countDown();
      pool.shutdownNow();
    }
  }
}
