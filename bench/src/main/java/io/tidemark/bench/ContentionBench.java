package io.tidemark.bench;

import com.zaxxer.hikari.HikariDataSource;
import io.tidemark.backend.dynamodb.DynamoDbWatermarkStore;
import io.tidemark.backend.file.FileWatermarkStore;
import io.tidemark.backend.jdbc.PostgresWatermarkStore;
import io.tidemark.backend.memory.MemoryWatermarkStore;
import io.tidemark.watermark.AdvanceResult;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/**
 * 8 threads race on one key of each backend: every two consecutive tickets share a level, each thread signs its own
 * digest, so about half the calls lose a same-slot race. Reports throughput and the refused count (aux counters).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ContentionBench {
    static final WatermarkKey KEY = new WatermarkKey("NetX", "tz1race", "block");

    @State(Scope.Benchmark)
    public static class Store {
        @Param({"mem", "file", "aws", "postgresql"})
        public String backend;

        WatermarkStore store;
        DynamoDBProxyServer server;
        DynamoDbClient client;
        Path dir;
        EmbeddedPostgres pg;
        HikariDataSource pool;
        final AtomicLong ticket = new AtomicLong();

        @Setup
        public void open() throws IOException {
            switch (backend) {
                case "mem" -> store = MemoryWatermarkStore.open();
                case "file" -> {
                    dir = Files.createTempDirectory("tidemark-contention");
                    store = FileWatermarkStore.open(dir, true);
                }
                case "postgresql" -> {
                    pg = Pg.start();
                    pool = Pg.pool(pg, 8);
                    store = PostgresWatermarkStore.open(pool, "public", "watermark");
                }
                default -> {
                    int port = Local.freePort();
                    server = Local.start(port);
                    client = Local.client(port, new Local.Counter());
                    store = DynamoDbWatermarkStore.open(client, "watermark");
                }
            }
        }

        @TearDown
        public void close() throws Exception {
            store.close();
            if (server != null) {
                client.close();
                server.stop();
            }
            if (pg != null) {
                pool.close();
                pg.close();
            }
        }
    }

    /** Per-thread outcome counts, reported by JMH next to the throughput. */
    @AuxCounters(AuxCounters.Type.EVENTS)
    @State(Scope.Thread)
    public static class Outcomes {
        public long applied;
        public long refused;
        String digest;

        @Setup(Level.Trial)
        public void name() {
            digest = "digest-of-" + Thread.currentThread().getId();
        }
    }

    @Benchmark
    @Threads(8)
    public AdvanceResult race8OneKey(Store s, Outcomes o) {
        AdvanceResult r = s.store.advance(KEY, new Watermark(s.ticket.incrementAndGet() / 2, 0, o.digest));
        if (r.maySign()) {
            o.applied++;
        } else {
            o.refused++;
        }
        return r;
    }
}
