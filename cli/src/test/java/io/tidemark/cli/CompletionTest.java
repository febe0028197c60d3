package io.tidemark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/** {@code tidemark completion}: the generated scripts know every command and option of the tree. */
class CompletionTest {
    @Test
    void theBashScriptNamesEverySubcommandAndOption() {
        Cli bash = Cli.run("completion", "bash");
        assertThat(bash.exit()).as(bash.err()).isZero();
        assertThat(bash.out()).startsWith("#!/usr/bin/env bash").contains("complete -F _complete_tidemark");
        assertNamesEverything(bash.out());
        assertThat(Cli.run("completion").out()).as("bash by default").isEqualTo(bash.out());
    }

    @Test
    void theZshScriptLoadsBashcompinitAndNamesEverySubcommand() {
        Cli zsh = Cli.run("completion", "zsh");
        assertThat(zsh.exit()).as(zsh.err()).isZero();
        assertThat(zsh.out()).startsWith(CompletionCommand.ZSH_PREAMBLE).contains("bashcompinit");
        assertNamesEverything(zsh.out());
    }

    /** The bash script, sourced in a real bash, completes commands and options as a user types them. */
    @Test
    void bashCompletesWhatTheUserTypes(@TempDir Path dir) throws Exception {
        Path script = Files.writeString(
                dir.resolve("tidemark.bash"), Cli.run("completion", "bash").out());
        assertThat(complete(script, "tidemark", "wat")).isEqualTo("watermark");
        assertThat(complete(script, "tidemark", "ns", "pu"))
                .isEqualTo("publish-commit publish-index push-status push-config");
        assertThat(complete(script, "tidemark", "watermark", "advance", "--le")).isEqualTo("--level");
        assertThat(complete(script, "tidemark", "watermark", "list", "-o", "")).isEqualTo("text json");
    }

    /** What {@code _complete_tidemark} offers for the last word of {@code words}. */
    private static String complete(Path script, String... words) throws Exception {
        String array = String.join(
                " ", java.util.Arrays.stream(words).map(w -> "'" + w + "'").toList());
        String line = String.join(" ", words);
        String bash = "source '" + script + "'; COMP_WORDS=(" + array + "); COMP_CWORD=" + (words.length - 1)
                + "; COMP_LINE='" + line + "'; COMP_POINT=" + line.length()
                + "; _complete_tidemark; echo \"${COMPREPLY[*]}\"";
        Process p = new ProcessBuilder("bash", "-c", bash)
                .redirectError(
                        ProcessBuilder.Redirect.DISCARD) // compopt: "not currently executing completion function"
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor()).as(out).isZero();
        return out;
    }

    @Test
    void anotherShellIsAUsageErrorNamingTheChoices() {
        Cli fish = Cli.run("completion", "fish");
        assertThat(fish.exit()).isEqualTo(TidemarkCli.USAGE);
        assertThat(fish.err()).contains("'fish'", "bash", "zsh");
    }

    private static void assertNamesEverything(String script) {
        List<CommandSpec> commands = ConventionsTest.commands();
        assertThat(commands).hasSizeGreaterThan(15);
        for (CommandSpec c : commands) {
            for (String name : c.names()) {
                assertThat(script).as("command %s", c.qualifiedName()).contains(name);
            }
            for (OptionSpec o : c.options()) {
                if (!o.hidden()) {
                    assertThat(script)
                            .as("option %s of %s", o.longestName(), c.qualifiedName())
                            .contains(o.longestName());
                }
            }
        }
        // Each subcommand is offered where it belongs: the group's function lists its commands.
        assertThat(script).contains("advance get list reset").contains("publish-commit publish-index lookup");
    }
}
