package io.tidemark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code watermark reset} and {@code ns delete} remove only when confirmed: at a terminal by answering the
 * question, elsewhere by {@code --yes}; {@code --dry-run} shows what would go and removes nothing. The tests run
 * without a console, so the plain runs take the non-interactive path; the terminal path runs through a prompt
 * the test answers.
 */
class DestructiveTest {
    @TempDir
    Path dir;

    Path data;
    String cfg;

    private static final String[] KEY = {"--chain", "NetX", "--pkh", "tz1", "--kind", "block"};

    @BeforeEach
    void store() throws IOException {
        data = dir.resolve("data");
        cfg = Files.writeString(
                        dir.resolve("tidemark.yaml"),
                        "publisher:\n  driver: file\n  config: {base_dir: " + data
                                + "}\nwatermark:\n  driver: file\n  config: {base_dir: " + data + "}\n")
                .toString();
        assertThat(run(
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
                                "1",
                                "--digest",
                                "vh1")
                        .exit())
                .isZero();
        assertThat(run("ns", "publish-commit", "mydb", "c5", "5").exit()).isZero();
    }

    private String[] args(String... args) {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--config", cfg));
        return all.toArray(String[]::new);
    }

    private Cli run(String... args) {
        return Cli.run(args(args));
    }

    private String[] reset(String... more) {
        List<String> all = new ArrayList<>(List.of("watermark", "reset"));
        all.addAll(List.of(KEY));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    private Map<String, byte[]> files() throws IOException {
        return DemoTest.files(data);
    }

    @Test
    void withoutATerminalResetAndDeleteNeedYesAndRemoveNothing() throws IOException {
        Map<String, byte[]> before = files();
        Cli reset = run(reset());
        assertThat(reset.exit()).isEqualTo(TidemarkCli.USAGE);
        assertThat(reset.out()).isEmpty();
        assertThat(reset.err().lines())
                .hasSize(1)
                .first()
                .asString()
                .contains("--yes")
                .contains("--dry-run")
                .contains("nothing removed");
        Cli delete = run("ns", "delete", "mydb");
        assertThat(delete.exit()).isEqualTo(TidemarkCli.USAGE);
        assertThat(delete.err().lines())
                .hasSize(1)
                .first()
                .asString()
                .contains("--yes")
                .contains("nothing removed");
        assertThat(files()).usingRecursiveComparison().isEqualTo(before);
        assertThat(run("watermark", "get", "--chain", "NetX", "--pkh", "tz1", "--kind", "block")
                        .out())
                .contains("level 12 round 1 digest vh1");
        assertThat(run("ns", "lookup", "mydb").exit()).isZero();
    }

    @Test
    void dryRunSaysWhatWouldBeRemovedAndRemovesNothing() throws IOException {
        Map<String, byte[]> before = files();
        Cli reset = run(reset("--dry-run"));
        assertThat(reset.exit()).as(reset.err()).isZero();
        assertThat(reset.out())
                .isEqualTo(
                        "WOULD RESET NetX/tz1/block (current: level 12 round 1 digest vh1)" + System.lineSeparator());
        Cli delete = run("ns", "delete", "mydb", "--dry-run");
        assertThat(delete.exit()).as(delete.err()).isZero();
        assertThat(delete.out()).startsWith("WOULD DELETE mydb:main status ready (v1) commit t 5 c5");
        Cli json = run(reset("--dry-run", "--json"));
        assertThat(json.out().trim())
                .isEqualTo("{\"outcome\":\"would_remove\",\"key\":{\"chain_id\":\"NetX\","
                        + "\"pkh\":\"tz1\",\"request\":\"block\"},\"current\":{\"lvl\":12,\"round\":1,\"digest\":\"vh1\"},"
                        + "\"dry_run\":true}");
        assertThat(run(reset("--dry-run", "--yes")).exit())
                .as("--dry-run wins over --yes")
                .isZero();
        assertThat(files()).usingRecursiveComparison().isEqualTo(before);
        Cli absent = run("ns", "delete", "nobody", "--dry-run");
        assertThat(absent.exit()).isEqualTo(TidemarkCli.NOT_FOUND);
        assertThat(absent.out()).startsWith("NOT FOUND nobody:main");
    }

    @Test
    void yesRemovesAndSaysWhatWasRemoved() {
        Cli reset = run(reset("--yes"));
        assertThat(reset.exit()).as(reset.err()).isZero();
        assertThat(reset.out()).startsWith("RESET NetX/tz1/block (was: level 12 round 1 digest vh1)");
        assertThat(run("watermark", "get", "--chain", "NetX", "--pkh", "tz1", "--kind", "block")
                        .exit())
                .isEqualTo(TidemarkCli.NOT_FOUND);
        Cli delete = run("ns", "delete", "mydb", "-y");
        assertThat(delete.exit()).as(delete.err()).isZero();
        assertThat(delete.out()).startsWith("DELETED mydb:main");
        assertThat(run("ns", "lookup", "mydb").exit()).isEqualTo(TidemarkCli.NOT_FOUND);
        assertThat(run(reset("--yes")).exit()).isEqualTo(TidemarkCli.NOT_FOUND);
    }

    /** Runs with a terminal whose user answers {@code answer}; returns the run and what it was asked. */
    private static Cli atTerminal(String answer, List<String> asked, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Prompt prompt = new Prompt() {
            @Override
            public boolean interactive() {
                return true;
            }

            @Override
            public String ask(String question) {
                asked.add(question);
                return answer;
            }
        };
        int code = TidemarkCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true), prompt);
        return new Cli(code, out.toString(), err.toString());
    }

    @Test
    void atATerminalTheUserIsAskedAndOnlyYesRemoves() throws IOException {
        Map<String, byte[]> before = files();
        List<String> asked = new ArrayList<>();
        Cli no = atTerminal("n", asked, args(reset()));
        assertThat(no.exit()).isEqualTo(TidemarkCli.NOT_APPLIED);
        assertThat(no.out()).contains("nothing removed");
        assertThat(asked).singleElement().asString().contains("NetX/tz1/block", "level 12 round 1 digest vh1", "[y/N]");
        assertThat(atTerminal("", asked, args("ns", "delete", "mydb")).exit()).isEqualTo(TidemarkCli.NOT_APPLIED);
        assertThat(files()).usingRecursiveComparison().isEqualTo(before);
        assertThat(atTerminal("yes", asked, args(reset())).exit()).isZero();
        assertThat(atTerminal("y", asked, args("ns", "delete", "mydb")).exit()).isZero();
        assertThat(run("ns", "lookup", "mydb").exit()).isEqualTo(TidemarkCli.NOT_FOUND);
        assertThat(run("watermark", "get", "--chain", "NetX", "--pkh", "tz1", "--kind", "block")
                        .exit())
                .isEqualTo(TidemarkCli.NOT_FOUND);
    }
}
