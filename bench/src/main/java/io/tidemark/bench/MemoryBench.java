package io.tidemark.bench;

import io.tidemark.backend.memory.MemoryPublisher;
import io.tidemark.backend.memory.MemoryWatermarkStore;
import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.Publisher;
import io.tidemark.watermark.AdvanceResult;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * The memory backend against a raw {@code ConcurrentHashMap.compute} doing the same comparison. Levels climb, so most
 * calls apply; on one shared key several threads collide. Pairs: {@code mem*} vs {@code raw*} with the same suffix.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class MemoryBench {
    static final WatermarkKey SHARED = new WatermarkKey("NetX", "tz1bench", "block");
    static final LedgerAlias ALIAS = LedgerAlias.parse("bench:main");

    @State(Scope.Benchmark)
    public static class Stores {
        WatermarkStore store;
        Publisher publisher;
        ConcurrentHashMap<WatermarkKey, Watermark> raw;
        ConcurrentHashMap<LedgerAlias, long[]> rawNs;
        final AtomicLong level = new AtomicLong();

        @Setup
        public void open() {
            store = MemoryWatermarkStore.open();
            publisher = MemoryPublisher.open();
            raw = new ConcurrentHashMap<>();
            rawNs = new ConcurrentHashMap<>();
        }

        @TearDown
        public void close() {
            store.close();
            publisher.close();
        }
    }

    @State(Scope.Thread)
    public static class Mine {
        WatermarkKey key;
        long level;

        @Setup
        public void key() {
            key = new WatermarkKey("NetX", "tz1bench" + Thread.currentThread().getId(), "block");
        }
    }

    /** The same decision as {@link Watermark#decide}, written directly in the map's compute. */
    static Object rawAdvance(ConcurrentHashMap<WatermarkKey, Watermark> map, WatermarkKey key, Watermark m) {
        Object[] out = new Object[1];
        map.compute(key, (k, cur) -> {
            if (cur == null || m.level() > cur.level() || (m.level() == cur.level() && m.round() > cur.round())) {
                out[0] = cur;
                return m;
            }
            out[0] = cur.equals(m) ? "repeated" : "refused";
            return cur;
        });
        return out[0];
    }

    @Benchmark
    @Threads(1)
    public AdvanceResult memAdvance_1t(Stores s, Mine t) {
        return s.store.advance(t.key, new Watermark(t.level++, 0, "vh"));
    }

    @Benchmark
    @Threads(1)
    public Object rawAdvance_1t(Stores s, Mine t) {
        return rawAdvance(s.raw, t.key, new Watermark(t.level++, 0, "vh"));
    }

    @Benchmark
    @Threads(8)
    public AdvanceResult memAdvance_8tDistinctKeys(Stores s, Mine t) {
        return s.store.advance(t.key, new Watermark(t.level++, 0, "vh"));
    }

    @Benchmark
    @Threads(8)
    public Object rawAdvance_8tDistinctKeys(Stores s, Mine t) {
        return rawAdvance(s.raw, t.key, new Watermark(t.level++, 0, "vh"));
    }

    @Benchmark
    @Threads(8)
    public AdvanceResult memAdvance_8tOneKey(Stores s) {
        return s.store.advance(SHARED, new Watermark(s.level.incrementAndGet(), 0, "vh"));
    }

    @Benchmark
    @Threads(8)
    public Object rawAdvance_8tOneKey(Stores s) {
        return rawAdvance(s.raw, SHARED, new Watermark(s.level.incrementAndGet(), 0, "vh"));
    }

    @Benchmark
    @Threads(1)
    public Object memPublishCommit_1t(Stores s, Mine t) {
        return s.publisher.publishCommit(ALIAS, "commit", t.level++);
    }

    @Benchmark
    @Threads(1)
    public Object rawPublishCommit_1t(Stores s, Mine t) {
        return rawPublish(s, t.level++);
    }

    @Benchmark
    @Threads(8)
    public Object memPublishCommit_8tOneKey(Stores s) {
        return s.publisher.publishCommit(ALIAS, "commit", s.level.incrementAndGet());
    }

    @Benchmark
    @Threads(8)
    public Object rawPublishCommit_8tOneKey(Stores s) {
        return rawPublish(s, s.level.incrementAndGet());
    }

    /** A record of {commit_t, updated_at} replaced when t is higher: the raw form of publishCommit. */
    static Object rawPublish(Stores s, long t) {
        Object[] out = new Object[1];
        s.rawNs.compute(ALIAS, (k, cur) -> {
            if (cur == null || t > cur[0]) {
                out[0] = cur;
                return new long[] {t, System.currentTimeMillis() / 1000};
            }
            out[0] = "stale";
            return cur;
        });
        return out[0];
    }
}
