package io.tidemark.cli;

import java.io.PrintWriter;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * The output options every command takes ({@code -o/--output text|json}, its synonym {@code --json}, and
 * {@code --verbose}) and the one way commands print a result: a readable line, or one JSON object per line whose
 * first field is {@code outcome} (the shape the README documents).
 */
class Output {
    /** The output formats of {@code -o}. */
    enum Format {
        text,
        json
    }

    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    /** Whether results are printed as JSON objects, one a line. */
    boolean json;

    /** Whether errors are followed by their stack trace (on stderr). */
    boolean verbose;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FORMAT",
            description = "Output format: ${COMPLETION-CANDIDATES} (default text). json prints one JSON object per"
                    + " line, each with an 'outcome' field; errors too (on stdout).")
    void output(Format format) {
        json = format == Format.json;
    }

    @Option(names = "--json", description = "Same as -o json.")
    void json(boolean on) {
        json = on;
    }

    @Option(names = "--verbose", description = "Print the stack trace of an error (on stderr).")
    void verbose(boolean on) {
        verbose = on;
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    /** A JSON object whose first field is {@code outcome}; fields are added in the order they are put. */
    static Map<String, Object> outcome(String outcome) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("outcome", outcome);
        return o;
    }

    /** Prints {@code object} as one JSON line with {@code --json}, else {@code text}. */
    void emit(Map<String, Object> object, String text) {
        out().println(json ? JsonText.write(object) : text);
    }
}
