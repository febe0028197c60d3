package io.tidemark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Items migrate cannot copy are counted and reported on one error line; --verbose lists each. */
class MigrateErrorsTest {
    @TempDir
    Path dir;

    private String config(String name) throws Exception {
        Path base = dir.resolve(name);
        return Files.writeString(
                        dir.resolve(name + ".yaml"), "watermark:\n  driver: file\n  config: {base_dir: " + base + "}\n")
                .toString();
    }

    private static void advance(String cfg, String pkh, String digest) {
        Cli c = Cli.run(
                "watermark",
                "advance",
                "--chain",
                "NetX",
                "--pkh",
                pkh,
                "--kind",
                "block",
                "--level",
                "5",
                "--round",
                "0",
                "--digest",
                digest,
                "--config",
                cfg);
        assertThat(c.exit()).as(c.err()).isZero();
    }

    @Test
    void failedItemsAreOneErrorLineUnlessVerbose() throws Exception {
        String from = config("from");
        String to = config("to");
        for (String pkh : new String[] {"tz1a", "tz1b", "tz1c"}) {
            advance(from, pkh, "source");
            advance(to, pkh, "target");
        }
        Cli c = Cli.run("migrate", "--from", from, "--to", to);
        assertThat(c.exit()).isEqualTo(TidemarkCli.ERROR);
        assertThat(c.out()).contains("failed 3");
        assertThat(c.err().lines())
                .singleElement()
                .asString()
                .startsWith("tidemark: marks: 3 failed; first: StoredWatermark[key=NetX/tz1")
                .contains("the target signed another digest")
                .contains("--verbose");
        Cli verbose = Cli.run("migrate", "--from", from, "--to", to, "--verbose");
        assertThat(verbose.err().lines())
                .hasSize(3)
                .allMatch(l -> l.startsWith("tidemark: marks: StoredWatermark[key=NetX/tz1"));
    }
}
