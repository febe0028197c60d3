package io.tidemark.cli;

import java.io.Console;
import java.util.Objects;

/** Where a destructive command asks its question: the terminal, or nobody when there is none. */
interface Prompt {
    /** Whether there is a user to ask. */
    boolean interactive();

    /** Asks {@code question} and returns the answer line, or the empty string at the end of input. */
    String ask(String question);

    /** The process's terminal ({@link System#console()}); not interactive when there is none. */
    static Prompt terminal() {
        return new Prompt() {
            @Override
            public boolean interactive() {
                return System.console() != null;
            }

            @Override
            public String ask(String question) {
                Console c = System.console();
                return c == null ? "" : Objects.requireNonNullElse(c.readLine("%s", question), "");
            }
        };
    }
}
