package io.tidemark.cli;

import io.tidemark.InvalidInputException;
import io.tidemark.publisher.CasResult;
import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.NsRecord;
import io.tidemark.publisher.PublishResult;
import io.tidemark.publisher.Publisher;
import io.tidemark.spi.support.Json;
import java.io.PrintWriter;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code tidemark ns ...}: the nameservice. */
@Command(name = "ns", mixinStandardHelpOptions = true, description = "Ledger nameservice records.",
    subcommands = {NsCommands.PublishCommit.class, NsCommands.PublishIndex.class, NsCommands.Lookup.class, NsCommands.ListRecords.class,
        NsCommands.Retract.class, NsCommands.PushStatus.class, NsCommands.PushConfig.class, NsCommands.Delete.class})
final class NsCommands {

  @SuppressWarnings("unchecked")
  static Map<String, Object> meta(String json) {
    if (json == null) {
      return Map.of();
    }
    try {
      if (Json.parse(json) instanceof Map<?, ?> m) {
        return (Map<String, Object>) m;
      }
    } catch (IllegalArgumentException e) {
      throw new InvalidInputException("meta", json, e.getMessage());
    }
    throw new InvalidInputException("meta", json, "must be a JSON object");
  }

  abstract static class Publish implements Callable<Integer> {
    @Mixin Common common;
    @Parameters(index = "0", paramLabel = "ALIAS", description = "name or name:branch") String alias;
    @Parameters(index = "1", paramLabel = "ADDRESS") String address;
    @Parameters(index = "2", paramLabel = "T") long t;

    abstract boolean commit();

    @Override
    public Integer call() {
      LedgerAlias a = LedgerAlias.parse(alias);
      try (Publisher p = common.openPublisher()) {
        PublishResult r = commit() ? p.publishCommit(a, address, t) : p.publishIndex(a, address, t);
        common.out().println(Render.publish(commit(), r, common.json));
        return r.applied() || r instanceof PublishResult.Unchanged ? TidemarkCli.OK : TidemarkCli.NOT_APPLIED;
      }
    }
  }

  @Command(name = "publish-commit", mixinStandardHelpOptions = true, description = "Publish a commit head (applies iff t > commit_t).")
  static final class PublishCommit extends Publish {
    @Override
    boolean commit() {
      return true;
    }
  }

  @Command(name = "publish-index", mixinStandardHelpOptions = true, description = "Publish an index head (applies iff t > index_t).")
  static final class PublishIndex extends Publish {
    @Override
    boolean commit() {
      return false;
    }
  }

  @Command(name = "lookup", mixinStandardHelpOptions = true, description = "Print one record.")
  static final class Lookup implements Callable<Integer> {
    @Mixin Common common;
    @Parameters(paramLabel = "ALIAS") String alias;

    @Override
    public Integer call() {
      LedgerAlias a = LedgerAlias.parse(alias);
      try (Publisher p = common.openExistingPublisher()) {
        Optional<NsRecord> r = p.lookup(a);
        common.out().println(r.map(x -> Render.record(x, common.json)).orElse(common.json ? "{}" : "NOT FOUND " + a));
        return r.isPresent() ? TidemarkCli.OK : TidemarkCli.NOT_FOUND;
      }
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "Print every record, retracted ones included.")
  static final class ListRecords implements Callable<Integer> {
    @Mixin Common common;

    @Override
    public Integer call() {
      try (Publisher p = common.openExistingPublisher(); Stream<NsRecord> all = p.allRecords()) {
        all.forEach(r -> common.out().println(Render.record(r, common.json)));
        return TidemarkCli.OK;
      }
    }
  }

  @Command(name = "retract", mixinStandardHelpOptions = true, description = "Mark a ledger retracted (status_v + 1).")
  static final class Retract implements Callable<Integer> {
    @Mixin Common common;
    @Parameters(paramLabel = "ALIAS") String alias;

    @Override
    public Integer call() {
      LedgerAlias a = LedgerAlias.parse(alias);
      try (Publisher p = common.openPublisher()) {
        Optional<NsRecord> r = p.retract(a);
        common.out().println(r.map(x -> common.json ? Render.record(x, true) : "RETRACTED " + Render.record(x, false))
            .orElse(common.json ? "{}" : "NOT FOUND " + a));
        return r.isPresent() ? TidemarkCli.OK : TidemarkCli.NOT_FOUND;
      }
    }
  }

  @Command(name = "push-status", mixinStandardHelpOptions = true, description = "Compare-and-set the status on status_v.")
  static final class PushStatus implements Callable<Integer> {
    @Mixin Common common;
    @Parameters(paramLabel = "ALIAS") String alias;
    @Option(names = "--expected-v", required = true) long expectedV;
    @Option(names = "--state", required = true) String state;
    @Option(names = "--meta", paramLabel = "JSON", description = "status meta, a JSON object") String meta;

    @Override
    public Integer call() {
      LedgerAlias a = LedgerAlias.parse(alias);
      Map<String, Object> m = meta(meta);
      try (Publisher p = common.openPublisher()) {
        CasResult r = p.pushStatus(a, expectedV, state, m);
        common.out().println(Render.cas(r, true, common.json));
        return r.applied() ? TidemarkCli.OK : TidemarkCli.NOT_APPLIED;
      }
    }
  }

  @Command(name = "push-config", mixinStandardHelpOptions = true, description = "Compare-and-set the config on config_v.")
  static final class PushConfig implements Callable<Integer> {
    @Mixin Common common;
    @Parameters(paramLabel = "ALIAS") String alias;
    @Option(names = "--expected-v", required = true) long expectedV;
    @Option(names = "--meta", paramLabel = "JSON", description = "config meta, a JSON object") String meta;
    @Option(names = "--default-context", paramLabel = "ADDRESS") String defaultContext;

    @Override
    public Integer call() {
      LedgerAlias a = LedgerAlias.parse(alias);
      Map<String, Object> m = meta(meta);
      try (Publisher p = common.openPublisher()) {
        CasResult r = p.pushConfig(a, expectedV, m, Optional.ofNullable(defaultContext));
        common.out().println(Render.cas(r, false, common.json));
        return r.applied() ? TidemarkCli.OK : TidemarkCli.NOT_APPLIED;
      }
    }
  }

  @Command(name = "delete", mixinStandardHelpOptions = true,
      description = "Remove a record entirely (admin). Asks at a terminal; needs --yes otherwise.")
  static final class Delete implements Callable<Integer> {
    @Mixin Common common;
    @Mixin Removal removal;
    @Parameters(paramLabel = "ALIAS") String alias;

    @Override
    public Integer call() {
      LedgerAlias a = LedgerAlias.parse(alias);
      removal.requireConfirmable();
      PrintWriter out = common.out();
      try (Publisher p = common.openExistingPublisher()) {
        Optional<NsRecord> current = p.lookup(a);
        if (current.isEmpty()) {
          out.println(common.json ? "{\"removed\":false}" : "NOT FOUND " + a);
          return TidemarkCli.NOT_FOUND;
        }
        NsRecord r = current.get();
        if (removal.dryRun) {
          out.println(common.json ? Render.removal(true, false, "would_remove", Render.record(r, true))
              : "WOULD DELETE " + Render.record(r, false));
          return TidemarkCli.OK;
        }
        if (!removal.confirmed("Delete " + Render.record(r, false) + "? A later publish starts it afresh.")) {
          out.println(common.json ? "{\"removed\":false,\"confirmed\":false}"
              : "NOT DELETED " + a + ": not confirmed, nothing removed");
          return TidemarkCli.NOT_APPLIED;
        }
        boolean removed = p.delete(a);
        out.println(common.json ? Render.removal(false, removed, "previous", removed ? Render.record(r, true) : null)
            : removed ? "DELETED " + Render.record(r, false) : "NOT FOUND " + a);
        return removed ? TidemarkCli.OK : TidemarkCli.NOT_FOUND;
      }
    }
  }
}
