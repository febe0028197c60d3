package io.tidemark.cli;

import io.tidemark.cli.Common.Access;
import io.tidemark.publisher.CasResult;
import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.NsRecord;
import io.tidemark.publisher.PublishResult;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tidemark ns ...}: the nameservice. */
@Command(
        name = "ns",
        mixinStandardHelpOptions = true,
        description = "Ledger nameservice records.",
        subcommands = {
            NsCommands.PublishCommit.class,
            NsCommands.PublishIndex.class,
            NsCommands.Lookup.class,
            NsCommands.ListRecords.class,
            NsCommands.Retract.class,
            NsCommands.PushStatus.class,
            NsCommands.PushConfig.class,
            NsCommands.Delete.class,
            NsWatch.class
        })
final class NsCommands implements Runnable {
    @Spec
    CommandSpec spec;

    /** Without a subcommand: a usage error listing them. */
    @Override
    public void run() {
        throw TidemarkCli.missingCommand(spec);
    }

    /** A command on one ledger alias, its first parameter. */
    abstract static class OnAlias implements Callable<Integer> {
        @Mixin
        Common common;

        @Parameters(
                index = "0",
                paramLabel = "ALIAS",
                description = "Ledger alias: name or name:branch (branch main if omitted).")
        String alias;

        /** Runs the command on the parsed alias; its exit code. */
        abstract int run(LedgerAlias a);

        @Override
        public Integer call() {
            return run(LedgerAlias.parse(alias));
        }
    }

    abstract static class Publish extends OnAlias {
        @Parameters(index = "1", paramLabel = "ADDRESS", description = "Address of the head (commit or index).")
        String address;

        @Parameters(
                index = "2",
                paramLabel = "T",
                description = "t of the head, >= 0: applied only if higher than the stored one.")
        long t;

        abstract boolean commit();

        @Override
        int run(LedgerAlias a) {
            return common.withPublisher(Access.CREATE, p -> {
                PublishResult r = commit() ? p.publishCommit(a, address, t) : p.publishIndex(a, address, t);
                boolean ok = r.applied() || r instanceof PublishResult.Unchanged;
                return common.print(Render.publish(a, commit(), r, common.json), ok);
            });
        }
    }

    @Command(
            name = "publish-commit",
            mixinStandardHelpOptions = true,
            description = "Publish a commit head (applies iff t > commit_t).")
    static final class PublishCommit extends Publish {
        @Override
        boolean commit() {
            return true;
        }
    }

    @Command(
            name = "publish-index",
            mixinStandardHelpOptions = true,
            description = "Publish an index head (applies iff t > index_t).")
    static final class PublishIndex extends Publish {
        @Override
        boolean commit() {
            return false;
        }
    }

    @Command(name = "lookup", mixinStandardHelpOptions = true, description = "Print one record.")
    static final class Lookup extends OnAlias {

        @Override
        int run(LedgerAlias a) {
            return common.withPublisher(
                    Access.EXISTING,
                    p -> common.printFound(
                            p.lookup(a), r -> Render.record(r, common.json), a, Map.of("alias", a.toString())));
        }
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "Print every record, retracted ones included.")
    static final class ListRecords implements Callable<Integer> {
        @Mixin
        Common common;

        @Override
        public Integer call() {
            return common.withPublisher(
                    Access.EXISTING, p -> common.printEach(p.allRecords(), r -> Render.record(r, common.json)));
        }
    }

    @Command(name = "retract", mixinStandardHelpOptions = true, description = "Mark a ledger retracted (status_v + 1).")
    static final class Retract extends OnAlias {

        @Override
        int run(LedgerAlias a) {
            return common.withPublisher(
                    Access.CREATE,
                    p -> common.printFound(
                            p.retract(a),
                            r -> common.json
                                    ? JsonText.write(Render.record("retracted", r))
                                    : "RETRACTED " + Render.record(r),
                            a,
                            Map.of("alias", a.toString())));
        }
    }

    @Command(
            name = "push-status",
            mixinStandardHelpOptions = true,
            description = "Compare-and-set the status on status_v.")
    static final class PushStatus extends OnAlias {
        @Option(
                names = "--expected-v",
                required = true,
                paramLabel = "V",
                description = "The status_v you read: applied only if the stored status_v still equals it.")
        long expectedV;

        @Option(names = "--state", required = true, paramLabel = "STATE", description = "The new status, e.g. ready.")
        String state;

        @Option(names = "--meta", paramLabel = "JSON", description = "status meta, a JSON object")
        String meta;

        @Override
        int run(LedgerAlias a) {
            Map<String, Object> m = JsonText.object("meta", meta);
            return common.withPublisher(Access.CREATE, p -> {
                CasResult r = p.pushStatus(a, expectedV, state, m);
                return common.print(Render.cas(a, r, true, common.json), r.applied());
            });
        }
    }

    @Command(
            name = "push-config",
            mixinStandardHelpOptions = true,
            description = "Compare-and-set the config on config_v.")
    static final class PushConfig extends OnAlias {
        @Option(
                names = "--expected-v",
                required = true,
                paramLabel = "V",
                description = "The config_v you read: applied only if the stored config_v still equals it.")
        long expectedV;

        @Option(names = "--meta", paramLabel = "JSON", description = "config meta, a JSON object")
        String meta;

        @Option(
                names = "--default-context",
                paramLabel = "ADDRESS",
                description = "Address of the ledger's default context (unchanged if absent).")
        String defaultContext;

        @Override
        int run(LedgerAlias a) {
            Map<String, Object> m = JsonText.object("meta", meta);
            return common.withPublisher(Access.CREATE, p -> {
                CasResult r = p.pushConfig(a, expectedV, m, Optional.ofNullable(defaultContext));
                return common.print(Render.cas(a, r, false, common.json), r.applied());
            });
        }
    }

    @Command(
            name = "delete",
            mixinStandardHelpOptions = true,
            description = "Remove a record entirely (admin). Asks at a terminal; needs --yes otherwise.")
    static final class Delete extends OnAlias {
        @Mixin
        Removal removal;

        @Override
        int run(LedgerAlias a) {
            removal.requireConfirmable();
            Removal.Subject<NsRecord> record = new Removal.Subject<>(
                    a,
                    Map.of("alias", a.toString()),
                    "DELETED",
                    JsonText::record,
                    r -> "WOULD DELETE " + Render.record(r),
                    r -> "Delete " + Render.record(r) + "? A later publish starts it afresh.",
                    r -> "DELETED " + Render.record(r));
            return common.withPublisher(
                    Access.EXISTING, p -> removal.remove(common, p.lookup(a), record, () -> p.delete(a)));
        }
    }
}
