package io.tidemark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Commands that only read (or remove) never create a store: pointed at a base_dir that does not exist they exit 4
 * with one line naming the absolute path, and the directory still does not exist.
 */
class ReadOnlyTest {
    @TempDir
    Path dir;

    Path missing;
    String cfg;

    @BeforeEach
    void config() throws IOException {
        missing = dir.resolve("typo").resolve("data").toAbsolutePath();
        cfg = Files.writeString(
                        dir.resolve("tidemark.yaml"),
                        "publisher:\n  driver: file\n  config: {base_dir: " + missing
                                + "}\nwatermark:\n  driver: file\n  config: {base_dir: " + missing + "}\n")
                .toString();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "watermark get --chain NetX --pkh tz1 --kind block",
                "watermark list",
                "ns lookup mydb",
                "ns list",
                "watermark reset --chain NetX --pkh tz1 --kind block --yes",
                "watermark reset --chain NetX --pkh tz1" + " --kind block --dry-run",
                "ns delete mydb --yes",
                "ns delete mydb --dry-run"
            })
    void onAMissingStoreItSaysSoExits4AndCreatesNothing(String command) {
        List<String> args = new ArrayList<>(List.of(command.split(" ")));
        args.addAll(List.of("--config", cfg));
        Cli c = Cli.run(args.toArray(String[]::new));
        assertThat(c.exit()).as(c.out() + c.err()).isEqualTo(TidemarkCli.NOT_FOUND);
        assertThat(c.out()).isEmpty();
        assertThat(c.err().lines())
                .hasSize(1)
                .first()
                .asString()
                .startsWith("tidemark: ")
                .contains(missing.toString())
                .doesNotContain("Exception");
        assertThat(dir.resolve("typo")).doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(strings = {"watermark list --json", "ns lookup mydb -o json", "ns delete mydb --yes --json"})
    void inJsonModeAMissingStoreIsOneErrorObjectOnStdoutAndExits4(String command) throws Exception {
        List<String> args = new ArrayList<>(List.of(command.split(" ")));
        args.addAll(List.of("--config", cfg));
        Cli c = Cli.run(args.toArray(String[]::new));
        assertThat(c.exit()).as(c.out() + c.err()).isEqualTo(TidemarkCli.NOT_FOUND);
        assertThat(c.err()).isEmpty();
        assertThat(c.out().lines()).hasSize(1);
        var error = new com.fasterxml.jackson.databind.ObjectMapper().readTree(c.out());
        assertThat(error.get("outcome").asText()).isEqualTo("error");
        assertThat(error.get("error").asText()).isEqualTo("StoreNotFoundException");
        assertThat(error.get("message").asText()).contains(missing.toString());
        assertThat(error.get("config").asText()).isEqualTo(cfg);
        assertThat(dir.resolve("typo")).doesNotExist();
    }

    @Test
    void aWriteStillCreatesTheStoreAndThenReadsFindIt() {
        Cli a = Cli.run(
                "watermark",
                "advance",
                "--chain",
                "NetX",
                "--pkh",
                "tz1",
                "--kind",
                "block",
                "--level",
                "1",
                "--round",
                "0",
                "--digest",
                "d",
                "--config",
                cfg);
        assertThat(a.exit()).as(a.err()).isZero();
        assertThat(missing).isDirectory();
        Cli g = Cli.run("watermark", "get", "--chain", "NetX", "--pkh", "tz1", "--kind", "block", "--config", cfg);
        assertThat(g.exit()).isZero();
        Cli l = Cli.run("ns", "lookup", "mydb", "--config", cfg);
        assertThat(l.exit())
                .as("the publisher's store does not exist yet: " + l.err())
                .isEqualTo(TidemarkCli.NOT_FOUND);
    }

    @Test
    void migrateFromAMissingSourceExits4AndCreatesNeitherStore() throws IOException {
        Path target = dir.resolve("target");
        Path to = Files.writeString(
                dir.resolve("to.yaml"),
                "publisher:\n  driver: file\n  config: {base_dir: " + target
                        + "}\nwatermark:\n  driver: file\n  config: {base_dir: " + target + "}\n");
        Cli c = Cli.run("migrate", "--from", cfg, "--to", to.toString());
        assertThat(c.exit()).as(c.out() + c.err()).isEqualTo(TidemarkCli.NOT_FOUND);
        assertThat(c.err().lines()).hasSize(1).first().asString().contains(missing.toString());
        assertThat(dir.resolve("typo")).doesNotExist();
        assertThat(target).doesNotExist();
    }
}
