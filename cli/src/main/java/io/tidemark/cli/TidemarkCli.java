package io.tidemark.cli;

import io.tidemark.InvalidConfigException;
import io.tidemark.InvalidInputException;
import io.tidemark.StoreNotFoundException;
import io.tidemark.TidemarkException;
import io.tidemark.tools.InvalidDocumentException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * {@code tidemark}: every contract operation, migration between backends, a live check of a configured backend,
 * and a demo. Exit codes: {@link #OK} applied/repeated/found, {@link #NOT_APPLIED} refused/stale/conflict,
 * {@link #NOT_FOUND} nothing stored, {@link #ERROR} an error, {@link #USAGE} bad command line.
 */
@Command(
        name = "tidemark",
        mixinStandardHelpOptions = true,
        versionProvider = Version.class,
        description = "High-water marks for ledger nameservices and signer watermarks.",
        subcommands = {
            WatermarkCommands.class,
            NsCommands.class,
            MigrateCommand.class,
            ExportCommand.class,
            ImportCommand.class,
            VerifyCommand.class,
            DemoCommand.class,
            DriversCommand.class,
            CompletionCommand.class
        },
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {
            "0:applied, repeated or found",
            "1:error (config or backend)",
            "2:bad command line (an unknown command or option, a missing or invalid value)",
            "3:not applied (refused, stale, conflict, removal not confirmed)",
            "4:not found (no such key, record or store)"
        })
public final class TidemarkCli implements Runnable {
    static final int OK = 0;
    static final int ERROR = 1;
    static final int USAGE = 2;
    static final int NOT_APPLIED = 3;
    static final int NOT_FOUND = 4;
    /** Longest error line printed; longer messages (a huge argument echoed back) are cut. */
    static final int MAX_LINE = 1000;

    /** Where destructive commands ask for confirmation. */
    final Prompt prompt;
    /** The environment variables the command reads ({@link Common#ENV}). */
    final Map<String, String> env;

    @Spec
    CommandSpec spec;

    TidemarkCli(Prompt prompt, Map<String, String> env) {
        this.prompt = prompt;
        this.env = env;
    }

    /**
     * Runs the command line on the process's streams, terminal and environment, and exits with its code.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(run(
                args,
                new PrintWriter(System.out, true),
                new PrintWriter(System.err, true),
                Prompt.terminal(),
                System.getenv()));
    }

    /** {@code tidemark} without a command: a usage error listing the commands. */
    @Override
    public void run() {
        throw missingCommand(spec);
    }

    /** The usage error of a command run without one of its subcommands. */
    static ParameterException missingCommand(CommandSpec spec) {
        return new ParameterException(
                spec.commandLine(),
                "Missing command: " + spec.qualifiedName() + " takes one of "
                        + spec.subcommands().keySet());
    }

    /**
     * Runs the command line with the given streams, asking at the process's terminal, with no environment
     * variables; returns the exit code.
     */
    static int run(String[] args, PrintWriter out, PrintWriter err) {
        return run(args, out, err, Prompt.terminal());
    }

    /** Runs the command line with the given streams and prompt and no environment variables; the exit code. */
    static int run(String[] args, PrintWriter out, PrintWriter err, Prompt prompt) {
        return run(args, out, err, prompt, Map.of());
    }

    /**
     * Runs the command line with the given streams, prompt and environment variables; returns the exit code.
     *
     * <p>An error is one line on {@code err} (with {@code --verbose}, followed by its stack trace), with control
     * characters and lone surrogates escaped; in JSON mode ({@code -o json}, {@code --json}) it is instead one JSON
     * object on {@code out}: {@code {"outcome":"error","error":<type>,"message":...}} (the stack trace still on
     * {@code err}). A usage error (a bad command line, or an {@link InvalidInputException}: an argument's value the
     * contracts refuse, but not an {@link InvalidDocumentException}: a file's contents) exits {@link #USAGE}; a {@link StoreNotFoundException} exits {@link #NOT_FOUND}; other
     * exceptions exit {@link #ERROR}, those that are not Tidemark's or I/O faults labelled as internal errors. An
     * error of a command that read a config file names the file when the message does not, and says when it came
     * from {@link Common#ENV}. {@link Error}s propagate.
     */
    static int run(String[] args, PrintWriter out, PrintWriter err, Prompt prompt, Map<String, String> env) {
        boolean verbose = Arrays.asList(args).contains("--verbose");
        CommandLine cl = new CommandLine(new TidemarkCli(prompt, env));
        // No @file expansion: an argument naming a config file would be split into words and echoed in the error.
        cl.setOut(out).setErr(err).setExpandAtFiles(false).setCaseInsensitiveEnumValuesAllowed(true);
        versions(cl);
        cl.setParameterExceptionHandler((ex, a) -> {
            String hint = ex instanceof UnmatchedArgumentException u
                            && !u.getSuggestions().isEmpty()
                    ? " (did you mean '" + u.getSuggestions().get(0) + "'?)"
                    : "";
            String message = ex.getMessage() + hint + " (see '"
                    + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help')";
            return error(out, err, jsonRequested(a), ex.getClass().getSimpleName(), message, Map.of(), USAGE);
        });
        cl.setExecutionExceptionHandler((ex, c, parse) -> {
            Optional<Output> o = output(c);
            boolean json = o.map(x -> x.json).orElseGet(() -> jsonRequested(args));
            // An invalid document read from a file is bad data, not a bad command line.
            boolean usage = ex instanceof InvalidInputException && !(ex instanceof InvalidDocumentException);
            boolean ours =
                    ex instanceof TidemarkException || ex instanceof IOException || ex instanceof UncheckedIOException;
            String kind = ex instanceof InvalidConfigException
                    ? "config: "
                    : ours ? "" : "internal error: " + ex.getClass().getName() + ": ";
            String message = ex.getMessage() == null ? ex.toString() : ex.getMessage();
            Map<String, Object> fields = new LinkedHashMap<>();
            if (usage) {
                message += " (see '" + c.getCommandSpec().qualifiedName() + " --help')";
            } else if (o.orElse(null) instanceof Common common) {
                Optional<Path> file = common.configPath();
                Optional<String> from = common.configSource();
                if (file.isPresent()) {
                    fields.put("config", file.get().toString());
                    fields.put("config_from", from.get());
                    if (from.get().equals(Common.ENV)) {
                        message += " (config file " + file.get() + " from " + Common.ENV + ")";
                    } else if (!message.contains(file.get().toString())) {
                        message += " (config file " + file.get() + ")";
                    }
                }
            }
            String type = ours ? ex.getClass().getSimpleName() : ex.getClass().getName();
            int code = usage ? USAGE : ex instanceof StoreNotFoundException ? NOT_FOUND : ERROR;
            error(out, err, json, type, kind + message, fields, code);
            if (verbose) {
                ex.printStackTrace(err);
            }
            return code;
        });
        return cl.execute(args);
    }

    /**
     * Prints an error: in JSON mode {@code {"outcome":"error","error":type,"message":message, ...fields}} on
     * {@code out}, else {@code tidemark: message} on {@code err}, one line either way; returns {@code code}.
     */
    private static int error(
            PrintWriter out,
            PrintWriter err,
            boolean json,
            String type,
            String message,
            Map<String, Object> fields,
            int code) {
        if (json) {
            Map<String, Object> o = Output.outcome("error");
            o.put("error", type);
            o.put("message", message);
            o.putAll(fields);
            out.println(JsonText.write(o));
        } else {
            err.println(oneLine("tidemark: " + message));
        }
        return code;
    }

    /** Gives every command of the tree the version of {@code tidemark --version}. */
    private static void versions(CommandLine c) {
        c.getCommandSpec().versionProvider(new Version());
        c.getSubcommands().values().forEach(TidemarkCli::versions);
    }

    /** The output options of the command {@code c} ran, if it takes them. */
    private static Optional<Output> output(CommandLine c) {
        if (c.getCommand() instanceof Output o) {
            return Optional.of(o);
        }
        return c.getCommandSpec().mixins().values().stream()
                .map(CommandSpec::userObject)
                .filter(Output.class::isInstance)
                .map(Output.class::cast)
                .findFirst();
    }

    /**
     * Whether the command line asks for JSON output: its last {@code --json}, {@code -o FORMAT},
     * {@code --output FORMAT} ({@code =FORMAT} and {@code -oFORMAT} too) says json. For errors found while parsing,
     * before the options are all read.
     */
    static boolean jsonRequested(String[] args) {
        boolean json = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--")) {
                break;
            } else if (a.equals("--json")) {
                json = true;
            } else if ((a.equals("-o") || a.equals("--output")) && i + 1 < args.length) {
                json = args[++i].equalsIgnoreCase("json");
            } else if (a.startsWith("--output=") || a.startsWith("-o=")) {
                json = a.substring(a.indexOf('=') + 1).equalsIgnoreCase("json");
            } else if (a.startsWith("-o") && !a.startsWith("--")) {
                json = a.substring(2).equalsIgnoreCase("json");
            }
        }
        return json;
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
