package io.tidemark.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.backend.memory.MemoryPublisher;
import io.tidemark.backend.memory.MemoryWatermarkStore;
import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.NsRecord;
import io.tidemark.publisher.Publisher;
import io.tidemark.tools.Migration.Result;
import io.tidemark.watermark.AdvanceResult;
import io.tidemark.watermark.StoredWatermark;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.RepeatedTest;

/**
 * A writer raises the target while a migration copies into it. The two really interleave: the migration waits for
 * one more sweep of the writer every {@value #EVERY} items, and the writer sweeps until the migration is done. The
 * writer never sees a mark or head of its own lowered, and at the end each key holds the higher of both.
 */
class MigrationRaceTest {
    private static final int ITEMS = 200;
    private static final int EVERY = 10;

    private final ExecutorService pool = Executors.newSingleThreadExecutor();
    private final Semaphore sweeps = new Semaphore(0);
    private final AtomicBoolean migrated = new AtomicBoolean();

    @AfterEach
    void shutdown() {
        pool.shutdownNow();
    }

    /** Waits for one more sweep of the writer every {@link #EVERY} items (a liveness bound, not a timing). */
    private Consumer<Migration.Progress> interleave() {
        return p -> {
            if (p.done() % EVERY == 0) {
                try {
                    assertThat(sweeps.tryAcquire(60, TimeUnit.SECONDS))
                            .as("the writer swept")
                            .isTrue();
                } catch (InterruptedException e) {
                    throw new AssertionError(e);
                }
            }
        };
    }

    /** Runs {@code writer} (which returns its sweep count) beside {@code migration}; the sweep count, or its failure. */
    private int race(Callable<Integer> writer, Runnable migration) throws Exception {
        Future<Integer> w = pool.submit(() -> {
            try {
                return writer.call();
            } finally {
                sweeps.release(ITEMS); // a writer that failed must not leave the migration waiting
            }
        });
        try {
            migration.run();
        } finally {
            migrated.set(true);
        }
        return w.get();
    }

    private static WatermarkKey key(int i) {
        return new WatermarkKey("NetX", "tz1r" + i, "block");
    }

    private static Watermark max(Watermark a, Watermark b) {
        return b.isHigherThan(a) ? b : a;
    }

    @RepeatedTest(3)
    void aWriterAdvancingTheTargetNeverHasAMarkLowered() throws Exception {
        List<StoredWatermark> source = new ArrayList<>();
        for (int i = 0; i < ITEMS; i++) {
            source.add(new StoredWatermark(key(i), new Watermark(90 + i % 50, 0, "src")));
        }
        try (WatermarkStore target = MemoryWatermarkStore.open()) {
            Result[] result = new Result[1];
            int swept = race(
                    () -> {
                        Map<WatermarkKey, Watermark> seen = new HashMap<>();
                        int sweep = 0;
                        for (; !migrated.get(); sweep++) {
                            Watermark mine = new Watermark(95 + sweep, 1, "w" + sweep);
                            for (int i = 0; i < ITEMS; i++) {
                                WatermarkKey k = key(i);
                                Watermark before = seen.get(k);
                                Optional<Watermark> read = target.get(k);
                                assertThat(before == null || read.isPresent() && !before.isHigherThan(read.get()))
                                        .as("%s lowered from %s to %s", k, before, read)
                                        .isTrue();
                                AdvanceResult r = target.advance(k, mine);
                                Watermark now = r instanceof AdvanceResult.Refused f ? f.current() : mine;
                                assertThat(before == null || !before.isHigherThan(now))
                                        .as("%s lowered from %s to %s", k, before, now)
                                        .isTrue();
                                seen.put(k, now);
                            }
                            sweeps.release();
                        }
                        return sweep;
                    },
                    () -> result[0] = Migration.of(false, interleave()).marks(source, target));

            assertThat(swept).isGreaterThanOrEqualTo(ITEMS / EVERY);
            assertThat(result[0].failed()).isZero();
            assertThat(result[0].copied() + result[0].newerAtTarget()).isEqualTo(ITEMS);
            Watermark writers = new Watermark(95 + swept - 1, 1, "w" + (swept - 1));
            for (StoredWatermark s : source) {
                assertThat(target.get(s.key())).contains(max(s.mark(), writers));
            }
        }
    }

    @RepeatedTest(3)
    void aWriterPublishingToTheTargetNeverHasAHeadMovedBack() throws Exception {
        List<NsRecord> source = new ArrayList<>();
        for (int i = 0; i < ITEMS; i++) {
            long t = 10 + i % 40;
            source.add(new NsRecord(
                    alias(i),
                    Optional.of("c" + t),
                    OptionalLong.of(t),
                    Optional.of("i" + t),
                    OptionalLong.of(t),
                    Optional.empty(),
                    "ready",
                    0,
                    1 + i % 3,
                    Map.of(),
                    i % 2,
                    Map.of()));
        }
        try (Publisher target = MemoryPublisher.open()) {
            Result[] result = new Result[1];
            int swept = race(
                    () -> {
                        Map<LedgerAlias, long[]> seen = new HashMap<>();
                        int sweep = 0;
                        for (; !migrated.get(); sweep++) {
                            long t = 5 + sweep;
                            for (int i = 0; i < ITEMS; i++) {
                                LedgerAlias a = alias(i);
                                long[] before = seen.getOrDefault(a, new long[] {-1, -1});
                                Optional<NsRecord> read = target.lookup(a);
                                assertThat(read.map(x -> x.commitT().orElse(-1)).orElse(-1L))
                                        .as("%s commit", a)
                                        .isGreaterThanOrEqualTo(before[0]);
                                assertThat(read.map(x -> x.indexT().orElse(-1)).orElse(-1L))
                                        .as("%s index", a)
                                        .isGreaterThanOrEqualTo(before[1]);
                                NsRecord afterCommit =
                                        target.publishCommit(a, "wc" + t, t).current();
                                NsRecord now =
                                        target.publishIndex(a, "wi" + t, t).current();
                                assertThat(afterCommit.commitT().getAsLong())
                                        .as("%s commit", a)
                                        .isGreaterThanOrEqualTo(before[0]);
                                assertThat(now.commitT().getAsLong())
                                        .as("%s commit", a)
                                        .isGreaterThanOrEqualTo(t);
                                assertThat(now.indexT().getAsLong())
                                        .as("%s index", a)
                                        .isGreaterThanOrEqualTo(Math.max(t, before[1]));
                                seen.put(a, new long[] {
                                    now.commitT().getAsLong(), now.indexT().getAsLong()
                                });
                            }
                            sweeps.release();
                        }
                        return sweep;
                    },
                    () -> result[0] = Migration.of(false, interleave()).records(source, target));

            assertThat(swept).isGreaterThanOrEqualTo(ITEMS / EVERY);
            assertThat(result[0].failed()).isZero();
            long writers = 5 + swept - 1;
            for (NsRecord s : source) {
                NsRecord t = target.lookup(s.alias()).orElseThrow();
                long head = Math.max(s.commitT().getAsLong(), writers);
                assertThat(t.commitT()).as("%s", s.alias()).hasValue(head);
                assertThat(t.indexT()).as("%s", s.alias()).hasValue(head);
                if (s.commitT().getAsLong() != writers) {
                    assertThat(t.commitAddress()).contains(head == writers ? "wc" + head : "c" + head);
                }
                assertThat(t.statusV()).isEqualTo(s.statusV());
                assertThat(t.configV()).isEqualTo(s.configV());
            }
        }
    }

    private static LedgerAlias alias(int i) {
        return LedgerAlias.parse("ledger" + i + ":main");
    }
}
