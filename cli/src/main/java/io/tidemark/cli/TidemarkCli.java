package io.tidemark.cli;

import io.tidemark.InvalidConfigException;
import io.tidemark.InvalidInputException;
import java.io.PrintWriter;
import java.util.Arrays;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * {@code tidemark}: every contract operation, migration between backends, a live check of a configured backend,
 * and a demo. Exit codes: {@link #OK} applied/repeated/found, {@link #NOT_APPLIED} refused/stale/conflict,
 * {@link #NOT_FOUND} nothing stored, {@link #ERROR} an error, {@link #USAGE} bad command line.
 */
@Command(name = "tidemark", mixinStandardHelpOptions = true, version = "tidemark 0.1.0",
    description = "High-water marks for ledger nameservices and signer watermarks.",
    subcommands = {WatermarkCommands.class, NsCommands.class, MigrateCommand.class, VerifyCommand.class, DemoCommand.class},
    exitCodeListHeading = "%nExit codes:%n",
    exitCodeList = {"0:applied, repeated or found", "1:error (bad input, config or backend)", "2:bad command line",
        "3:not applied (refused, stale, conflict)", "4:not found"})
public final class TidemarkCli {
  static final int OK = 0;
  static final int ERROR = 1;
  static final int USAGE = 2;
  static final int NOT_APPLIED = 3;
  static final int NOT_FOUND = 4;

  public static void main(String[] args) {
    System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
  }

  /** Runs the command line with the given streams; returns the exit code. */
  static int run(String[] args, PrintWriter out, PrintWriter err) {
    boolean verbose = Arrays.asList(args).contains("--verbose");
    CommandLine cl = new CommandLine(new TidemarkCli());
    cl.setOut(out).setErr(err);
    cl.setParameterExceptionHandler((ex, a) -> {
      err.println("tidemark: " + ex.getMessage() + " (see '" + ex.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
      return USAGE;
    });
    cl.setExecutionExceptionHandler((ex, c, parse) -> {
      String kind = ex instanceof InvalidInputException ? "" : ex instanceof InvalidConfigException ? "config: " : "";
      err.println("tidemark: " + kind + (ex.getMessage() == null ? ex.toString() : ex.getMessage().replace('\n', ' ')));
      if (verbose) {
        ex.printStackTrace(err);
      }
      return ERROR;
    });
    return cl.execute(args);
  }
}
