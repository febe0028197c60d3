package io.tidemark.cli;

import io.tidemark.InvalidConfigException;
import io.tidemark.StoreNotFoundException;
import io.tidemark.config.TidemarkConfig;
import io.tidemark.discovery.Tidemark;
import io.tidemark.publisher.NsRecord;
import io.tidemark.publisher.Publisher;
import io.tidemark.spi.ConfigKey.Contract;
import io.tidemark.tools.Migration;
import io.tidemark.tools.Migration.Result;
import io.tidemark.watermark.StoredWatermark;
import io.tidemark.watermark.WatermarkStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;

/**
 * {@code tidemark migrate}: copies every mark and record with {@link Migration}, through the contract operations, so
 * the target's own monotonic rules apply: nothing newer at the target is ever lowered, and a second run finds
 * everything present. Source and target must not be one store ({@link Tidemark#sameStore}, from the identity keys
 * each backend declares). Items that cannot be copied are counted and reported on one error line (each on its own
 * with {@code --verbose}). The source is opened without creating it: a contract whose source store is missing is
 * skipped, and when every source store is missing (a mistyped location) the command fails with exit 4 instead of
 * copying an empty store.
 */
@Command(
        name = "migrate",
        mixinStandardHelpOptions = true,
        description = "Copy every mark and record from one store to another, never lowering the target.")
final class MigrateCommand implements Callable<Integer> {
    @Mixin
    Output common;

    @Option(
            names = "--from",
            required = true,
            paramLabel = "CONFIG",
            description = "Config file of the source store (read, never created or changed).")
    Path from;

    @Option(
            names = "--to",
            required = true,
            paramLabel = "CONFIG",
            description = "Config file of the target store (created if missing).")
    Path to;

    /** {@code --config} is refused: migrate reads two config files, and ignoring the option would surprise. */
    @Option(
            names = {"-c", "--config"},
            hidden = true,
            paramLabel = "FILE",
            description = "Not taken: migrate reads --from and --to.")
    void config(String file) {
        throw new ParameterException(
                common.spec.commandLine(),
                "migrate takes no --config: name the source with --from CONFIG and the target with --to CONFIG ("
                        + Common.ENV + " is not read either)");
    }

    @Option(names = "--dry-run", description = "Report what would be copied; write nothing.")
    boolean dryRun;

    @Override
    public Integer call() {
        TidemarkConfig src = TidemarkConfig.load(from);
        TidemarkConfig dst = TidemarkConfig.load(to);
        boolean marks = src.watermark().isPresent() && dst.watermark().isPresent();
        boolean records = src.publisher().isPresent() && dst.publisher().isPresent();
        if (!marks && !records) {
            throw new InvalidConfigException(
                    from + " and " + to + " share no contract to migrate (both need 'watermark' or both 'publisher')");
        }
        if (marks && Tidemark.sameStore(src.requireWatermark(), dst.requireWatermark(), Contract.WATERMARK)
                || records && Tidemark.sameStore(src.requirePublisher(), dst.requirePublisher(), Contract.PUBLISHER)) {
            throw new InvalidConfigException("source and target are the same store; refusing to migrate onto itself");
        }
        // Read the source first, creating nothing: a contract whose source store is missing has nothing to copy, and
        // when every source store is missing the location is wrong (exit 4), not an empty store.
        List<StoredWatermark> srcMarks = null;
        List<NsRecord> srcRecords = null;
        StoreNotFoundException missing = null;
        if (marks) {
            try (WatermarkStore s =
                    Tidemark.openWatermarkStore(src.requireWatermark().withCreate(false))) {
                srcMarks = Migration.snapshot(s);
            } catch (StoreNotFoundException e) {
                missing = e;
            }
        }
        if (records) {
            try (Publisher s = Tidemark.openPublisher(src.requirePublisher().withCreate(false))) {
                srcRecords = Migration.snapshot(s);
            } catch (StoreNotFoundException e) {
                missing = missing == null ? e : missing;
            }
        }
        if (srcMarks == null && srcRecords == null) {
            throw missing;
        }
        Progress progress = new Progress();
        Migration migration = Migration.of(dryRun, progress);
        List<Result> results = new ArrayList<>();
        if (srcMarks != null) {
            try (WatermarkStore d = Tidemark.openWatermarkStore(dst.requireWatermark())) {
                results.add(progress.done(migration.marks(srcMarks, d)));
            }
        }
        if (srcRecords != null) {
            try (Publisher d = Tidemark.openPublisher(dst.requirePublisher())) {
                results.add(progress.done(migration.records(srcRecords, d)));
            }
        }
        results.forEach(r -> common.out().println(summary(r)));
        return results.stream().allMatch(r -> r.failed() == 0) ? TidemarkCli.OK : TidemarkCli.ERROR;
    }

    /**
     * The summary line of one part, as text or as one JSON object, whose outcome is {@code migrated}, {@code
     * would_migrate} (a dry run) or {@code failed} (some items could not be copied).
     */
    private String summary(Result r) {
        String what = r.part().label();
        if (common.json) {
            Map<String, Object> o =
                    Output.outcome(r.failed() > 0 ? "failed" : r.dryRun() ? "would_migrate" : "migrated");
            o.put("part", what);
            o.put("dry_run", r.dryRun());
            o.put("copied", r.copied());
            o.put("already_present", r.present());
            o.put("newer_at_target", r.newerAtTarget());
            o.put("failed", r.failed());
            return JsonText.write(o);
        }
        return what + (r.dryRun() ? " (dry run)" : "") + ": " + (r.dryRun() ? "would copy " : "copied ") + r.copied()
                + ", already present " + r.present() + ", newer at target " + r.newerAtTarget() + ", failed "
                + r.failed();
    }

    /**
     * Renders the migration's progress on stderr: each failed item on its own line with {@code --verbose}, else the
     * first one and the count when a part is done; a progress bar when stderr is a terminal and not {@code --json}.
     * With {@code --json} each failed item is one object on stdout instead:
     * {@code {"outcome":"error","part":...,"item":...,"error":<type>,"message":...}}.
     */
    private final class Progress implements Consumer<Migration.Progress> {
        private static final int BAR = 30;
        private final boolean tty = System.console() != null && !common.json;
        private final PrintWriter err = common.spec.commandLine().getErr();
        private String firstFailure;

        @Override
        public void accept(Migration.Progress p) {
            String what = p.part().label();
            p.failure().ifPresent(e -> {
                if (common.json) {
                    Map<String, Object> o = Output.outcome("error");
                    o.put("part", what);
                    o.put("item", String.valueOf(p.item()));
                    o.put("error", e.getClass().getSimpleName());
                    o.put("message", e.getMessage());
                    common.out().println(JsonText.write(o));
                    return;
                }
                String line = p.item() + ": " + e.getMessage();
                firstFailure = firstFailure == null ? line : firstFailure;
                if (common.verbose) {
                    err.println(TidemarkCli.oneLine("tidemark: " + what + ": " + line));
                }
            });
            if (tty && (p.done() % 10 == 0 || p.done() == p.total())) {
                int bar = p.done() * BAR / p.total();
                System.err.print("\r" + what + " [" + "#".repeat(bar) + " ".repeat(BAR - bar) + "] " + p.done() + "/"
                        + p.total());
                if (p.done() == p.total()) {
                    System.err.println();
                }
            }
        }

        /** Reports the first failure of the part just done (unless each was reported); {@code r}. */
        Result done(Result r) {
            if (firstFailure != null && !common.verbose) {
                err.println(TidemarkCli.oneLine("tidemark: " + r.part().label() + ": " + r.failed() + " failed; first: "
                        + firstFailure + " (--verbose lists each)"));
            }
            firstFailure = null;
            return r;
        }
    }
}
