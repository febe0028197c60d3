package io.tidemark.backend.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.watermark.AdvanceResult;
import io.tidemark.watermark.Watermark;
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
 * Adversarial review of the cross-process lock: {@code FileTree.locked} locks whatever inode {@code <name>.lock}
 * names when it is opened and never checks that the path still names it once locked. If the lock file is removed
 * while held (an operator's "rm stale *.lock" after a crash, a cleanup cron, a backup restore that skips empty
 * files), the next process creates a new lock file, locks that, and enters the same key: both sign one level.
 */
class AttackLockFileRemovedWhileHeldTest {
    static final io.tidemark.watermark.WatermarkKey KEY = AttackInterruptedWaiterDropsLockTest.KEY;

    @TempDir
    Path tmp;

    @Test
    void aLockFileRemovedWhileHeldLetsAnotherProcessSignTheSameLevel() throws Exception {
        Path base = tmp.resolve("base");
        AttackInterruptedWaiterDropsLockTest.HoldingDisk disk = new AttackInterruptedWaiterDropsLockTest.HoldingDisk();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        Process child = null;
        try (WatermarkStore store = FileWatermarkStore.open(base, new FileOptions(true, true, false, disk))) {
            store.advance(KEY, new Watermark(5, 0, "vh5"));
            disk.armed = true;
            Future<AdvanceResult> holder = pool.submit(() -> store.advance(KEY, new Watermark(6, 0, "holder")));
            assertThat(disk.holding.await(30, TimeUnit.SECONDS)).isTrue();
            Files.delete(base.resolve("v1/watermarks").resolve(FileCodec.fileName(KEY) + FileNames.LOCK));
            String java =
                    Path.of(System.getProperty("java.home"), "bin", "java").toString();
            child = new ProcessBuilder(
                            java,
                            "-XX:TieredStopAtLevel=1",
                            "-XX:+UseSerialGC",
                            "-cp",
                            System.getProperty("java.class.path"),
                            AttackAdvanceChild.class.getName(),
                            base.toString(),
                            KEY.chainId(),
                            KEY.publicKeyHash(),
                            KEY.requestKind(),
                            "6",
                            "0",
                            "child")
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            Future<String> childAnswer = pool.submit(out::readLine);
            String childLine;
            try {
                childLine = childAnswer.get(15, TimeUnit.SECONDS); // a correct store makes the child wait: times out
            } catch (java.util.concurrent.TimeoutException e) {
                childLine = null;
            }
            disk.release.countDown();
            AdvanceResult h;
            try {
                h = holder.get(60, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                // The holder noticed its lock file was removed and wrote nothing: a refusal to sign, not a signature.
                assertThat(e.getCause())
                        .isInstanceOf(io.tidemark.BackendUnavailableException.class)
                        .hasMessageContaining("was removed or replaced")
                        .hasMessageContaining("nothing was written");
                h = null;
            }
            assertThat(store.get(KEY).orElseThrow().digest())
                    .as("the stored mark is the one signer that was told Advanced")
                    .isEqualTo(h instanceof AdvanceResult.Advanced ? "holder" : "child");
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
            assertThat(advanced)
                    .as("level 6 round 0 signed with two digests (child said: " + childLine + ")")
                    .hasSizeLessThan(2);
        } finally {
            disk.release.countDown();
            pool.shutdownNow();
            if (child != null) {
                child.destroyForcibly();
            }
        }
    }
}
