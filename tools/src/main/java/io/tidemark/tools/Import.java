package io.tidemark.tools;

import io.tidemark.InvalidConfigException;
import io.tidemark.publisher.NsRecord;
import io.tidemark.publisher.Publisher;
import io.tidemark.tools.Migration.Outcome;
import io.tidemark.tools.Migration.Part;
import io.tidemark.tools.Migration.Progress;
import io.tidemark.watermark.StoredWatermark;
import io.tidemark.watermark.WatermarkStore;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Merges an interchange document ({@link Interchange}) or a source system's own store into target stores through the
 * contract operations only, with {@link Migration}'s per-item rules: a mark is only ever raised (an incoming mark lower
 * than the stored one is skipped as lower, an equal one is already present), commit and index heads only move forward,
 * and status and config versions are replayed one compare-and-set at a time up to the source's. So an import is
 * idempotent: a second run reports everything already present, and it never lowers anything, also while signers use
 * the targets.
 *
 * <p>The input is read twice: first whole, checking every item against the format and the value rules and counting
 * them, writing nothing; then again to apply. An invalid input throws {@link InvalidDocumentException} (naming the
 * place and the value) from the first pass, so nothing of it is written. Each applied item is reported to a progress
 * listener ({@link Migration.Progress}); an item that cannot be applied (a slot the target signed with another
 * digest, a version changed at the target meanwhile, a backend error) is a conflict, and the import goes on.
 *
 * <pre>{@code
 * Import.Summary s = Import.run(Path.of("export.json"), Import.Options.of(Import.Format.INTERCHANGE),
 *         Optional.of(store), Optional.of(publisher), p -> {});
 * }</pre>
 */
public final class Import {
    /** Default bound on the input: the document's size, or each source file's. */
    public static final long DEFAULT_MAX_BYTES = 1L << 30;

    private Import() {}

    /** What is read. */
    public enum Format {
        /** The interchange document ({@link Interchange}); the path is the file. */
        INTERCHANGE("interchange"),
        /**
         * The Tezos signer's file watermarks; the path is its base directory (the layout it would load is read:
         * {@code watermark_v2/}, else {@code watermark_v1/}, else {@code watermark/}) or one layout directory.
         */
        SIGNER_FILES("signer-files"),
        /** The ledger nameservice's file records; the path holds {@code ns@v2/} or is it. */
        NS_FILES("ns-files");

        private final String label;

        Format(String label) {
            this.label = label;
        }

        /** The command-line name: {@code interchange}, {@code signer-files} or {@code ns-files}. */
        public String label() {
            return label;
        }

        /**
         * The format named {@code label} (case-insensitive).
         *
         * @throws InvalidConfigException for an unknown name, listing the known ones
         */
        public static Format parse(String label) {
            for (Format f : values()) {
                if (f.label.equals(label.toLowerCase(Locale.ROOT))) {
                    return f;
                }
            }
            throw new InvalidConfigException(
                    "unknown import format '" + label + "'; known: interchange, signer-files, ns-files");
        }
    }

    /**
     * How to import.
     *
     * @param format what is read
     * @param dryRun read the targets only and report what would be applied
     * @param keepKindNames keep the signer's legacy kinds {@code preendorsement}/{@code endorsement} instead of
     *     mapping them to {@code preattestation}/{@code attestation} (signer files only)
     * @param maxBytes the largest input accepted: the document, or each source file ({@code > 0})
     */
    public record Options(Format format, boolean dryRun, boolean keepKindNames, long maxBytes) {
        /** Checks the bound. */
        public Options {
            Objects.requireNonNull(format, "format");
            if (maxBytes <= 0) {
                throw new InvalidConfigException("the import's byte bound must be > 0, not " + maxBytes);
            }
        }

        /** {@code format}, written for real, legacy kinds mapped, at most {@link #DEFAULT_MAX_BYTES}. */
        public static Options of(Format format) {
            return new Options(format, false, false, DEFAULT_MAX_BYTES);
        }

        /** These options with {@code dryRun}. */
        public Options withDryRun(boolean dryRun) {
            return new Options(format, dryRun, keepKindNames, maxBytes);
        }

        /** These options with {@code keepKindNames}. */
        public Options withKeepKindNames(boolean keepKindNames) {
            return new Options(format, dryRun, keepKindNames, maxBytes);
        }

        /** These options with {@code maxBytes}. */
        public Options withMaxBytes(long maxBytes) {
            return new Options(format, dryRun, keepKindNames, maxBytes);
        }
    }

    /**
     * The counts of one part (in a dry run: what would happen).
     *
     * @param applied written: a mark raised, a head moved forward, a version replayed
     * @param alreadyPresent the target held exactly this
     * @param skippedAsLower the target held something higher or newer; nothing written
     * @param conflicts could not be applied (see the progress listener's failures)
     */
    public record Counts(int applied, int alreadyPresent, int skippedAsLower, int conflicts) {
        /** Items of this part. */
        public int total() {
            return applied + alreadyPresent + skippedAsLower + conflicts;
        }

        static Counts of(Map<Outcome, Integer> c) {
            return new Counts(
                    c.getOrDefault(Outcome.COPIED, 0),
                    c.getOrDefault(Outcome.PRESENT, 0),
                    c.getOrDefault(Outcome.NEWER_AT_TARGET, 0),
                    c.getOrDefault(Outcome.FAILED, 0));
        }
    }

    /**
     * What an import did.
     *
     * @param source what was read (a path)
     * @param format its format
     * @param dryRun whether nothing was written
     * @param marks the counts of the marks
     * @param records the counts of the records
     */
    public record Summary(String source, Format format, boolean dryRun, Counts marks, Counts records) {
        /** Both parts added up. */
        public Counts total() {
            return new Counts(
                    marks.applied + records.applied,
                    marks.alreadyPresent + records.alreadyPresent,
                    marks.skippedAsLower + records.skippedAsLower,
                    marks.conflicts + records.conflicts);
        }
    }

    /**
     * Imports {@code from} into the targets; see the class comment. A target may be absent when the input holds no
     * item of its part.
     *
     * @throws InvalidDocumentException if the input is invalid (nothing written)
     * @throws InvalidConfigException if the input holds items of a part that has no target (nothing written)
     * @throws java.io.UncheckedIOException if the input cannot be read
     */
    public static Summary run(
            Path from,
            Options options,
            Optional<WatermarkStore> marks,
            Optional<Publisher> records,
            Consumer<? super Progress> progress) {
        Source source =
                switch (options.format()) {
                    case INTERCHANGE -> Interchange.source(from, options.maxBytes());
                    case SIGNER_FILES -> new SignerFiles(from, options.keepKindNames(), options.maxBytes());
                    case NS_FILES -> new NsFiles(from, options.maxBytes());
                };
        return run(source, options, marks, records, progress);
    }

    static Summary run(
            Source source,
            Options options,
            Optional<WatermarkStore> marks,
            Optional<Publisher> records,
            Consumer<? super Progress> progress) {
        int[] total = new int[2];
        source.read(new Sink() {
            @Override
            public void mark(StoredWatermark mark) {
                total[0]++;
            }

            @Override
            public void record(NsRecord record) {
                total[1]++;
            }
        });
        if (total[0] > 0 && marks.isEmpty()) {
            throw new InvalidConfigException(source.describe() + " holds " + total[0]
                    + " marks but no watermark store is configured to import them into");
        }
        if (total[1] > 0 && records.isEmpty()) {
            throw new InvalidConfigException(source.describe() + " holds " + total[1]
                    + " records but no publisher is configured to import them into");
        }
        Migration migration = Migration.of(options.dryRun(), p -> {});
        Migration.Tally markTally = new Migration.Tally(Part.MARKS, total[0], progress);
        Migration.Tally recordTally = new Migration.Tally(Part.RECORDS, total[1], progress);
        source.read(new Sink() {
            @Override
            public void mark(StoredWatermark mark) {
                markTally.apply(mark, () -> migration.mark(marks.orElseThrow(), mark));
            }

            @Override
            public void record(NsRecord record) {
                recordTally.apply(record, () -> migration.record(records.orElseThrow(), record));
            }
        });
        return new Summary(
                source.describe(),
                options.format(),
                options.dryRun(),
                Counts.of(markTally.counts),
                Counts.of(recordTally.counts));
    }
}
