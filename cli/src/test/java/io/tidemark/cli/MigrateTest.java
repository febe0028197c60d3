package io.tidemark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.NsRecord;
import io.tidemark.publisher.Publisher;
import io.tidemark.watermark.StoredWatermark;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/** migrate from a file store to DynamoDB Local and back: everything preserved, a second run finds it all present. */
class MigrateTest {
    static DynamoDBProxyServer server;
    static int port;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        server = ServerRunner.createServerFromCommandLineArgs(
                new String[] {"-inMemory", "-port", Integer.toString(port), "-disableTelemetry"});
        server.start();
    }

    @AfterAll
    static void stop() throws Exception {
        server.stop();
    }

    private Path fileConfig(String name) throws Exception {
        Path base = dir.resolve(name);
        return Files.writeString(
                dir.resolve(name + ".yaml"),
                "publisher:\n  driver: file\n  config: {base_dir: " + base
                        + "}\nwatermark:\n  driver: file\n  config: {base_dir: " + base + "}\n");
    }

    private Path awsConfig() throws Exception {
        String creds = "access_key_id: test, secret_access_key: test";
        return Files.writeString(
                dir.resolve("aws.yaml"),
                "publisher:\n  driver: aws\n  config: {dynamodbTable: nameservice, dynamodbEndpoint: 'http://127.0.0.1:"
                        + port + "', create_table: true, " + creds
                        + "}\nwatermark:\n  driver: aws\n  config: {region: us-east-1, table: watermark, endpoint: 'http://127.0.0.1:"
                        + port + "', " + creds + "}\n");
    }

    private static Set<StoredWatermark> marks(Path cfg) {
        try (WatermarkStore s = Stores.watermarkStore(cfg)) {
            return s.list().collect(Collectors.toSet());
        }
    }

    /** Records without updated_at, which is the target's own time. */
    private static Set<NsRecord> records(Path cfg) {
        try (Publisher p = Stores.publisher(cfg)) {
            return p.allRecords()
                    .map(r -> new NsRecord(
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
                            r.configMeta()))
                    .collect(Collectors.toSet());
        }
    }

    @Test
    void fileToDynamoDbAndBackPreservesEverything() throws Exception {
        Path src = fileConfig("src");
        try (WatermarkStore s = Stores.watermarkStore(src);
                Publisher p = Stores.publisher(src)) {
            for (int i = 0; i < 30; i++) {
                s.advance(
                        new WatermarkKey("NetX", "tz1m" + i, i % 2 == 0 ? "block" : "attestation"),
                        new Watermark(100 + i, i % 3, "vh" + i));
            }
            LedgerAlias a = LedgerAlias.parse("mydb:main");
            p.publishCommit(a, "c9", 9);
            p.publishIndex(a, "i7", 7);
            p.pushStatus(a, 1, "indexing", Map.of("queue_depth", 4, "nested", Map.of("x", List.of(1.5, "y"))));
            p.pushStatus(a, 2, "ready", Map.of("done", true));
            p.pushConfig(a, 0, Map.of("index_threshold", 100), Optional.of("ctx:1"));
            p.publishIndex(LedgerAlias.parse("indexonly:dev"), "i1", 1);
            p.publishCommit(LedgerAlias.parse("gone"), "c1", 1);
            p.retract(LedgerAlias.parse("gone"));
        }
        Path aws = awsConfig();
        Cli first = Cli.run("migrate", "--from", src.toString(), "--to", aws.toString());
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out())
                .contains("marks: copied 30, already present 0, newer at target 0, failed 0")
                .contains("records: copied 3, already present 0, newer at target 0, failed 0");
        assertThat(marks(aws)).isEqualTo(marks(src));
        assertThat(records(aws)).isEqualTo(records(src));

        Cli again = Cli.run("migrate", "--from", src.toString(), "--to", aws.toString());
        assertThat(again.out())
                .contains("marks: copied 0, already present 30")
                .contains("records: copied 0, already present 3");

        Path back = fileConfig("back");
        assertThat(Cli.run("migrate", "--from", aws.toString(), "--to", back.toString(), "--dry-run")
                        .out())
                .contains("marks (dry run): would copy 30")
                .contains("records (dry run): would copy 3");
        assertThat(marks(back)).isEmpty();
        assertThat(Cli.run("migrate", "--from", aws.toString(), "--to", back.toString())
                        .exit())
                .isZero();
        assertThat(marks(back)).isEqualTo(marks(src));
        assertThat(records(back)).isEqualTo(records(src));
    }

    @Test
    void newerMarksAtTheTargetAreNeverLowered() throws Exception {
        Path src = fileConfig("s2");
        Path dst = fileConfig("d2");
        WatermarkKey k = new WatermarkKey("NetX", "tz1", "block");
        try (WatermarkStore s = Stores.watermarkStore(src);
                WatermarkStore d = Stores.watermarkStore(dst)) {
            s.advance(k, new Watermark(5, 0, "old"));
            d.advance(k, new Watermark(9, 0, "new"));
        }
        assertThat(Cli.run("migrate", "--from", src.toString(), "--to", dst.toString())
                        .out())
                .contains("marks: copied 0, already present 0, newer at target 1");
        try (WatermarkStore d = Stores.watermarkStore(dst)) {
            assertThat(d.get(k)).contains(new Watermark(9, 0, "new"));
        }
    }

    @Test
    void refusesToMigrateAStoreOntoItself() throws Exception {
        Path a = fileConfig("same");
        Path b = Files.writeString(
                dir.resolve("same-again.yaml"),
                "watermark:\n  driver: FILE\n  config: {base_dir: " + dir.resolve("x/../same") + "}\n");
        Cli c = Cli.run("migrate", "--from", a.toString(), "--to", b.toString());
        assertThat(c.exit()).isEqualTo(TidemarkCli.ERROR);
        assertThat(c.err()).contains("same store");
    }
}
