package io.tidemark.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.InvalidInputException;
import io.tidemark.publisher.CasResult;
import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.NsRecord;
import io.tidemark.publisher.PublishResult;
import io.tidemark.publisher.Publisher;
import io.tidemark.watermark.AdvanceResult;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** The checking layer: invalid input and calls after close never reach the backend; close runs once; the clock. */
class CheckedLayerTest {
    private static final LedgerAlias ALIAS = LedgerAlias.parse("l:main");
    private static final WatermarkKey KEY = new WatermarkKey("NetX", "tz1", "block");

    @Test
    void invalidPublisherArgumentsNameTheFieldAndNeverReachTheBackend() {
        Publisher p = Unreachable.publisher();
        refused("ledger alias", () -> p.publishCommit(null, "a", 1));
        refused("commit address", () -> p.publishCommit(ALIAS, " ", 1));
        refused("commit t", () -> p.publishCommit(ALIAS, "a", -1));
        refused("index address", () -> p.publishIndex(ALIAS, null, 1));
        refused("index t", () -> p.publishIndex(ALIAS, "a", Long.MIN_VALUE));
        refused("ledger alias", () -> p.retract(null));
        refused("expected status v", () -> p.pushStatus(ALIAS, -1, "ready", Map.of()));
        refused("status", () -> p.pushStatus(ALIAS, 1, "a\nb", Map.of()));
        refused("status meta", () -> p.pushStatus(ALIAS, 1, "ready", null));
        refused("status meta.x", () -> p.pushStatus(ALIAS, 1, "ready", Map.of("x", new Object())));
        refused("expected config v", () -> p.pushConfig(ALIAS, -1, Map.of(), Optional.empty()));
        refused("default context address", () -> p.pushConfig(ALIAS, 0, Map.of(), null));
        refused("default context address", () -> p.pushConfig(ALIAS, 0, Map.of(), Optional.of("")));
        refused("ledger alias", () -> p.delete(null));
        refused("ledger alias", () -> p.lookup(null));
    }

    @Test
    void invalidWatermarkArgumentsNameTheFieldAndNeverReachTheBackend() {
        WatermarkStore s = Unreachable.watermarkStore();
        refused("key", () -> s.advance(null, new Watermark(1, 0, "d")));
        refused("mark", () -> s.advance(KEY, null));
        refused("key", () -> s.get(null));
        refused("key", () -> s.reset(null));
    }

    @Test
    void everyCallAfterCloseIsRefusedBeforeTheBackend() {
        Publisher p = Unreachable.publisher();
        WatermarkStore s = Unreachable.watermarkStore();
        p.close();
        s.close();
        List<Runnable> calls = List.of(
                () -> p.publishCommit(ALIAS, "a", 1),
                () -> p.publishIndex(ALIAS, "a", 1),
                () -> p.retract(ALIAS),
                () -> p.pushStatus(ALIAS, 1, "ready", Map.of()),
                () -> p.pushConfig(ALIAS, 0, Map.of(), Optional.empty()),
                () -> p.delete(ALIAS),
                () -> p.lookup(ALIAS),
                p::allRecords,
                () -> s.advance(KEY, new Watermark(1, 0, "d")),
                () -> s.get(KEY),
                () -> s.reset(KEY),
                s::list);
        for (Runnable call : calls) {
            assertThatThrownBy(call::run)
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageEndingWith("is closed");
        }
    }

    @Test
    void closeRacedFromManyThreadsClosesTheBackendOnce() throws Exception {
        for (int round = 0; round < 200; round++) {
            Counting backend = new Counting(Clock.systemUTC());
            Publisher p = Checked.publisher(backend);
            WatermarkStore s = Checked.watermarkStore(backend);
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                AutoCloseable target = i % 2 == 0 ? p : s;
                Thread thread = new Thread(() -> {
                    await(start);
                    try {
                        target.close();
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                });
                thread.start();
                threads.add(thread);
            }
            start.countDown();
            for (Thread t : threads) {
                t.join();
            }
            assertThat(backend.closes.get()).as("one close per wrapper").isEqualTo(2);
        }
    }

    @Property(tries = 1000)
    void theBackendGetsTheClocksEpochSecond(@ForAll @LongRange(min = 0, max = 253_402_300_799L) long second) {
        Clock clock = Clock.fixed(Instant.ofEpochSecond(second, 999_999_999), ZoneOffset.UTC);
        Counting backend = new Counting(clock);
        Publisher p = Checked.publisher(backend, clock);
        p.publishCommit(ALIAS, "a", 1);
        p.publishIndex(ALIAS, "a", 1);
        p.retract(ALIAS);
        p.pushStatus(ALIAS, 1, "ready", Map.of());
        p.pushConfig(ALIAS, 0, Map.of(), Optional.empty());
        assertThat(backend.nows).hasSize(5).containsOnly(second);
    }

    @Test
    void metaReachesTheBackendCanonical() {
        Counting backend = new Counting(Clock.systemUTC());
        Map<String, Object> meta = new HashMap<>();
        meta.put("n", 1.50);
        Checked.publisher(backend).pushStatus(ALIAS, 1, "ready", meta);
        assertThat(backend.lastMeta.get("n").toString()).isEqualTo("1.5");
        assertThatThrownBy(() -> backend.lastMeta.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    }

    private static void refused(String field, Runnable call) {
        assertThatThrownBy(call::run)
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo(field));
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** Records what reached it; answers every write as if nothing were stored. */
    private static final class Counting implements PublisherBackend, io.tidemark.spi.WatermarkBackend {
        final AtomicInteger closes = new AtomicInteger();
        final List<Long> nows = new ArrayList<>();
        final Clock clock;
        Map<String, Object> lastMeta;

        Counting(Clock clock) {
            this.clock = clock;
        }

        private PublishResult head(long now) {
            nows.add(now);
            return new PublishResult.Updated(Optional.empty(), record());
        }

        private NsRecord record() {
            return NsRecord.created(ALIAS, 0);
        }

        @Override
        public PublishResult publishCommit(LedgerAlias alias, String address, long t, long now) {
            return head(now);
        }

        @Override
        public PublishResult publishIndex(LedgerAlias alias, String address, long t, long now) {
            return head(now);
        }

        @Override
        public Optional<NsRecord> retract(LedgerAlias alias, long now) {
            nows.add(now);
            return Optional.empty();
        }

        @Override
        public CasResult pushStatus(
                LedgerAlias alias, long expectedV, String state, Map<String, Object> meta, long now) {
            nows.add(now);
            lastMeta = meta;
            return new CasResult.Conflict(Optional.empty());
        }

        @Override
        public CasResult pushConfig(
                LedgerAlias alias,
                long expectedV,
                Map<String, Object> meta,
                Optional<String> defaultContextAddress,
                long now) {
            nows.add(now);
            return new CasResult.Conflict(Optional.empty());
        }

        @Override
        public boolean delete(LedgerAlias alias) {
            return false;
        }

        @Override
        public Optional<NsRecord> lookup(LedgerAlias alias) {
            return Optional.empty();
        }

        @Override
        public java.util.stream.Stream<NsRecord> allRecords() {
            return java.util.stream.Stream.empty();
        }

        @Override
        public AdvanceResult advance(WatermarkKey key, Watermark mark) {
            return new AdvanceResult.Advanced(Optional.empty());
        }

        @Override
        public Optional<Watermark> get(WatermarkKey key) {
            return Optional.empty();
        }

        @Override
        public java.util.stream.Stream<io.tidemark.watermark.StoredWatermark> list() {
            return java.util.stream.Stream.empty();
        }

        @Override
        public boolean reset(WatermarkKey key) {
            return false;
        }

        @Override
        public io.tidemark.Health check() {
            return new io.tidemark.Health.Reachable("counting backend");
        }

        @Override
        public void close() {
            closes.incrementAndGet();
        }
    }
}
