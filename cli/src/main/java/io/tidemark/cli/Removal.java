package io.tidemark.cli;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The options of a command that removes data, and its confirmation rule: at a terminal the user is asked; without
 * one {@code --yes} is required, and lacking it is a usage error raised before the store is opened;
 * {@code --dry-run} says what would be removed and removes nothing (it wins over {@code --yes}). {@link #remove}
 * is the whole flow, with its lines and exit codes, for any command that removes one item.
 */
final class Removal {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Option(
            names = {"-y", "--yes"},
            description = "Remove without asking (required when there is no terminal).")
    boolean yes;

    @Option(names = "--dry-run", description = "Print what would be removed; remove nothing.")
    boolean dryRun;

    private Prompt prompt() {
        return ((TidemarkCli) spec.root().userObject()).prompt;
    }

    /** Throws a usage error when the removal can neither be asked about nor was confirmed with {@code --yes}. */
    void requireConfirmable() {
        if (!yes && !dryRun && !prompt().interactive()) {
            throw new ParameterException(
                    spec.commandLine(),
                    spec.qualifiedName()
                            + " removes data and there is no terminal to confirm on: pass --yes to remove, or --dry-run to see what"
                            + " would be removed; nothing removed");
        }
    }

    /** True with {@code --yes}, else asks {@code question} and is true only for the answer y or yes. */
    boolean confirmed(String question) {
        if (yes) {
            return true;
        }
        String answer = prompt().ask(question + " [y/N] ").trim().toLowerCase(Locale.ROOT);
        return answer.equals("y") || answer.equals("yes");
    }

    /**
     * How a removal command speaks of the item it removes.
     *
     * @param name the item's name, in {@code NOT FOUND name} and {@code NOT <done> name: not confirmed ...}
     * @param id the fields naming the item in JSON: {@code {"key":{...}}} or {@code {"alias":"..."}}
     * @param done the past tense of the verb, upper case: {@code DELETED}, {@code RESET}
     * @param json the item's JSON object form (a mark, a record)
     * @param wouldRemove the line of a dry run
     * @param question what to ask before removing
     * @param removed the line after removing
     */
    record Subject<T>(
            Object name,
            Map<String, Object> id,
            String done,
            Function<T, Map<String, Object>> json,
            Function<T, String> wouldRemove,
            Function<T, String> question,
            Function<T, String> removed) {}

    /**
     * Removes {@code current} (what the store holds now) with {@code remove}, following the confirmation rule, and
     * prints one line: {@code NOT FOUND} (exit 4) when there is nothing to remove or it went before {@code remove};
     * a dry run's line (exit 0); not confirmed (exit 3); removed (exit 0). With {@code --json} the lines are the
     * objects with the outcomes {@code absent}, {@code would_remove} (with {@code "dry_run":true} and
     * {@code current}), {@code not_confirmed} (with {@code current}) and {@code removed} (with {@code previous}),
     * each with the subject's {@link Subject#id() id} fields.
     */
    <T> int remove(Common common, Optional<T> current, Subject<T> subject, BooleanSupplier remove) {
        if (current.isEmpty()) {
            common.emit(json("absent", subject, null, null), "NOT FOUND " + subject.name());
            return TidemarkCli.NOT_FOUND;
        }
        T item = current.get();
        if (dryRun) {
            Map<String, Object> o =
                    json("would_remove", subject, "current", subject.json().apply(item));
            o.put("dry_run", true);
            common.emit(o, subject.wouldRemove().apply(item));
            return TidemarkCli.OK;
        }
        if (!confirmed(subject.question().apply(item))) {
            common.emit(
                    json("not_confirmed", subject, "current", subject.json().apply(item)),
                    "NOT " + subject.done() + " " + subject.name() + ": not confirmed, nothing removed");
            return TidemarkCli.NOT_APPLIED;
        }
        if (!remove.getAsBoolean()) {
            common.emit(json("absent", subject, null, null), "NOT FOUND " + subject.name());
            return TidemarkCli.NOT_FOUND;
        }
        common.emit(
                json("removed", subject, "previous", subject.json().apply(item)),
                subject.removed().apply(item));
        return TidemarkCli.OK;
    }

    /** {@code {"outcome":outcome, <id fields>, "<what>":value}}; {@code what} only when named. */
    private static Map<String, Object> json(String outcome, Subject<?> subject, String what, Object value) {
        Map<String, Object> o = Output.outcome(outcome);
        o.putAll(subject.id());
        if (what != null) {
            o.put(what, value);
        }
        return o;
    }
}
