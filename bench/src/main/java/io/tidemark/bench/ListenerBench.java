package io.tidemark.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tidemark.BackendConfig;
import io.tidemark.discovery.Tidemark;
import io.tidemark.micrometer.TidemarkMetrics;
import io.tidemark.watermark.AdvanceResult;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * What the checking layer's operation hook costs on the cheapest backend (memory, one thread, levels climbing so
 * every call applies): no listener (the default: no clock read, nothing built), a listener that does nothing (the
 * timing and the event), and {@code TidemarkMetrics} on a {@code SimpleMeterRegistry} (a timer and a counter per
 * call). On any durable backend the operation itself is thousands of times slower than the difference.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Thread)
public class ListenerBench {
    private static final WatermarkKey KEY = new WatermarkKey("NetX", "tz1listener", "block");

    @Param({"none", "noop", "micrometer"})
    public String listener;

    private WatermarkStore store;
    private long level;

    @Setup
    public void open() {
        BackendConfig config = BackendConfig.of("mem", Map.of());
        store = Tidemark.openWatermarkStore(
                switch (listener) {
                    case "none" -> config;
                    case "noop" -> config.withListener(e -> {});
                    case "micrometer" -> config.withListener(new TidemarkMetrics(new SimpleMeterRegistry()));
                    default -> throw new IllegalArgumentException(listener);
                });
    }

    @TearDown
    public void close() {
        store.close();
    }

    @Benchmark
    public AdvanceResult advance() {
        return store.advance(KEY, new Watermark(++level, 0, "d"));
    }
}
