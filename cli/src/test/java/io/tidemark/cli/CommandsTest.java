package io.tidemark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every contract command on the file backend: outcomes, JSON lines, exit codes, and one-line errors. */
class CommandsTest {
    @TempDir
    Path dir;

    String cfg;

    @BeforeEach
    void config() throws IOException {
        cfg = Files.writeString(
                        dir.resolve("tidemark.yaml"),
                        "publisher:\n  driver: file\n  config: {base_dir: " + dir.resolve("data")
                                + "}\nwatermark:\n  driver: file\n  config: {base_dir: " + dir.resolve("data") + "}\n")
                .toString();
    }

    private Cli wm(String... args) {
        String[] all = new String[args.length + 2];
        System.arraycopy(args, 0, all, 0, args.length);
        all[args.length] = "--config";
        all[args.length + 1] = cfg;
        return Cli.run(all);
    }

    @Test
    void watermarkOutcomesAndExitCodes() {
        Cli a = wm(
                "watermark",
                "advance",
                "--chain",
                "NetX",
                "--pkh",
                "tz1",
                "--kind",
                "block",
                "--level",
                "12",
                "--round",
                "0",
                "--digest",
                "vh1");
        assertThat(a.exit()).isZero();
        assertThat(a.out()).startsWith("ADVANCED (first mark for NetX/tz1/block)");
        Cli r = wm(
                "watermark",
                "advance",
                "--chain",
                "NetX",
                "--pkh",
                "tz1",
                "--kind",
                "block",
                "--level",
                "12",
                "--round",
                "0",
                "--digest",
                "vh1");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("REPEATED (current: level 12 round 0 digest vh1)");
        Cli f = wm(
                "watermark",
                "advance",
                "--chain",
                "NetX",
                "--pkh",
                "tz1",
                "--kind",
                "block",
                "--level",
                "12",
                "--round",
                "0",
                "--digest",
                "vh2");
        assertThat(f.exit()).isEqualTo(TidemarkCli.NOT_APPLIED);
        assertThat(f.out()).startsWith("REFUSED (current: level 12 round 0 digest vh1)");
        Cli j = wm(
                "watermark",
                "advance",
                "--json",
                "--chain",
                "NetX",
                "--pkh",
                "tz1",
                "--kind",
                "block",
                "--level",
                "13",
                "--round",
                "0",
                "--digest",
                "vh3");
        assertThat(j.out().trim())
                .isEqualTo(
                        "{\"outcome\":\"advanced\",\"key\":{\"chain_id\":\"NetX\",\"pkh\":\"tz1\",\"request\":\"block\"},"
                                + "\"mark\":{\"lvl\":13,\"round\":0,\"digest\":\"vh3\"},\"previous\":{\"lvl\":12,\"round\":0,\"digest\":\"vh1\"},"
                                + "\"current\":{\"lvl\":13,\"round\":0,\"digest\":\"vh3\"}}");
        assertThat(wm("watermark", "get", "--chain", "NetX", "--pkh", "tz1", "--kind", "block")
                        .out())
                .contains("level 13 round 0 digest vh3");
        assertThat(wm("watermark", "list", "--json").out().lines())
                .containsExactly(
                        "{\"outcome\":\"found\",\"key\":{\"chain_id\":\"NetX\",\"pkh\":\"tz1\",\"request\":\"block\"},"
                                + "\"current\":{\"lvl\":13,\"round\":0,\"digest\":\"vh3\"}}");
        assertThat(wm("watermark", "reset", "--chain", "NetX", "--pkh", "tz1", "--kind", "block", "--yes")
                        .exit())
                .isZero();
        assertThat(wm("watermark", "get", "--chain", "NetX", "--pkh", "tz1", "--kind", "block")
                        .exit())
                .isEqualTo(TidemarkCli.NOT_FOUND);
    }

    @Test
    void nameserviceOutcomesAndExitCodes() {
        assertThat(wm("ns", "publish-commit", "mydb", "c5", "5").out()).startsWith("UPDATED (commit t 5 address c5)");
        assertThat(wm("ns", "publish-commit", "mydb", "c5", "5").out()).startsWith("UNCHANGED");
        Cli stale = wm("ns", "publish-commit", "mydb:main", "c4", "4");
        assertThat(stale.exit()).isEqualTo(TidemarkCli.NOT_APPLIED);
        assertThat(stale.out()).startsWith("STALE (commit t 5 address c5)");
        assertThat(wm("ns", "publish-index", "mydb", "i3", "3").exit()).isZero();
        assertThat(wm(
                                "ns",
                                "push-status",
                                "mydb",
                                "--expected-v",
                                "1",
                                "--state",
                                "indexing",
                                "--meta",
                                "{\"queue_depth\":3}")
                        .out())
                .startsWith("APPLIED (status_v 2)");
        Cli conflict = wm("ns", "push-status", "mydb", "--expected-v", "1", "--state", "x");
        assertThat(conflict.exit()).isEqualTo(TidemarkCli.NOT_APPLIED);
        assertThat(conflict.out()).startsWith("CONFLICT (status_v 2)");
        assertThat(wm("ns", "push-config", "mydb", "--expected-v", "0", "--default-context", "ctx:1")
                        .out())
                .startsWith("APPLIED (config_v 1)");
        assertThat(wm("ns", "retract", "mydb").out()).startsWith("RETRACTED mydb:main status retracted (v3)");
        Cli look = wm("ns", "lookup", "mydb", "--json");
        assertThat(look.out())
                .contains(
                        "\"commit_t\":5",
                        "\"index_t\":3",
                        "\"status\":\"retracted\"",
                        "\"status_meta\":{\"queue_depth\":3}",
                        "\"default_context_address\":\"ctx:1\"");
        assertThat(wm("ns", "list").out().lines()).hasSize(1);
        assertThat(wm("ns", "lookup", "nobody").exit()).isEqualTo(TidemarkCli.NOT_FOUND);
        assertThat(wm("ns", "delete", "mydb", "--yes").exit()).isZero();
        assertThat(wm("ns", "lookup", "mydb").exit()).isEqualTo(TidemarkCli.NOT_FOUND);
    }

    @Test
    void badInputIsOneClearLineAndNonZero() throws IOException {
        Cli missing = wm("watermark", "advance", "--chain", "NetX", "--pkh", "tz1", "--kind", "block");
        assertThat(missing.exit()).isEqualTo(TidemarkCli.USAGE);
        assertThat(missing.err().lines()).hasSize(1).first().asString().contains("Missing required option");
        Cli negative = wm(
                "watermark",
                "advance",
                "--chain",
                "NetX",
                "--pkh",
                "tz1",
                "--kind",
                "block",
                "--level",
                "-1",
                "--round",
                "0",
                "--digest",
                "d");
        assertThat(negative.exit()).isEqualTo(TidemarkCli.USAGE);
        assertThat(negative.err().lines())
                .containsExactly(
                        "tidemark: invalid level '-1': must be >= 0 (see 'tidemark watermark advance --help')");
        Path nope = Files.writeString(dir.resolve("nope.yaml"), "watermark:\n  driver: nope\n");
        Cli driver = Cli.run("watermark", "list", "--config", nope.toString());
        assertThat(driver.exit()).isEqualTo(TidemarkCli.ERROR);
        assertThat(driver.err().lines())
                .hasSize(1)
                .first()
                .asString()
                .contains("no backend 'nope'")
                .contains("file");
        Cli unreadable =
                Cli.run("ns", "list", "--config", dir.resolve("missing.yaml").toString());
        assertThat(unreadable.exit()).isEqualTo(TidemarkCli.ERROR);
        assertThat(unreadable.err().lines())
                .hasSize(1)
                .first()
                .asString()
                .contains("missing.yaml: no such config file");
        Cli badMeta = wm("ns", "push-status", "x", "--expected-v", "1", "--state", "s", "--meta", "[1]");
        assertThat(badMeta.err().lines()).hasSize(1).first().asString().contains("invalid meta");
        Cli badAlias = wm("ns", "lookup", ":main");
        assertThat(badAlias.exit()).isEqualTo(TidemarkCli.USAGE);
        assertThat(badAlias.err()).doesNotContain("Exception").doesNotContain("\tat ");
        Cli verbose = wm("ns", "lookup", ":main", "--verbose");
        assertThat(verbose.err()).contains("InvalidInputException").contains("\tat ");
        assertThat(Cli.run("frobnicate").exit()).isEqualTo(TidemarkCli.USAGE);
    }

    @Test
    void anAtFileArgumentIsNotExpandedSoAConfigsSecretsAreNeverEchoed() throws IOException {
        Path secret = Files.writeString(
                dir.resolve("aws.yaml"),
                "watermark:\n  driver: aws\n  config: {region: us-east-1,"
                        + " access_key_id: AKIA, secret_access_key: wJalrXUtnFEMI-planted}\n");
        for (String[] args : new String[][] {
            {"watermark", "list", "--config", "@" + secret},
            {"@" + secret},
            {"ns", "lookup", "@" + secret, "--config", cfg}
        }) {
            Cli c = Cli.run(args);
            assertThat(c.exit())
                    .as(String.join(" ", args))
                    .isIn(TidemarkCli.ERROR, TidemarkCli.USAGE, TidemarkCli.NOT_FOUND);
            assertThat(c.out() + c.err()).doesNotContain("wJalrXUtnFEMI-planted");
            assertThat(c.err().lines()).hasSize(1);
        }
    }

    @Test
    void demoPassesItsFinalCheck() {
        Cli demo = Cli.run("demo", "--levels", "60");
        assertThat(demo.exit()).as(demo.out() + demo.err()).isZero();
        assertThat(demo.out())
                .contains("PASS  no level/round was signed with two payloads")
                .contains("ALL CHECKS PASSED")
                .doesNotContain("FAIL");
    }

    @Test
    void verifyPassesOnTheFileBackendAndCleansUp() {
        Cli v = wm("verify");
        assertThat(v.exit()).as(v.out()).isZero();
        assertThat(v.out()).contains("W16   PASS").contains("P14   PASS").contains("20 passed, 0 failed");
        assertThat(wm("watermark", "list").out()).isEmpty();
        assertThat(wm("ns", "list").out()).isEmpty();
    }
}
