package io.tidemark.cli;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Map;

/** Runs the command in-process and keeps what it printed. */
record Cli(int exit, String out, String err) {
    static Cli run(String... args) {
        return withEnv(Map.of(), args);
    }

    /** Runs with {@code env} as the environment variables the command sees (no terminal to prompt on). */
    static Cli withEnv(Map<String, String> env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Prompt none = new Prompt() {
            @Override
            public boolean interactive() {
                return false;
            }

            @Override
            public String ask(String question) {
                return "";
            }
        };
        int code = TidemarkCli.run(args, new PrintWriter(out, true), new PrintWriter(err, true), none, env);
        return new Cli(code, out.toString(), err.toString());
    }
}
