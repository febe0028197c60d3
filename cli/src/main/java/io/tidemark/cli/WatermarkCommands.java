package io.tidemark.cli;

import io.tidemark.Names;
import io.tidemark.cli.Common.Access;
import io.tidemark.watermark.AdvanceResult;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code tidemark watermark advance|get|list|reset}. */
@Command(
        name = "watermark",
        mixinStandardHelpOptions = true,
        description = "Signer watermarks.",
        subcommands = {
            WatermarkCommands.Advance.class,
            WatermarkCommands.Get.class,
            WatermarkCommands.ListMarks.class,
            WatermarkCommands.Reset.class
        })
final class WatermarkCommands implements Runnable {
    @Spec
    CommandSpec spec;

    /** Without a subcommand: a usage error listing them. */
    @Override
    public void run() {
        throw TidemarkCli.missingCommand(spec);
    }

    /** The request kinds a Tezos signer keeps watermarks for, the legacy names included. */
    static final List<String> KINDS =
            List.of("block", "preattestation", "attestation", "preendorsement", "endorsement");

    /**
     * The key options. The kind must be one of {@link #KINDS} unless {@code --any-kind} is given: a mistyped kind
     * would otherwise name a new, empty key that protects nothing.
     */
    static final class KeyOptions {
        @Option(names = "--chain", required = true, paramLabel = "ID", description = "Chain id, e.g. NetXdQprcVkpaWU")
        String chain;

        @Option(names = "--pkh", required = true, paramLabel = "PKH", description = "Public key hash, e.g. tz1...")
        String pkh;

        @Option(
                names = "--kind",
                required = true,
                paramLabel = "KIND",
                description = "Request kind: block, preattestation, attestation, preendorsement or endorsement")
        String kind;

        @Option(names = "--any-kind", description = "Accept a --kind outside that list (it is a separate key).")
        boolean anyKind;

        /** The key; a usage error on {@code cl} when the kind is not a signer's kind and {@code --any-kind} is absent. */
        WatermarkKey key(CommandLine cl) {
            if (!anyKind && !KINDS.contains(kind)) {
                throw new ParameterException(
                        cl,
                        "Invalid value for option '--kind': '" + kind + "'"
                                + Names.didYouMean(kind, KINDS) + " is not one of " + String.join(", ", KINDS)
                                + "; pass --any-kind to use another kind (a separate key)");
            }
            return new WatermarkKey(chain, pkh, kind);
        }
    }

    @Command(
            name = "advance",
            mixinStandardHelpOptions = true,
            description = "Store a mark if it is higher; print ADVANCED, REPEATED or REFUSED.")
    static final class Advance implements Callable<Integer> {
        @Mixin
        Common common;

        @ArgGroup(exclusive = false, multiplicity = "1")
        KeyOptions key;

        @Option(names = "--level", required = true, paramLabel = "N", description = "Block level, >= 0.")
        long level;

        @Option(
                names = "--round",
                required = true,
                paramLabel = "N",
                description = "Round within the level, >= 0 (0 before Tenderbake).")
        int round;

        @Option(
                names = "--digest",
                required = true,
                paramLabel = "DIGEST",
                description = "Digest of the payload being signed (repeating it at the stored level and round is"
                        + " REPEATED, another one REFUSED).")
        String digest;

        @Override
        public Integer call() {
            WatermarkKey k = key.key(common.spec.commandLine());
            Watermark m = new Watermark(level, round, digest);
            return common.withWatermarkStore(Access.CREATE, s -> {
                AdvanceResult r = s.advance(k, m);
                return common.print(Render.advance(k, m, r, common.json), r.maySign());
            });
        }
    }

    @Command(name = "get", mixinStandardHelpOptions = true, description = "Print the stored mark of a key.")
    static final class Get implements Callable<Integer> {
        @Mixin
        Common common;

        @ArgGroup(exclusive = false, multiplicity = "1")
        KeyOptions key;

        @Override
        public Integer call() {
            WatermarkKey k = key.key(common.spec.commandLine());
            return common.withWatermarkStore(
                    Access.EXISTING,
                    s -> common.printFound(
                            s.get(k), w -> Render.stored(k, w, common.json), k, Map.of("key", JsonText.key(k))));
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "Print every stored mark.")
    static final class ListMarks implements Callable<Integer> {
        @Mixin
        Common common;

        @Override
        public Integer call() {
            return common.withWatermarkStore(
                    Access.EXISTING,
                    s -> common.printEach(s.list(), w -> Render.stored(w.key(), w.mark(), common.json)));
        }
    }

    @Command(
            name = "reset",
            mixinStandardHelpOptions = true,
            description =
                    "Remove the mark of a key (admin: the next advance starts afresh, so only do this deliberately)."
                            + " Asks at a terminal; needs --yes otherwise.")
    static final class Reset implements Callable<Integer> {
        @Mixin
        Common common;

        @Mixin
        Removal removal;

        @ArgGroup(exclusive = false, multiplicity = "1")
        KeyOptions key;

        @Override
        public Integer call() {
            WatermarkKey k = key.key(common.spec.commandLine());
            removal.requireConfirmable();
            Removal.Subject<Watermark> mark = new Removal.Subject<>(
                    k,
                    Map.of("key", JsonText.key(k)),
                    "RESET",
                    JsonText::mark,
                    m -> "WOULD RESET " + k + " (current: " + Render.mark(m) + ")",
                    m -> "Reset " + k + " (" + Render.mark(m) + ")? The signer may then sign below it again.",
                    m -> "RESET " + k + " (was: " + Render.mark(m) + ")");
            return common.withWatermarkStore(
                    Access.EXISTING, s -> removal.remove(common, s.get(k), mark, () -> s.reset(k)));
        }
    }
}
