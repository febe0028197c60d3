package io.tidemark.cli;

import io.tidemark.InvalidConfigException;
import io.tidemark.StoreNotFoundException;
import io.tidemark.TidemarkException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * {@code tidemark}: every contract operation, migration between backends, a live check of a configured backend,
 * and a demo. Exit codes: {@link #OK} applied/repeated/found, {@link #NOT_APPLIED} refused/stale/conflict,
 * {@link #NOT_FOUND} nothing stored, {@link #ERROR} an error, {@link #USAGE} bad command line.
 */
@Command(
        name = "tidemark",
        mixinStandardHelpOptions = true,
        version = "tidemark 0.1.0",
        description = "High-water marks for ledger nameservices and signer watermarks.",
        subcommands = {
            WatermarkCommands.class,
            NsCommands.class,
            MigrateCommand.class,
            ExportCommand.class,
            ImportCommand.class,
            VerifyCommand.class,
            DemoCommand.class,
            DriversCommand.class
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:applied, repeated or found",
            "1:error (bad input, config or backend)",
            "2:bad command line",
            "3:not applied (refused, stale, conflict, removal not confirmed)",
            "4:not found (no such key, record or store)"
        })
public final class TidemarkCli {
    static final int OK = 0;
    static final int ERROR = 1;
    static final int USAGE = 2;
    static final int NOT_APPLIED = 3;
    static final int NOT_FOUND = 4;
    /** Longest error line printed; longer messages (a huge argument echoed back) are cut. */
    static final int MAX_LINE = 1000;

    /** Where destructive commands ask for confirmation. */
    final Prompt prompt;

    TidemarkCli(Prompt prompt) {
        this.prompt = prompt;
    }

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs the command line with the given streams, asking at the process's terminal; returns the exit code. */
    static int run(String[] args, PrintWriter out, PrintWriter err) {
        return run(args, out, err, Prompt.terminal());
    }

    /**
     * Runs the command line with the given streams and prompt; returns the exit code. Every error is one line on
     * {@code err} (with {@code --verbose}, followed by its stack trace), with control characters and lone
     * surrogates escaped. A {@link StoreNotFoundException} exits {@link #NOT_FOUND}; other exceptions exit
     * {@link #ERROR}, those that are not Tidemark's or I/O faults labelled as internal errors. {@link Error}s
     * propagate.
     */
    static int run(String[] args, PrintWriter out, PrintWriter err, Prompt prompt) {
        boolean verbose = Arrays.asList(args).contains("--verbose");
        CommandLine cl = new CommandLine(new TidemarkCli(prompt));
        // No @file expansion: an argument naming a config file would be split into words and echoed in the error.
        cl.setOut(out).setErr(err).setExpandAtFiles(false);
        cl.setParameterExceptionHandler((ex, a) -> {
            String hint = ex instanceof UnmatchedArgumentException u
                            && !u.getSuggestions().isEmpty()
                    ? " (did you mean '" + u.getSuggestions().get(0) + "'?)"
                    : "";
            err.println(oneLine("tidemark: " + ex.getMessage() + hint + " (see '"
                    + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help')"));
            return USAGE;
        });
        cl.setExecutionExceptionHandler((ex, c, parse) -> {
            boolean ours =
                    ex instanceof TidemarkException || ex instanceof IOException || ex instanceof UncheckedIOException;
            String kind = ex instanceof InvalidConfigException
                    ? "config: "
                    : ours ? "" : "internal error: " + ex.getClass().getName() + ": ";
            err.println(oneLine("tidemark: " + kind + (ex.getMessage() == null ? ex.toString() : ex.getMessage())));
            if (verbose) {
                ex.printStackTrace(err);
            }
            return ex instanceof StoreNotFoundException ? NOT_FOUND : ERROR;
        });
        return cl.execute(args);
    }

    /**
     * {@code s} as one line: control characters, line separators and unpaired surrogates written as Java unicode
     * escapes (backslash, u, four hex digits), cut at {@link #MAX_LINE} characters.
     */
    static String oneLine(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < MAX_LINE; i++) {
            char c = s.charAt(i);
            boolean pair =
                    Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
            if (pair) {
                b.append(c).append(s.charAt(++i));
            } else if (Character.isISOControl(c) || Character.isSurrogate(c) || c == '\u2028' || c == '\u2029') {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.length() < MAX_LINE ? b.toString() : b + "...(cut)";
    }
}
