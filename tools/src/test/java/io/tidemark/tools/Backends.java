package io.tidemark.tools;

import io.tidemark.BackendConfig;
import io.tidemark.discovery.Tidemark;
import io.tidemark.publisher.NsRecord;
import io.tidemark.publisher.Publisher;
import io.tidemark.watermark.StoredWatermark;
import io.tidemark.watermark.WatermarkStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/**
 * Fresh stores of every backend, opened through discovery as users do: memory, file (a new directory), DynamoDB
 * (a new table on one in-memory DynamoDB Local server per test JVM) and PostgreSQL (a new table on one embedded
 * server per test JVM).
 */
enum Backends {
    MEM,
    FILE,
    DYNAMODB,
    POSTGRESQL;

    private static final AtomicInteger NEXT = new AtomicInteger();
    private static int port;
    private static DynamoDBProxyServer server;
    private static EmbeddedPostgres postgres;

    /** A fresh watermark store. */
    WatermarkStore marks() {
        return Tidemark.openWatermarkStore(config("wm"));
    }

    /** A fresh publisher. */
    Publisher records() {
        return Tidemark.openPublisher(config("ns"));
    }

    private BackendConfig config(String what) {
        int n = NEXT.incrementAndGet();
        return switch (this) {
            case MEM -> BackendConfig.of("mem", Map.of());
            case FILE -> {
                try {
                    Path dir = Files.createTempDirectory("tidemark-xfer-" + what);
                    yield BackendConfig.of("file", Map.of("base_dir", dir.toString()));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            case DYNAMODB -> {
                String endpoint = "http://127.0.0.1:" + dynamoDbLocal();
                yield what.equals("wm")
                        ? BackendConfig.of(
                                "aws",
                                Map.of(
                                        "region", "us-east-1",
                                        "table", "wm" + n,
                                        "endpoint", endpoint,
                                        "access_key_id", "test",
                                        "secret_access_key", "test"))
                        : BackendConfig.of(
                                "aws",
                                Map.of(
                                        "dynamodbTable", "ns" + n,
                                        "dynamodbEndpoint", endpoint,
                                        "create_table", "true",
                                        "access_key_id", "test",
                                        "secret_access_key", "test"));
            }
            case POSTGRESQL -> BackendConfig.of(
                    "postgresql",
                    Map.of(
                            "url",
                            postgres(),
                            "user",
                            "postgres",
                            what.equals("wm") ? "watermark_table" : "nameservice_table",
                            what + n));
        };
    }

    /** The JDBC URL of the shared embedded PostgreSQL server (real server binaries), started on first use. */
    static synchronized String postgres() {
        if (postgres == null) {
            try {
                postgres = EmbeddedPostgres.builder()
                        .setServerConfig("fsync", "off")
                        .start();
            } catch (IOException e) {
                throw new UncheckedIOException("embedded PostgreSQL did not start", e);
            }
        }
        return "jdbc:postgresql://127.0.0.1:" + postgres.getPort() + "/postgres?sslmode=disable";
    }

    /** The port of the shared DynamoDB Local server, started on first use. */
    static synchronized int dynamoDbLocal() {
        if (server == null) {
            try {
                try (ServerSocket s = new ServerSocket(0)) {
                    port = s.getLocalPort();
                }
                server = ServerRunner.createServerFromCommandLineArgs(
                        new String[] {"-inMemory", "-port", Integer.toString(port), "-disableTelemetry"});
                server.start();
            } catch (Exception e) {
                throw new IllegalStateException("DynamoDB Local did not start", e);
            }
        }
        return port;
    }

    /** Every mark of {@code s}. */
    static Set<StoredWatermark> contents(WatermarkStore s) {
        try (Stream<StoredWatermark> all = s.list()) {
            return all.collect(Collectors.toSet());
        }
    }

    /** Every record of {@code p}, {@code updated_at} set to 0 (it is each store's own time). */
    static Set<NsRecord> contents(Publisher p) {
        try (Stream<NsRecord> all = p.allRecords()) {
            return all.map(Backends::withoutTime).collect(Collectors.toSet());
        }
    }

    static NsRecord withoutTime(NsRecord r) {
        return new NsRecord(
                r.alias(),
                r.commitAddress(),
                r.commitT(),
                r.indexAddress(),
                r.indexT(),
                r.defaultContextAddress(),
                r.status(),
                0,
                r.statusV(),
                r.statusMeta(),
                r.configV(),
                r.configMeta());
    }
}
