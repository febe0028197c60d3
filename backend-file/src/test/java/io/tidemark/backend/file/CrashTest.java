package io.tidemark.backend.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.publisher.NsRecord;
import io.tidemark.publisher.Publisher;
import io.tidemark.watermark.StoredWatermark;
import io.tidemark.watermark.WatermarkStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills a writing JVM with {@code destroyForcibly()} (SIGKILL) at a random moment, many times over one base_dir,
 * and checks after each kill that every file parses and no mark or head is lower than the highest one the child
 * reported as applied. Iterations: {@code -Dtidemark.crash.iterations} (50 in CI).
 */
class CrashTest {
    @TempDir
    Path base;

    @Test
    void killedWriterNeverLosesAnAppliedMarkNorLeavesAnUnreadableFile() throws Exception {
        int iterations = Integer.getInteger("tidemark.crash.iterations", 50);
        Random rnd = new Random();
        long[] highest = {-1, -1, -1}; // watermark key 0, key 1, commit head
        long next = 0;
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (int i = 0; i < iterations; i++) {
            Process child = new ProcessBuilder(
                            javaBin,
                            "-XX:TieredStopAtLevel=1",
                            "-XX:+UseSerialGC",
                            "-cp",
                            System.getProperty("java.class.path"),
                            CrashChild.class.getName(),
                            base.toString(),
                            Long.toString(next))
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("READY");
            int killAfter = 1 + rnd.nextInt(60);
            for (int seen = 0; seen < killAfter; seen++) {
                String line = out.readLine();
                assertThat(line).as("child output").isNotNull();
                record(line, highest);
            }
            child.toHandle()
                    .destroyForcibly(); // SIGKILL; unlike Process.destroyForcibly it leaves our end of the pipe open
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
            String line;
            while ((line = out.readLine()) != null) {
                record(line, highest);
            }
            try (WatermarkStore store = FileWatermarkStore.open(base, true);
                    Publisher ns = FilePublisher.open(base, true)) {
                List<StoredWatermark> all = store.list().toList();
                for (int k = 0; k < CrashChild.KEYS.length; k++) {
                    long stored =
                            store.get(CrashChild.KEYS[k]).map(m -> m.level()).orElse(-1L);
                    assertThat(stored)
                            .as("iteration %d key %d: stored level vs highest reported applied", i, k)
                            .isGreaterThanOrEqualTo(highest[k]);
                    next = Math.max(next, stored + 1);
                }
                assertThat(all).hasSizeLessThanOrEqualTo(2);
                long head = ns.lookup(CrashChild.ALIAS)
                        .map(r -> r.commitT().orElse(-1))
                        .orElse(-1L);
                assertThat(head)
                        .as("iteration %d commit head vs highest reported applied", i)
                        .isGreaterThanOrEqualTo(highest[2]);
                assertThat(ns.allRecords().map(NsRecord::alias).toList()).hasSizeLessThanOrEqualTo(1);
                next = Math.max(next, head + 1);
            }
        }
        assertThat(highest[0]).as("the child applied marks before dying").isPositive();
    }

    /** Raises the highest applied level seen for the key (or the commit head) a child's output line names. */
    private static void record(String line, long[] highest) {
        String[] f = line.split(" ");
        int slot = f[0].equals("W") ? Integer.parseInt(f[1]) : 2;
        highest[slot] = Math.max(highest[slot], Long.parseLong(f[f.length - 1]));
    }
}
