package io.tidemark.backend.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Adversarial review: a key in the layout of earlier versions (one JSON object) converted by whichever of two child
 * JVMs and two threads here updates it first, all released at once. The conversion is a whole-file replacement
 * under the key's lock, so the others must read the converted file: no level at or below the legacy mark is ever
 * signed, and no level is signed twice.
 */
class AttackLegacyConversionRaceTest {
    private static final long LEGACY_LEVEL = 1_000;

    @TempDir
    Path base;

    @Test
    void twoProcessesAndTwoThreadsRacingTheConversionNeverLoseTheMarkNorSignTwice() throws Exception {
        try (WatermarkStore store = FileWatermarkStore.open(base, false)) {
            store.advance(SpellingsRaceTest.KEY, new Watermark(1, 0, "creates-the-directories"));
        }
        Path file = base.resolve("v1/watermarks/" + FileCodec.fileName(SpellingsRaceTest.KEY) + FileNames.DATA);
        Files.writeString(file, FileCodec.encode(SpellingsRaceTest.KEY, new Watermark(LEGACY_LEVEL, 0, "legacy")));
        assertThat(SlotFile.read(Files.readAllBytes(file)).slotSize()).isEqualTo(SlotFile.LEGACY);

        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> children = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            children.add(new ProcessBuilder(
                            java,
                            "-XX:TieredStopAtLevel=1",
                            "-XX:+UseSerialGC",
                            "-cp",
                            System.getProperty("java.class.path"),
                            SlotChild.class.getName(),
                            base.toString(),
                            "1500")
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start());
        }
        Map<Long, Set<String>> signed = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (WatermarkStore store = FileWatermarkStore.open(base, false)) {
            List<BufferedReader> outs = new ArrayList<>();
            for (Process c : children) {
                BufferedReader r =
                        new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.UTF_8));
                assertThat(r.readLine()).isEqualTo("READY");
                outs.add(r);
            }
            CountDownLatch go = new CountDownLatch(1);
            List<Future<List<Long>>> threads = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                String digest = "thread-" + t;
                threads.add(pool.submit(() -> {
                    go.await();
                    List<Long> levels = SlotChild.climb(store, 1500, digest);
                    levels.forEach(l -> signed.computeIfAbsent(l, k -> ConcurrentHashMap.newKeySet())
                            .add(digest));
                    return levels;
                }));
            }
            for (Process c : children) {
                OutputStream in = c.getOutputStream();
                in.write("GO\n".getBytes(StandardCharsets.UTF_8));
                in.flush();
            }
            go.countDown();
            for (Future<List<Long>> f : threads) {
                f.get(60, TimeUnit.SECONDS);
            }
            for (BufferedReader r : outs) {
                for (String line : r.lines().toList()) {
                    if (line.startsWith("A ")) {
                        String[] f = line.split(" ");
                        signed.computeIfAbsent(Long.parseLong(f[1]), k -> ConcurrentHashMap.newKeySet())
                                .add(f[2]);
                    }
                }
            }
            for (Process c : children) {
                assertThat(c.waitFor()).isZero();
            }
            assertThat(signed).isNotEmpty();
            assertThat(signed.keySet()).allSatisfy(l -> assertThat(l).isGreaterThan(LEGACY_LEVEL));
            assertThat(signed)
                    .allSatisfy(
                            (level, by) -> assertThat(by).as("level %d", level).hasSize(1));
            long top = signed.keySet().stream().mapToLong(Long::longValue).max().orElseThrow();
            assertThat(store.get(SpellingsRaceTest.KEY).orElseThrow().level()).isEqualTo(top);
            assertThat(SlotFile.read(Files.readAllBytes(file)).slotSize()).isEqualTo(SlotFile.BLOCK);
        } finally {
            pool.shutdownNow();
        }
    }
}
