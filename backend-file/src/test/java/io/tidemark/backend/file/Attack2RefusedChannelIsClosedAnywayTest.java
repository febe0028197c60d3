package io.tidemark.backend.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.BackendUnavailableException;
import io.tidemark.watermark.AdvanceResult;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Second adversarial review of the OverlappingFileLockException fix. {@code acquire} adds the refused channel to
 * {@code NEVER_CLOSED} and throws, but the channel was opened in {@code locked}'s try-with-resources, which closes
 * it as the exception leaves the block. Closing it drops every fcntl lock this process holds on the file, the
 * holder's included. With two monitors for one lock file (a store moved behind a symlink while open, see
 * {@link Attack2DirectoryMovedBehindSymlinkTest}, or code outside Tidemark holding the file), one refused call
 * silently unlocks the holder: a child JVM then advances the key the holder is deciding on, and both sign one level.
 */
class Attack2RefusedChannelIsClosedAnywayTest {
  static final WatermarkKey KEY = AttackInterruptedWaiterDropsLockTest.KEY;

  @TempDir
  Path tmp;

  @Test
  void aRefusedCallThroughTheOtherMonitorDropsTheHoldersOsLock_doubleSign() throws Exception {
    Path base = tmp.resolve("base");
    AttackInterruptedWaiterDropsLockTest.HoldingDisk disk = new AttackInterruptedWaiterDropsLockTest.HoldingDisk();
    ExecutorService pool = Executors.newFixedThreadPool(2);
    Process child = null;
    try (WatermarkStore old = FileWatermarkStore.open(base, new FileOptions(true, true, false, disk))) {
      old.advance(KEY, new Watermark(5, 0, "vh5"));
      Path moved = Files.move(base, tmp.resolve("bigger-disk-base"));
      Files.createSymbolicLink(base, moved);
      try (WatermarkStore fresh = FileWatermarkStore.open(base, true)) {
        disk.armed = true;
        Future<AdvanceResult> holder = pool.submit(() -> old.advance(KEY, new Watermark(6, 0, "holder")));
        assertThat(disk.holding.await(30, TimeUnit.SECONDS)).as("holder inside the update").isTrue();
        Throwable refused = null;
        try {
          pool.submit(() -> fresh.get(KEY).isPresent() && fresh.advance(KEY, new Watermark(9, 0, "x")) != null)
              .get(3, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
          refused = e.getCause();
        } catch (java.util.concurrent.TimeoutException e) {
          refused = e; // waited for the holder: fine, nothing was closed
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        child = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp",
            System.getProperty("java.class.path"), AttackAdvanceChild.class.getName(), moved.toString(),
            KEY.chainId(), KEY.publicKeyHash(), KEY.requestKind(), "6", "0", "child")
            .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        Future<String> childAnswer = pool.submit(out::readLine);
        String childLine;
        try {
          childLine = childAnswer.get(15, TimeUnit.SECONDS); // a correct store makes the child wait: times out
        } catch (java.util.concurrent.TimeoutException e) {
          childLine = null;
        }
        disk.release.countDown();
        AdvanceResult h = holder.get(60, TimeUnit.SECONDS);
        if (childLine == null) {
          childLine = childAnswer.get(60, TimeUnit.SECONDS);
        }
        List<String> advanced = new ArrayList<>();
        if (h instanceof AdvanceResult.Advanced) {
          advanced.add("holder");
        }
        if (childLine != null && childLine.startsWith("Advanced")) {
          advanced.add("child");
        }
        assertThat(advanced).as("level 6 round 0 signed with two digests (the other handle's call: " + refused
            + "; child said: " + childLine + ")").hasSizeLessThan(2);
        assertThat(refused).isInstanceOf(BackendUnavailableException.class);
      }
    } finally {
      disk.release.countDown();
      pool.shutdownNow();
      if (child != null) {
        child.destroyForcibly();
      }
    }
  }
}
