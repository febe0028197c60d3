package io.tidemark.cli;

import java.util.Locale;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * The options of a command that removes data, and its confirmation rule: at a terminal the user is asked; without
 * one {@code --yes} is required, and lacking it is a usage error raised before the store is opened;
 * {@code --dry-run} says what would be removed and removes nothing (it wins over {@code --yes}).
 */
final class Removal {
  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(names = {"-y", "--yes"}, description = "Remove without asking (required when there is no terminal).")
  boolean yes;

  @Option(names = "--dry-run", description = "Print what would be removed; remove nothing.")
  boolean dryRun;

  private Prompt prompt() {
    return ((TidemarkCli) spec.root().userObject()).prompt;
  }

  /** Throws a usage error when the removal can neither be asked about nor was confirmed with {@code --yes}. */
  void requireConfirmable() {
    if (!yes && !dryRun && !prompt().interactive()) {
      throw new ParameterException(spec.commandLine(), spec.qualifiedName()
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
}
