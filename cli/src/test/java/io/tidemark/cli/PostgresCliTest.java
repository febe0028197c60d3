package io.tidemark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.NsRecord;
import io.tidemark.publisher.Publisher;
import io.tidemark.watermark.StoredWatermark;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
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

/**
 * The command on the PostgreSQL backend (driver {@code postgresql}, in the CLI's class path and shaded jar):
 * {@code verify} passes against a real server and leaves nothing behind, and {@code migrate} copies a file store to
 * PostgreSQL and back with everything preserved.
 */
class PostgresCliTest {
    static EmbeddedPostgres pg;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        pg = EmbeddedPostgres.builder().start();
    }

    @AfterAll
    static void stop() throws Exception {
        pg.close();
    }

    private Path pgConfig(String name) throws Exception {
        String url = "jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/postgres";
        return Files.writeString(
                dir.resolve(name + ".yaml"),
                "publisher:\n  driver: postgresql\n  config: {url: '" + url + "', user: postgres, nameservice_table: "
                        + name + "_ns}\nwatermark:\n  driver: postgres\n  config: {url: '" + url
                        + "', user: postgres, watermark_table: " + name + "_wm}\n");
    }

    private Path fileConfig(String name) throws Exception {
        Path base = dir.resolve(name);
        return Files.writeString(
                dir.resolve(name + ".yaml"),
                "publisher:\n  driver: file\n  config: {base_dir: " + base
                        + "}\nwatermark:\n  driver: file\n  config: {base_dir: " + base + "}\n");
    }

    @Test
    void verifyPassesOnPostgresqlAndCleansUp() throws Exception {
        Path cfg = pgConfig("verify");
        Cli v = Cli.run("verify", "--config", cfg.toString());
        assertThat(v.exit()).as(v.out() + v.err()).isZero();
        assertThat(v.out()).contains("W16   PASS").contains("P14   PASS").contains("20 passed, 0 failed");
        assertThat(Cli.run("watermark", "list", "--config", cfg.toString()).out())
                .isEmpty();
        assertThat(Cli.run("ns", "list", "--config", cfg.toString()).out()).isEmpty();
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
    void migrateFileToPostgresqlAndBackPreservesEverything() throws Exception {
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
            p.pushConfig(a, 0, Map.of("index_threshold", 100), Optional.of("ctx:1"));
            p.publishCommit(LedgerAlias.parse("gone"), "c1", 1);
            p.retract(LedgerAlias.parse("gone"));
        }
        Path pgCfg = pgConfig("mig");
        Cli first = Cli.run("migrate", "--from", src.toString(), "--to", pgCfg.toString());
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out())
                .contains("marks: copied 30, already present 0, newer at target 0, failed 0")
                .contains("records: copied 2, already present 0, newer at target 0, failed 0");
        assertThat(marks(pgCfg)).isEqualTo(marks(src));
        assertThat(records(pgCfg)).isEqualTo(records(src));
        assertThat(Cli.run("migrate", "--from", src.toString(), "--to", pgCfg.toString())
                        .out())
                .contains("marks: copied 0, already present 30")
                .contains("records: copied 0, already present 2");

        Path back = fileConfig("back");
        Cli home = Cli.run("migrate", "--from", pgCfg.toString(), "--to", back.toString());
        assertThat(home.exit()).as(home.err()).isZero();
        assertThat(marks(back)).isEqualTo(marks(src));
        assertThat(records(back)).isEqualTo(records(src));
    }

    @Test
    void migratingAStoreOntoItselfIsRefused() throws Exception {
        Path a = pgConfig("self");
        Cli c = Cli.run("migrate", "--from", a.toString(), "--to", a.toString());
        assertThat(c.exit()).isEqualTo(TidemarkCli.ERROR);
        assertThat(c.err()).contains("same store");
    }
}
