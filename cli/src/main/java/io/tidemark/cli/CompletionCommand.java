package io.tidemark.cli;

import java.util.concurrent.Callable;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/**
 * {@code tidemark completion [bash|zsh]}: prints a completion script for every command and option, generated from
 * the command model by picocli's {@link AutoComplete}, so it cannot fall behind the commands. The bash script also
 * runs in zsh through {@code bashcompinit}, which the zsh script loads first.
 */
@Command(
        name = "completion",
        mixinStandardHelpOptions = true,
        description = {
            "Print a shell completion script. Load it with:",
            "  bash: source <(tidemark completion bash)   (or save it in /etc/bash_completion.d/tidemark)",
            "  zsh:  source <(tidemark completion zsh)    (or save it as _tidemark in a directory of $fpath)"
        })
final class CompletionCommand implements Callable<Integer> {
    /** The shells a script is generated for. */
    enum Shell {
        bash,
        zsh
    }

    /** What a zsh script runs before the bash one: zsh's emulation of bash's {@code complete}. */
    static final String ZSH_PREAMBLE = "#compdef tidemark\n"
            + "autoload -U +X compinit && compinit\n"
            + "autoload -U +X bashcompinit && bashcompinit\n";

    @Mixin
    Output output;

    @Parameters(
            index = "0",
            arity = "0..1",
            paramLabel = "SHELL",
            defaultValue = "bash",
            description = "The shell: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    Shell shell;

    @Override
    public Integer call() {
        String bash = AutoComplete.bash("tidemark", output.spec.root().commandLine());
        String script = shell == Shell.zsh ? ZSH_PREAMBLE + bash : bash;
        if (output.json) {
            var o = Output.outcome("generated");
            o.put("shell", shell.name());
            o.put("script", script);
            output.out().println(JsonText.write(o));
        } else {
            output.out().print(script);
            output.out().flush();
        }
        return TidemarkCli.OK;
    }
}
