package io.tidemark.tools;

import io.tidemark.publisher.CasResult;
import io.tidemark.publisher.NsRecord;
import io.tidemark.publisher.PublishResult;
import io.tidemark.publisher.Publisher;
import io.tidemark.watermark.AdvanceResult;
import io.tidemark.watermark.StoredWatermark;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkStore;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Copies signer marks and nameservice records into a target store through the contract operations only, so the
 * target's own monotonic rules apply whatever its backend: a mark is only ever raised ({@link WatermarkStore#advance}),
 * heads only move forward ({@link Publisher#publishCommit}, {@link Publisher#publishIndex}), and status and config
 * versions are replayed with compare-and-sets up to the source's, at most {@link #MAX_REPLAY} per record
 * ({@code updated_at} is the target's own time).
 * Nothing newer at the target is ever lowered, also while other writers use the target during the migration, and a
 * second run finds everything present.
 *
 * <p>Each item gets one {@link Outcome}; an item that cannot be copied (an exception from the target, a slot the
 * target signed with another digest, a record with no head that the target lacks) is {@link Outcome#FAILED} and the
 * migration goes on with the next. A {@link Progress} is reported after every item; the {@link Result} counts the
 * outcomes. A dry run ({@link #of of(true, ...)}) only reads the target and reports what a real run would do.
 *
 * <pre>{@code
 * List<StoredWatermark> marks = Migration.snapshot(source);
 * Migration.Result r = Migration.of(false, p -> {}).marks(marks, target);
 * }</pre>
 *
 * <p>Instances are immutable; they are as thread-safe as the progress listener.
 */
public final class Migration {
    /**
     * Most status or config versions replayed for one record. Versions move by one compare-and-set each, so a record
     * far ahead of the target (a corrupted or hostile source: {@code status_v} near {@code Long.MAX_VALUE}) would
     * take forever; such a record fails before anything of it is written.
     */
    public static final long MAX_REPLAY = 10_000;

    private final boolean dryRun;
    private final Consumer<? super Progress> listener;

    private Migration(boolean dryRun, Consumer<? super Progress> listener) {
        this.dryRun = dryRun;
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    /**
     * A migration that writes to the target, or with {@code dryRun} only reads it, reporting each item to
     * {@code listener} (on the calling thread).
     */
    public static Migration of(boolean dryRun, Consumer<? super Progress> listener) {
        return new Migration(dryRun, listener);
    }

    /** Whether this migration writes nothing. */
    public boolean dryRun() {
        return dryRun;
    }

    /** What is migrated. */
    public enum Part {
        /** Signer marks ({@link StoredWatermark}s). */
        MARKS,
        /** Nameservice records ({@link NsRecord}s). */
        RECORDS;

        /** The lower-case plural, {@code marks} or {@code records}. */
        public String label() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** What happened to one item (in a dry run: what would happen). */
    public enum Outcome {
        /** Written to the target (a mark raised, a head moved forward, or a version replayed). */
        COPIED,
        /** The target already held exactly this. */
        PRESENT,
        /** The target held something newer; nothing was written. */
        NEWER_AT_TARGET,
        /** The item could not be copied; see {@link Progress#failure()}. */
        FAILED
    }

    /**
     * One item done.
     *
     * @param part what is being migrated
     * @param item the {@link StoredWatermark} or {@link NsRecord} of the source
     * @param outcome what happened to it
     * @param failure why it failed; present exactly when {@code outcome} is {@link Outcome#FAILED}
     * @param done items done so far in this part, this one included ({@code 1..total})
     * @param total items in this part
     */
    public record Progress(
            Part part, Object item, Outcome outcome, Optional<RuntimeException> failure, int done, int total) {}

    /**
     * The counts of one part.
     *
     * @param part what was migrated
     * @param dryRun whether nothing was written (the counts say what would have been)
     * @param copied items {@link Outcome#COPIED}
     * @param present items {@link Outcome#PRESENT}
     * @param newerAtTarget items {@link Outcome#NEWER_AT_TARGET}
     * @param failed items {@link Outcome#FAILED}
     */
    public record Result(Part part, boolean dryRun, int copied, int present, int newerAtTarget, int failed) {
        /** The count of {@code outcome}. */
        public int count(Outcome outcome) {
            return switch (outcome) {
                case COPIED -> copied;
                case PRESENT -> present;
                case NEWER_AT_TARGET -> newerAtTarget;
                case FAILED -> failed;
            };
        }
    }

    /** Every mark of {@code source}, read in full (the source's stream closed) before anything is copied. */
    public static List<StoredWatermark> snapshot(WatermarkStore source) {
        try (Stream<StoredWatermark> all = source.list()) {
            return all.toList();
        }
    }

    /** Every record of {@code source}, retracted ones included, read in full. */
    public static List<NsRecord> snapshot(Publisher source) {
        try (Stream<NsRecord> all = source.allRecords()) {
            return all.toList();
        }
    }

    /**
     * Advances each mark in {@code target} ({@link Outcome#NEWER_AT_TARGET} when the target's is higher). A mark the
     * target holds at the same level and round with another digest fails: the target signed something else there.
     */
    public Result marks(List<StoredWatermark> source, WatermarkStore target) {
        return run(Part.MARKS, source, w -> mark(target, w));
    }

    /**
     * Brings each record's heads, status and config in {@code target} up to the source's. Status and config
     * versions are replayed one compare-and-set at a time from the target's version; one that loses to a
     * concurrent writer fails the item.
     */
    public Result records(List<NsRecord> source, Publisher target) {
        return run(Part.RECORDS, source, r -> record(target, r));
    }

    private <T> Result run(Part part, List<T> items, Function<T, Outcome> op) {
        Tally tally = new Tally(part, items.size(), listener);
        for (T item : items) {
            tally.apply(item, () -> op.apply(item));
        }
        Map<Outcome, Integer> counts = tally.counts;
        return new Result(
                part,
                dryRun,
                counts.getOrDefault(Outcome.COPIED, 0),
                counts.getOrDefault(Outcome.PRESENT, 0),
                counts.getOrDefault(Outcome.NEWER_AT_TARGET, 0),
                counts.getOrDefault(Outcome.FAILED, 0));
    }

    /**
     * The outcomes of one part so far: runs each item's operation, counts its outcome (an exception is
     * {@link Outcome#FAILED}) and reports it; shared by migrations and {@link Import}.
     */
    static final class Tally {
        private final Part part;
        private final int total;
        private final Consumer<? super Progress> listener;
        final Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
        private int done;

        Tally(Part part, int total, Consumer<? super Progress> listener) {
            this.part = part;
            this.total = total;
            this.listener = listener;
        }

        void apply(Object item, Supplier<Outcome> op) {
            Outcome o;
            Optional<RuntimeException> failure = Optional.empty();
            try {
                o = op.get();
            } catch (RuntimeException e) {
                o = Outcome.FAILED;
                failure = Optional.of(e);
            }
            counts.merge(o, 1, Integer::sum);
            done++;
            listener.accept(new Progress(part, item, o, failure, done, Math.max(done, total)));
        }
    }

    /**
     * Copies one mark (in a dry run: decides what copying would do); shared with {@link Import}. A slot the target
     * signed with another digest throws.
     */
    Outcome mark(WatermarkStore target, StoredWatermark w) {
        AdvanceResult r = dryRun ? Watermark.decide(target.get(w.key()), w.mark()) : target.advance(w.key(), w.mark());
        if (r instanceof AdvanceResult.Advanced) {
            return Outcome.COPIED;
        }
        if (r instanceof AdvanceResult.Repeated) {
            return Outcome.PRESENT;
        }
        Watermark current = ((AdvanceResult.Refused) r).current();
        if (current.equals(w.mark())) {
            // Only a NO_DIGEST mark is refused when equal (its slot is never repeatable): the target holds it already.
            return Outcome.PRESENT;
        }
        if (current.sameSlot(w.mark())) {
            throw new IllegalStateException("the target signed another digest at " + current);
        }
        return Outcome.NEWER_AT_TARGET;
    }

    /**
     * Brings one record's heads, status and config up to {@code src}'s (in a dry run: decides what that would do);
     * shared with {@link Import}. A record the target lacks and that has no head to create it with, and a version
     * changed at the target meanwhile, throw.
     */
    Outcome record(Publisher target, NsRecord src) {
        Optional<NsRecord> before = target.lookup(src.alias());
        if (before.isEmpty() && src.commitT().isEmpty() && src.indexT().isEmpty()) {
            throw new IllegalStateException("has no head to create it with at the target");
        }
        long statusFrom = before.map(NsRecord::statusV).orElse(1L);
        long configFrom = before.map(NsRecord::configV).orElse(0L);
        if (src.statusV() - statusFrom > MAX_REPLAY || src.configV() - configFrom > MAX_REPLAY) {
            throw new IllegalStateException("status_v " + src.statusV() + " / config_v " + src.configV()
                    + " is more than " + MAX_REPLAY + " versions ahead of the target's (" + statusFrom + " / "
                    + configFrom + "); versions are replayed one compare-and-set at a time, so this is refused");
        }
        if (dryRun) {
            return plan(src, before);
        }
        boolean copied = false;
        boolean newer = false;
        if (src.commitT().isPresent()) {
            PublishResult r = target.publishCommit(
                    src.alias(), src.commitAddress().get(), src.commitT().getAsLong());
            copied |= r.applied();
            newer |= r instanceof PublishResult.Stale;
        }
        if (src.indexT().isPresent()) {
            PublishResult r = target.publishIndex(
                    src.alias(), src.indexAddress().get(), src.indexT().getAsLong());
            copied |= r.applied();
            newer |= r instanceof PublishResult.Stale;
        }
        NsRecord now = target.lookup(src.alias()).orElseThrow();
        if (now.statusV() > src.statusV() || now.configV() > src.configV()) {
            newer = true;
        }
        for (long v = now.statusV(); v < src.statusV(); v++) {
            CasResult r = target.pushStatus(src.alias(), v, src.status(), src.statusMeta());
            if (!r.applied()) {
                throw new IllegalStateException("status changed at the target during the migration");
            }
            copied = true;
        }
        for (long v = now.configV(); v < src.configV(); v++) {
            CasResult r = target.pushConfig(src.alias(), v, src.configMeta(), src.defaultContextAddress());
            if (!r.applied()) {
                throw new IllegalStateException("config changed at the target during the migration");
            }
            copied = true;
        }
        return copied ? Outcome.COPIED : newer ? Outcome.NEWER_AT_TARGET : Outcome.PRESENT;
    }

    /**
     * What {@link #record} would do to {@code target}, decided from the two records: copied when the source is ahead
     * anywhere, newer at the target when the target is ahead anywhere, present otherwise. A head the source lacks is
     * not compared (the real run publishes nothing for it).
     */
    private static Outcome plan(NsRecord src, Optional<NsRecord> target) {
        if (target.isEmpty()) {
            return Outcome.COPIED;
        }
        NsRecord t = target.get();
        int commit = compare(src.commitT(), src.commitAddress(), t.commitT(), t.commitAddress());
        int index = compare(src.indexT(), src.indexAddress(), t.indexT(), t.indexAddress());
        boolean behind = commit > 0 || index > 0 || src.statusV() > t.statusV() || src.configV() > t.configV();
        boolean ahead = commit < 0 || index < 0 || src.statusV() < t.statusV() || src.configV() < t.configV();
        return behind ? Outcome.COPIED : ahead ? Outcome.NEWER_AT_TARGET : Outcome.PRESENT;
    }

    /**
     * How publishing the source's head would go: positive if it would apply, negative if it would be stale (the
     * target's t is higher, or equal with another address), zero if unchanged or the source has no such head.
     */
    private static int compare(
            OptionalLong srcT, Optional<String> srcAddress, OptionalLong t, Optional<String> address) {
        if (srcT.isEmpty()) {
            return 0;
        }
        if (t.isEmpty() || srcT.getAsLong() > t.getAsLong()) {
            return 1;
        }
        return srcT.getAsLong() == t.getAsLong() && srcAddress.equals(address) ? 0 : -1;
    }
}
