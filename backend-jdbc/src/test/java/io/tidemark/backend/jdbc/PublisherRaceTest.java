package io.tidemark.backend.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.BackendConfig;
import io.tidemark.BackendUnavailableException;
import io.tidemark.discovery.Tidemark;
import io.tidemark.publisher.CasResult;
import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.NsRecord;
import io.tidemark.publisher.PublishResult;
import io.tidemark.publisher.Publisher;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Compare-and-set and publishes raced by threads with pools of their own, half of them through a proxy that keeps
 * losing replies after the commit (so resends with the same expected version and token meet other writers' changes):
 * every version is answered Applied to at most one writer, and that answer carries the writer's own status; an
 * Updated head carries the writer's own address; heads seen by anyone never go backwards.
 */
class PublisherRaceTest {
    private static final int THREADS = 6;
    private static final int ROUNDS = 60;

    record Applied(long version, String state) {}

    @Test
    void versionsAreAppliedOnceAndHeadsNeverGoBack() throws Exception {
        String table = EmbeddedPg.freshTable("pubrace");
        String direct = EmbeddedPg.shared().url();
        LedgerAlias alias = LedgerAlias.parse("race:main");
        try (PgProxy proxy = new PgProxy(EmbeddedPg.shared().port)) {
            List<Publisher> pubs = new ArrayList<>();
            for (int t = 0; t < THREADS; t++) {
                pubs.add(Tidemark.openPublisher(BackendConfig.of(
                        "postgresql",
                        EmbeddedPg.settings(t % 2 == 0 ? direct : proxy.url(), "nameservice_table", table))));
            }
            assertThat(pubs.get(0).publishCommit(alias, "c0", 0).applied()).isTrue();
            List<Applied> applied = Collections.synchronizedList(new ArrayList<>());
            List<String> failures = Collections.synchronizedList(new ArrayList<>());
            ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1);
            CountDownLatch go = new CountDownLatch(1);
            List<Future<?>> running = new ArrayList<>();
            try {
                for (int t = 0; t < THREADS; t++) {
                    Publisher p = pubs.get(t);
                    String me = "w" + t;
                    running.add(pool.submit(() -> {
                        go.await();
                        long seenT = 0;
                        for (int i = 0; i < ROUNDS; i++) {
                            String state = me + "-" + i;
                            try {
                                NsRecord r = p.lookup(alias).orElseThrow();
                                if (r.commitT().orElseThrow() < seenT) {
                                    failures.add(me + " saw the head go back from " + seenT + " to " + r.commitT());
                                }
                                seenT = Math.max(seenT, r.commitT().orElseThrow());
                                CasResult c = p.pushStatus(alias, r.statusV(), state, Map.of("by", state));
                                if (c instanceof CasResult.Applied a) {
                                    if (a.record().statusV() != r.statusV() + 1
                                            || !a.record().status().equals(state)
                                            || !a.record().statusMeta().equals(Map.of("by", state))) {
                                        failures.add(me + " Applied with " + a.record() + " expecting v "
                                                + (r.statusV() + 1) + " " + state);
                                    }
                                    applied.add(new Applied(a.record().statusV(), state));
                                }
                                long t2 = seenT + 1 + (i % 3);
                                String address = me + "@" + t2;
                                PublishResult pr = p.publishCommit(alias, address, t2);
                                if (pr instanceof PublishResult.Updated u) {
                                    if (!u.current()
                                                    .commitAddress()
                                                    .orElseThrow()
                                                    .equals(address)
                                            || u.current().commitT().orElseThrow() != t2
                                            || u.previous()
                                                            .orElseThrow()
                                                            .commitT()
                                                            .orElseThrow()
                                                    >= t2) {
                                        failures.add(me + " Updated wrongly: " + u);
                                    }
                                    seenT = t2;
                                } else if (pr instanceof PublishResult.Unchanged u) {
                                    if (!u.current()
                                            .commitAddress()
                                            .orElseThrow()
                                            .equals(address)) {
                                        failures.add(me + " Unchanged on another address: " + u);
                                    }
                                } else if (pr instanceof PublishResult.Stale s) {
                                    if (s.current().commitT().orElseThrow() < t2) {
                                        failures.add(me + " Stale below its t: " + s);
                                    }
                                }
                            } catch (BackendUnavailableException e) {
                                // OutcomeUnknownException after a lost reply, or a loss during a reconnection
                            }
                        }
                        return null;
                    }));
                }
                running.add(pool.submit(() -> {
                    go.await();
                    int armedAt = -100;
                    while (!running.subList(0, THREADS).stream().allMatch(Future::isDone)) {
                        if (proxy.roundTrips() >= armedAt + 7) {
                            int before = proxy.faults();
                            proxy.loseNextReply();
                            while (proxy.faults() == before
                                    && !running.subList(0, THREADS).stream().allMatch(Future::isDone)) {
                                Thread.onSpinWait();
                            }
                            armedAt = proxy.roundTrips();
                        }
                        Thread.onSpinWait();
                    }
                    return null;
                }));
                go.countDown();
                for (Future<?> f : running) {
                    f.get(300, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            System.out.println("PublisherRaceTest: applied " + applied.size() + ", replies lost " + proxy.faults());
            assertThat(failures).isEmpty();
            Map<Long, List<String>> byVersion = applied.stream()
                    .collect(Collectors.groupingBy(
                            Applied::version, Collectors.mapping(Applied::state, Collectors.toList())));
            byVersion.forEach(
                    (v, who) -> assertThat(who).as("Applied at status_v " + v).hasSize(1));
            NsRecord last = pubs.get(0).lookup(alias).orElseThrow();
            assertThat(byVersion.keySet()).allSatisfy(v -> assertThat(v).isLessThanOrEqualTo(last.statusV()));
            if (byVersion.containsKey(last.statusV())) {
                assertThat(byVersion.get(last.statusV())).containsExactly(last.status());
            }
            assertThat(proxy.faults()).isPositive();
            pubs.forEach(Publisher::close);
        }
    }
}
