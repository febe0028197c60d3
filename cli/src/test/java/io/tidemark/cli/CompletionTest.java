package io.tidemark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
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
