package io.tidemark.bench;

import io.tidemark.BackendConfig;
import io.tidemark.backend.file.FileBackendProvider;
import io.tidemark.discovery.Tidemark;
import io.tidemark.watermark.AdvanceResult;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.io.IOException;
import java.nio.file.Files;
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
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/** Time from {@code Tidemark.openWatermarkStore} to the first completed advance (an existing store), per backend. */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@State(Scope.Benchmark)
public class StartupBench {
    @Param({"file", "aws"})
    public String backend;

    BackendConfig config;
    DynamoDBProxyServer server;
    long level;

    @Setup
    public void prepare() throws IOException {
        if (backend.equals("file")) {
            config = FileBackendProvider.config(Files.createTempDirectory("tidemark-startup"));
        } else {
            int port = Local.freePort();
            server = Local.start(port);
            config = BackendConfig.of(
                    "aws",
                    Map.of(
                            "region",
                            "us-east-1",
                            "endpoint",
                            "http://127.0.0.1:" + port,
                            "access_key_id",
                            "bench",
                            "secret_access_key",
                            "bench"));
            Tidemark.openWatermarkStore(config).close();
        }
    }

    @TearDown
    public void stop() throws Exception {
        if (server != null) {
            server.stop();
        }
    }

    @Benchmark
    public AdvanceResult openToFirstAdvance() {
        try (WatermarkStore s = Tidemark.openWatermarkStore(config)) {
            return s.advance(new WatermarkKey("NetX", "tz1start", "block"), new Watermark(++level, 0, "vh"));
        }
    }
}
