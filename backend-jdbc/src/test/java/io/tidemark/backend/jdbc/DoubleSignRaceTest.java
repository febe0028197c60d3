package io.tidemark.backend.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.BackendConfig;
import io.tidemark.discovery.Tidemark;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The anti-double-sign promise under real concurrency: signers in this JVM (each with a pool of its own, some through
 * a proxy that loses replies after the commit) and in child JVMs walk the same fresh keys through the same slots
 * (level, round), each with digests of its own, so that every key is created by several writers at once (the
 * concurrent-insert retry path) and every slot is contested. At each (key, level, round) at most one digest may ever
 * be answered Advanced or Repeated, and an accepted digest at the final slot is the stored one.
 */
class DoubleSignRaceTest {
    private static final int KEYS = 150;
    private static final int THREADS = 6;
    private static final int CHILDREN = 2;

    @Test
    void noSlotIsEverAcceptedForTwoDigests() throws Exception {
        String table = EmbeddedPg.freshTable("dsign");
        String direct = EmbeddedPg.shared().url();
        try (PgProxy proxy = new PgProxy(EmbeddedPg.shared().port)) {
            Map<String, Object> settings = EmbeddedPg.settings(direct, "watermark_table", table);
            // create the table before anyone races
            try (WatermarkStore s = Tidemark.openWatermarkStore(BackendConfig.of("postgresql", settings))) {
                assertThat(s.list()).isEmpty();
            }
            List<Process> children = new ArrayList<>();
            List<BufferedReader> outs = new ArrayList<>();
            List<DoubleSignRace.Call> calls = Collections.synchronizedList(new ArrayList<>());
            ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1);
            try {
                String java =
                        Path.of(System.getProperty("java.home"), "bin", "java").toString();
                for (int p = 0; p < CHILDREN; p++) {
                    List<String> cmd = new ArrayList<>(List.of(
                            java,
                            "-XX:+UseSerialGC",
                            "-XX:TieredStopAtLevel=1",
                            "-cp",
                            System.getProperty("java.class.path"),
                            DoubleSignRace.class.getName(),
                            "child" + p,
                            Integer.toString(KEYS),
                            table));
                    settings.forEach((k, v) -> cmd.add(k + "=" + v));
                    Process proc = new ProcessBuilder(cmd)
                            .redirectError(ProcessBuilder.Redirect.DISCARD)
                            .start();
                    children.add(proc);
                    BufferedReader r =
                            new BufferedReader(new InputStreamReader(proc.getInputStream(), StandardCharsets.UTF_8));
                    outs.add(r);
                    assertThat(r.readLine()).as("child " + p + " started").isEqualTo("READY");
                }
                List<WatermarkStore> stores = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    String url = t % 2 == 0 ? direct : proxy.url();
                    stores.add(Tidemark.openWatermarkStore(
                            BackendConfig.of("postgresql", EmbeddedPg.settings(url, "watermark_table", table))));
                }
                CountDownLatch go = new CountDownLatch(1);
                List<Future<?>> running = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    WatermarkStore s = stores.get(t);
                    String name = "thread" + t;
                    running.add(pool.submit(() -> {
                        go.await();
                        calls.addAll(DoubleSignRace.sign(s, table, name, KEYS));
                        return null;
                    }));
                }
                // Lose replies through the proxy while the race runs: armed again once 10 more statements went
                // through after a loss (arming at once would mostly hit the pool's reconnection, not an advance).
                running.add(pool.submit(() -> {
                    go.await();
                    int armedAt = -100;
                    while (proxy.faults() < 40 && !allDone(running.subList(0, THREADS))) {
                        if (proxy.roundTrips() >= armedAt + 10) {
                            int before = proxy.faults();
                            proxy.loseNextReply();
                            while (proxy.faults() == before && !allDone(running.subList(0, THREADS))) {
                                Thread.onSpinWait();
                            }
                            armedAt = proxy.roundTrips();
                        }
                        Thread.onSpinWait();
                    }
                    return null;
                }));
                for (Process proc : children) {
                    OutputStream in = proc.getOutputStream();
                    in.write("GO\n".getBytes(StandardCharsets.UTF_8));
                    in.flush();
                }
                go.countDown();
                for (BufferedReader r : outs) {
                    String line;
                    while ((line = r.readLine()) != null && !line.equals("DONE")) {
                        calls.add(DoubleSignRace.Call.parse(line));
                    }
                    assertThat(line).isEqualTo("DONE");
                }
                for (Future<?> f : running) {
                    f.get(300, TimeUnit.SECONDS);
                }
                for (Process proc : children) {
                    assertThat(proc.waitFor(60, TimeUnit.SECONDS)).isTrue();
                    assertThat(proc.exitValue()).isZero();
                }
                int lost = proxy.faults();
                try (WatermarkStore s = stores.get(0)) {
                    check(calls, s, table);
                }
                stores.forEach(WatermarkStore::close);
                assertThat(lost).as("replies lost during the race").isPositive();
            } finally {
                pool.shutdownNow();
                children.forEach(Process::destroyForcibly);
            }
        }
    }

    private static boolean allDone(List<Future<?>> fs) {
        return fs.stream().allMatch(Future::isDone);
    }

    private static void check(List<DoubleSignRace.Call> calls, WatermarkStore store, String table) {
        int participants = THREADS + CHILDREN;
        System.out.println("DoubleSignRaceTest outcomes: "
                + calls.stream()
                        .collect(Collectors.groupingBy(
                                c -> c.outcome().startsWith("ERROR") ? "ERROR" : c.outcome(), Collectors.counting())));
        assertThat(calls).hasSize(participants * KEYS * DoubleSignRace.SLOTS.length);
        // A loss can hit a new connection's set-up through the proxy: the call then fails before sending anything,
        // which is an honest BackendUnavailableException. Nothing else may fail.
        assertThat(calls.stream()
                        .filter(c -> c.outcome().startsWith("ERROR")
                                && !c.outcome().startsWith("ERROR BackendUnavailableException"))
                        .map(DoubleSignRace.Call::outcome))
                .as("no call failed other than with an unknown outcome or an unreachable server")
                .isEmpty();
        Map<String, Set<String>> acceptedDigests = calls.stream()
                .filter(DoubleSignRace.Call::accepted)
                .collect(Collectors.groupingBy(
                        c -> c.key() + "@" + c.level() + "/" + c.round(),
                        Collectors.mapping(DoubleSignRace.Call::digest, Collectors.toSet())));
        acceptedDigests.forEach((slot, digests) ->
                assertThat(digests).as("digests accepted at " + slot).hasSize(1));
        // The slot (6, 0) is walked twice by every signer with two digests of its own: only one can be accepted.
        // The last slot's accepted digest is the stored mark.
        int[] last = DoubleSignRace.SLOTS[DoubleSignRace.SLOTS.length - 1];
        for (int i = 0; i < KEYS; i++) {
            String pkh = DoubleSignRace.key(table, i).publicKeyHash();
            Watermark stored = store.get(DoubleSignRace.key(table, i)).orElseThrow();
            assertThat(stored.level()).isEqualTo(last[0]);
            assertThat(stored.round()).isEqualTo(last[1]);
            Set<String> at = acceptedDigests.getOrDefault(pkh + "@" + last[0] + "/" + last[1], Set.of());
            assertThat(at).as(pkh).isSubsetOf(Set.of(stored.digest()));
            long created = calls.stream()
                    .filter(c -> c.key().equals(pkh) && c.level() == 5 && c.round() == 0 && c.accepted())
                    .count();
            assertThat(created)
                    .as("first slot of " + pkh + " accepted by exactly one signer (or its resends)")
                    .isLessThanOrEqualTo(participants);
        }
    }
}
