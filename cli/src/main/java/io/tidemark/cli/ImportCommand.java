package io.tidemark.cli;

import io.tidemark.InvalidConfigException;
import io.tidemark.publisher.NsRecord;
import io.tidemark.tools.Import;
import io.tidemark.tools.Migration;
import io.tidemark.watermark.StoredWatermark;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code tidemark import}: merges an interchange document, the Tezos signer's watermark files or the ledger
 * nameservice's {@code ns@v2} files into the configured stores with {@link Import}: marks only raised, heads only moved
 * forward, versions replayed; the whole input is checked before anything is written. Prints one summary line per
 * part (or one JSON object with an {@code outcome}); with {@code --dry-run}, first one line per item it would apply.
 * Conflicts are reported on stderr, one line each, and exit {@code 3}. A progress bar goes to stderr on a terminal.
 */
@Command(
        name = "import",
        mixinStandardHelpOptions = true,
        description = "Merge an export or a signer's or nameservice's own files into the stores, never lowering them.")
final class ImportCommand implements Callable<Integer> {
    @Mixin
    Common common;

    @Option(
            names = "--from",
            required = true,
            paramLabel = "PATH",
            description = "The document (interchange), the signer's base_dir (signer-files), or the directory "
                    + "holding ns@v2/ (ns-files).")
    Path from;

    @Option(
            names = "--from-format",
            paramLabel = "FORMAT",
            defaultValue = "interchange",
            description = "interchange (default), signer-files or ns-files.")
    String format;

    @Option(names = "--dry-run", description = "Print what would be applied; write nothing.")
    boolean dryRun;

    @Option(
            names = "--keep-kind-names",
            description = "Keep the signer's legacy kinds preendorsement/endorsement instead of mapping them to "
                    + "preattestation/attestation.")
    boolean keepKindNames;

    @Override
    public Integer call() {
        Import.Format f;
        try {
            f = Import.Format.parse(format);
        } catch (InvalidConfigException e) {
            throw new ParameterException(common.spec.commandLine(), "--from-format: " + e.getMessage());
        }
        Import.Options options = Import.Options.of(f).withDryRun(dryRun).withKeepKindNames(keepKindNames);
        boolean wantMarks = f != Import.Format.NS_FILES;
        boolean wantRecords = f != Import.Format.SIGNER_FILES;
        try (TransferStores stores = TransferStores.open(common, true, wantMarks, wantRecords)) {
            Report report = new Report();
            Import.Summary s = Import.run(from, options, stores.marks, stores.records, report);
            report.finish();
            print(s);
            return s.total().conflicts() == 0 ? TidemarkCli.OK : TidemarkCli.NOT_APPLIED;
        }
    }

    private void print(Import.Summary s) {
        if (common.json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("outcome", s.dryRun() ? "would_import" : s.total().conflicts() > 0 ? "conflicts" : "imported");
            o.put("from", s.source());
            o.put("format", s.format().label());
            o.put("dry_run", s.dryRun());
            o.put("marks", counts(s.marks()));
            o.put("records", counts(s.records()));
            common.out().println(JsonText.write(o));
            return;
        }
        common.out().println(line("marks", s.marks(), s.dryRun()));
        common.out().println(line("records", s.records(), s.dryRun()));
    }

    private static Map<String, Object> counts(Import.Counts c) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("applied", c.applied());
        o.put("already_present", c.alreadyPresent());
        o.put("skipped_as_lower", c.skippedAsLower());
        o.put("conflicts", c.conflicts());
        return o;
    }

    private static String line(String what, Import.Counts c, boolean dryRun) {
        return what + (dryRun ? " (dry run): would apply " : ": applied ") + c.applied() + ", already present "
                + c.alreadyPresent() + ", skipped as lower " + c.skippedAsLower() + ", conflicts " + c.conflicts();
    }

    /**
     * Reports items as they are done, holding none: in a dry run each item that would be applied on stdout, each
     * conflict on stderr, and a progress bar on stderr when it is a terminal (not with {@code --json}).
     */
    private final class Report implements Consumer<Migration.Progress> {
        private static final int BAR = 30;
        private final boolean tty = System.console() != null && !common.json;
        private final PrintWriter err = common.spec.commandLine().getErr();
        private boolean barShown;

        @Override
        public void accept(Migration.Progress p) {
            if (dryRun && p.outcome() == Migration.Outcome.COPIED) {
                common.out().println(wouldApply(p.item()));
            }
            p.failure()
                    .ifPresent(e -> err.println(TidemarkCli.oneLine(
                            "tidemark: conflict: " + p.part().label() + " " + name(p.item()) + ": " + e.getMessage())));
            if (tty && (p.done() % 100 == 0 || p.done() == p.total())) {
                int bar = (int) ((long) p.done() * BAR / p.total());
                System.err.print("\r" + p.part().label() + " [" + "#".repeat(bar) + " ".repeat(BAR - bar) + "] "
                        + p.done() + "/" + p.total());
                barShown = true;
                if (p.done() == p.total()) {
                    System.err.println();
                    barShown = false;
                }
            }
        }

        void finish() {
            if (barShown) {
                System.err.println();
            }
        }

        private String wouldApply(Object item) {
            if (common.json) {
                Map<String, Object> o = new LinkedHashMap<>();
                o.put("outcome", "would_apply");
                if (item instanceof StoredWatermark w) {
                    o.put("mark", JsonText.stored(w.key(), w.mark()));
                } else {
                    o.put("record", JsonText.record((NsRecord) item));
                }
                return JsonText.write(o);
            }
            return TidemarkCli.oneLine(
                    "would apply " + (item instanceof StoredWatermark ? "mark " : "record ") + describe(item));
        }

        private String describe(Object item) {
            if (item instanceof StoredWatermark w) {
                return w.key() + " " + w.mark();
            }
            NsRecord r = (NsRecord) item;
            return r.alias()
                    + r.commitT().stream()
                            .mapToObj(t -> " commit_t " + t)
                            .findFirst()
                            .orElse("")
                    + r.indexT().stream()
                            .mapToObj(t -> " index_t " + t)
                            .findFirst()
                            .orElse("") + " status "
                    + r.status() + " status_v " + r.statusV() + " config_v " + r.configV();
        }

        private String name(Object item) {
            return item instanceof StoredWatermark w
                    ? w.key().toString()
                    : ((NsRecord) item).alias().toString();
        }
    }
}
