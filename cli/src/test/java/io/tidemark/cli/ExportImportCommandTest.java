package io.tidemark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.NsRecord;
import io.tidemark.publisher.Publisher;
import io.tidemark.watermark.StoredWatermark;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tidemark export} and {@code tidemark import}: file to file, JSON output, dry run, the signer's files. */
class ExportImportCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path config(String name) throws Exception {
        Path base = dir.resolve(name);
        return Files.writeString(
                dir.resolve(name + ".yaml"),
                "publisher:\n  driver: file\n  config: {base_dir: " + base
                        + "}\nwatermark:\n  driver: file\n  config: {base_dir: " + base + "}\n");
    }

    private static Set<StoredWatermark> marks(Path cfg) {
        try (WatermarkStore s = Stores.watermarkStore(cfg)) {
            return s.list().collect(Collectors.toSet());
        }
    }

    private static Set<LedgerAlias> aliases(Path cfg) {
        try (Publisher p = Stores.publisher(cfg)) {
            return p.allRecords().map(NsRecord::alias).collect(Collectors.toSet());
        }
    }

    @Test
    void exportToAFileThenImportTwiceThenADryRun() throws Exception {
        Path src = config("src");
        try (WatermarkStore s = Stores.watermarkStore(src);
                Publisher p = Stores.publisher(src)) {
            for (int i = 0; i < 5; i++) {
                s.advance(new WatermarkKey("NetX", "tz1c" + i, "block"), new Watermark(10 + i, 0, "vh" + i));
            }
            p.publishCommit(LedgerAlias.parse("db"), "c1", 1);
            p.pushStatus(LedgerAlias.parse("db"), 1, "busy", Map.of("n", 1));
        }
        Path file = dir.resolve("out.json");
        Cli export = Cli.run("export", "--config", src.toString(), "--to", file.toString());
        assertThat(export.exit()).as(export.err()).isZero();
        assertThat(export.out()).contains("exported 5 marks and 1 records to " + file);
        assertThat(JSON.readTree(file.toFile())
                        .get("metadata")
                        .get("interchange_format_version")
                        .asInt())
                .isEqualTo(1);

        Path dst = config("dst");
        Cli first = Cli.run("import", "--config", dst.toString(), "--from", file.toString());
        assertThat(first.exit()).as(first.err()).isZero();
        assertThat(first.out())
                .contains("marks: applied 5, already present 0, skipped as lower 0, conflicts 0")
                .contains("records: applied 1, already present 0, skipped as lower 0, conflicts 0");
        assertThat(marks(dst)).isEqualTo(marks(src));

        Cli second = Cli.run("import", "--config", dst.toString(), "--from", file.toString(), "--json");
        assertThat(second.exit()).as(second.err()).isZero();
        JsonNode o = JSON.readTree(second.out());
        assertThat(o.get("outcome").asText()).isEqualTo("imported");
        assertThat(o.get("marks").get("already_present").asInt()).isEqualTo(5);
        assertThat(o.get("records").get("already_present").asInt()).isEqualTo(1);

        Path empty = config("empty");
        Cli dry = Cli.run("import", "--config", empty.toString(), "--from", file.toString(), "--dry-run");
        assertThat(dry.exit()).as(dry.err()).isZero();
        assertThat(dry.out())
                .contains("would apply mark NetX/tz1c0/block level 10 round 0 digest vh0")
                .contains("would apply record db:main commit_t 1 status busy status_v 2 config_v 0")
                .contains("marks (dry run): would apply 5");
        assertThat(marks(empty)).isEmpty();
        assertThat(aliases(empty)).isEmpty();

        Cli dryJson = Cli.run("import", "--config", empty.toString(), "--from", file.toString(), "--dry-run", "--json");
        String[] lines = dryJson.out().strip().split("\n");
        assertThat(lines).hasSize(7);
        for (String line : lines) {
            assertThat(JSON.readTree(line).has("outcome")).as(line).isTrue();
        }
        assertThat(JSON.readTree(lines[6]).get("outcome").asText()).isEqualTo("would_import");
    }

    @Test
    void exportToStdoutIsTheDocumentAlone() throws Exception {
        Path src = config("one");
        try (WatermarkStore s = Stores.watermarkStore(src)) {
            s.advance(new WatermarkKey("NetX", "tz1", "block"), new Watermark(1, 0, "d"));
        }
        Cli export = Cli.run("export", "--config", src.toString());
        assertThat(export.exit()).as(export.err()).isZero();
        JsonNode doc = JSON.readTree(export.out());
        assertThat(doc.get("watermarks")).hasSize(1);
        assertThat(doc.get("metadata").get("source").asText()).contains(src.toString());
    }

    @Test
    void signerFilesWithLegacyKindsAndAConflictExitThree() throws Exception {
        Path base = dir.resolve("signer");
        Files.createDirectories(base.resolve("watermark_v2"));
        Files.writeString(
                base.resolve("watermark_v2/NetXdQprcVkpaWU.json"),
                "{\n    \"tz1a\": {\n        \"endorsement\": {\n            \"level\": 7,\n            \"round\": 1,\n"
                        + "            \"hash\": null\n        }\n    }\n}");
        Path dst = config("target");
        try (WatermarkStore s = Stores.watermarkStore(dst)) {
            s.advance(new WatermarkKey("NetXdQprcVkpaWU", "tz1a", "attestation"), new Watermark(7, 1, "vhREAL"));
        }
        Cli r = Cli.run(
                "import", "--config", dst.toString(), "--from", base.toString(), "--from-format", "signer-files");
        assertThat(r.exit()).isEqualTo(3);
        assertThat(r.out()).contains("marks: applied 0, already present 0, skipped as lower 0, conflicts 1");
        assertThat(r.err()).contains("tidemark: conflict: marks NetXdQprcVkpaWU/tz1a/attestation");
        Cli kept = Cli.run(
                "import",
                "--config",
                dst.toString(),
                "--from",
                base.toString(),
                "--from-format",
                "signer-files",
                "--keep-kind-names",
                "--json");
        assertThat(kept.exit()).as(kept.err()).isZero();
        assertThat(JSON.readTree(kept.out()).get("marks").get("applied").asInt())
                .isEqualTo(1);
        assertThat(marks(dst))
                .contains(new StoredWatermark(
                        new WatermarkKey("NetXdQprcVkpaWU", "tz1a", "endorsement"),
                        new Watermark(7, 1, Watermark.NO_DIGEST)));
    }

    @Test
    void anInvalidDocumentIsOneErrorLineNamingThePathAndNothingIsWritten() throws Exception {
        Path file = Files.writeString(
                dir.resolve("bad.json"),
                "{\"metadata\":{\"interchange_format_version\":1,\"exported_at\":\"2026-01-01T00:00:00Z\",\"source\":"
                        + "\"x\"},\"watermarks\":[{\"chain_id\":\"c\",\"pkh\":\"p\",\"kind\":\"k\",\"level\":1,"
                        + "\"round\":0,\"digest\":\"d\"},{\"chain_id\":\"c\"}],\"records\":[]}");
        Path dst = config("bad-target");
        Cli r = Cli.run("import", "--config", dst.toString(), "--from", file.toString());
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err().strip())
                .startsWith("tidemark: invalid $.watermarks[1]")
                .doesNotContain("\n");
        assertThat(marks(dst)).isEmpty();
        Cli unknown = Cli.run("import", "--config", dst.toString(), "--from", file.toString(), "--from-format", "x");
        assertThat(unknown.exit()).as("a bad option value is a usage error").isEqualTo(2);
        assertThat(unknown.err()).contains("interchange, signer-files, ns-files");
        assertThat(unknown.out()).isEmpty();
    }
}
