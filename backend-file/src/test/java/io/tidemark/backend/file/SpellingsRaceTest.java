package io.tidemark.backend.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.BackendConfig;
import io.tidemark.discovery.Tidemark;
import io.tidemark.watermark.AdvanceResult;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
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
 * Issue 10 item 1: one base_dir reached through three spellings in this JVM (plain, with {@code /./}, through a
 * symlink), each with its own store handle and racing threads, a second class loader with its own copy of every
 * Tidemark class, and two child JVMs on the plain spelling. Every
 * participant climbs one key a level at a time with its own digest. A level that two participants both got
 * {@code Advanced} for is a double sign. Before the fix, the handles took different in-JVM locks, the loser's
 * {@code OverlappingFileLockException} escaped and closing its channel dropped the winner's OS lock.
 */
class SpellingsRaceTest {
    static final WatermarkKey KEY = new WatermarkKey("NetXrace", "tz1spellings", "block");

    @TempDir
    Path tmp;

    @Test
    void threeSpellingsAndTwoProcessesNeverSignOneLevelTwice() throws Exception {
        Path base = Files.createDirectory(tmp.resolve("base"));
        Path link = Files.createSymbolicLink(tmp.resolve("link"), base);
        List<String> spellings = List.of(base.toString(), base + "/./", link.toString());
        long millis = Long.getLong("tidemark.spellings.millis", 3_000);
        List<Process> children = new ArrayList<>();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (int i = 0; i < 2; i++) {
            children.add(new ProcessBuilder(
                            java,
                            "-XX:TieredStopAtLevel=1",
                            "-XX:+UseSerialGC",
                            "-cp",
                            System.getProperty("java.class.path"),
                            SlotChild.class.getName(),
                            base.toString(),
                            Long.toString(millis))
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start());
        }
        Map<Long, Set<String>> signed = new ConcurrentHashMap<>();
        List<WatermarkStore> stores = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(spellings.size() * 2 + 1);
        try {
            List<BufferedReader> outs = new ArrayList<>();
            for (Process c : children) {
                BufferedReader r =
                        new BufferedReader(new InputStreamReader(c.getInputStream(), StandardCharsets.UTF_8));
                assertThat(r.readLine()).isEqualTo("READY");
                outs.add(r);
            }
            for (String s : spellings) {
                stores.add(Tidemark.openWatermarkStore(BackendConfig.of("file", Map.of("base_dir", s))));
            }
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> threads = new ArrayList<>();
            for (int t = 0; t < spellings.size() * 2; t++) {
                WatermarkStore store = stores.get(t % stores.size());
                String digest = "thread-" + t;
                threads.add(pool.submit(() -> {
                    go.await();
                    long end = System.nanoTime() + millis * 1_000_000;
                    int advanced = 0;
                    while (System.nanoTime() < end) {
                        long level = store.get(KEY).map(Watermark::level).orElse(-1L) + 1;
                        if (store.advance(KEY, new Watermark(level, 0, digest)) instanceof AdvanceResult.Advanced) {
                            signed.computeIfAbsent(level, l -> ConcurrentHashMap.newKeySet())
                                    .add(digest);
                            advanced++;
                        }
                    }
                    return advanced;
                }));
            }
            for (Process c : children) {
                OutputStream in = c.getOutputStream();
                in.write("GO\n".getBytes(StandardCharsets.UTF_8));
                in.flush();
            }
            go.countDown();
            Future<List<Long>> otherLoader = pool.submit(() -> {
                go.await();
                return otherLoaderClimb(base.toString(), millis, "loader-2");
            });
            int inJvm = 0;
            for (long level : otherLoader.get(millis + 60_000, TimeUnit.MILLISECONDS)) {
                signed.computeIfAbsent(level, l -> ConcurrentHashMap.newKeySet())
                        .add("loader-2");
                inJvm++;
            }
            for (Future<Integer> f : threads) {
                inJvm += f.get(millis + 60_000, TimeUnit.MILLISECONDS); // a thread that threw fails the test here
            }
            int inChildren = 0;
            for (BufferedReader r : outs) {
                String line;
                boolean done = false;
                while ((line = r.readLine()) != null) {
                    if (line.equals("DONE")) {
                        done = true;
                    } else {
                        String[] f = line.split(" ");
                        signed.computeIfAbsent(Long.parseLong(f[1]), l -> ConcurrentHashMap.newKeySet())
                                .add(f[2]);
                        inChildren++;
                    }
                }
                assertThat(done).as("child finished its race").isTrue();
            }
            for (Process c : children) {
                assertThat(c.waitFor(60, TimeUnit.SECONDS)).isTrue();
                assertThat(c.exitValue()).as("child exit code").isZero();
            }
            Map<Long, Set<String>> doubles = new java.util.TreeMap<>();
            signed.forEach((level, digests) -> {
                if (digests.size() > 1) {
                    doubles.put(level, digests);
                }
            });
            assertThat(doubles).as("levels signed with two digests").isEmpty();
            assertThat(inJvm).as("advances in this JVM").isPositive();
            assertThat(inChildren).as("advances in the children").isPositive();
            long top = signed.keySet().stream().mapToLong(Long::longValue).max().orElseThrow();
            assertThat(stores.get(0).get(KEY))
                    .hasValueSatisfying(m -> assertThat(m.level()).isEqualTo(top));
        } finally {
            pool.shutdownNow();
            stores.forEach(WatermarkStore::close);
            children.forEach(Process::destroyForcibly);
        }
    }

    /** Runs {@link SlotChild#climbIn} in a class loader that loads every class of the class path again. */
    @SuppressWarnings("unchecked")
    static List<Long> otherLoaderClimb(String baseDir, long millis, String digest) throws Exception {
        String[] entries = System.getProperty("java.class.path").split(java.io.File.pathSeparator);
        java.net.URL[] urls = new java.net.URL[entries.length];
        for (int i = 0; i < entries.length; i++) {
            urls[i] = Path.of(entries[i]).toUri().toURL();
        }
        try (java.net.URLClassLoader loader = new java.net.URLClassLoader(urls, ClassLoader.getPlatformClassLoader())) {
            Class<?> c = loader.loadClass(SlotChild.class.getName());
            assertThat(c).as("a separate copy of the class").isNotSameAs(SlotChild.class);
            return (List<Long>) c.getMethod("climbIn", String.class, long.class, String.class)
                    .invoke(null, baseDir, millis, digest);
        }
    }
}
