package io.tidemark.publisher;

import java.util.Collections;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One applied change of a ledger alias's record, as {@link Publisher#watch} delivers it: the record the subscriber
 * saw before ({@code before}, empty if it saw none) and the record stored now ({@code after}, empty once deleted).
 * When a subscriber is slower than the writers, several applied changes of one alias arrive as one event (from the
 * last state delivered to the latest one), and {@link #kinds} names every kind of change between the two.
 *
 * @param alias the ledger alias
 * @param kinds what changed between {@code before} and {@code after}, never empty ({@link Kind#between})
 * @param before the record last delivered to this subscriber (or stored when it subscribed); empty if none
 * @param after the record stored now; empty if the record was deleted
 */
public record NsChange(LedgerAlias alias, Set<Kind> kinds, Optional<NsRecord> before, Optional<NsRecord> after) {

    /** Validates that no part is missing, that {@code kinds} is not empty and that the records are of {@code alias}. */
    public NsChange {
        Objects.requireNonNull(alias, "alias");
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
        if (kinds.isEmpty()) {
            throw new IllegalArgumentException("a change of " + alias + " names at least one kind");
        }
        kinds = Collections.unmodifiableSet(EnumSet.copyOf(kinds));
        before.ifPresent(r -> requireAlias(alias, r));
        after.ifPresent(r -> requireAlias(alias, r));
    }

    private static void requireAlias(LedgerAlias alias, NsRecord r) {
        if (!r.alias().equals(alias)) {
            throw new IllegalArgumentException("a change of " + alias + " holds a record of " + r.alias());
        }
    }

    /**
     * The change from {@code before} to {@code after}, or empty if the two are equal (nothing to deliver).
     *
     * @throws IllegalArgumentException if both are empty or a record is not of {@code alias}
     */
    public static Optional<NsChange> between(LedgerAlias alias, Optional<NsRecord> before, Optional<NsRecord> after) {
        if (before.equals(after)) {
            return Optional.empty();
        }
        return Optional.of(new NsChange(alias, Kind.between(before, after), before, after));
    }

    /** What changed in a record, derived from the fields of two consecutive states. */
    public enum Kind {
        /** {@code commit_t} or {@code commit_address} moved ({@link Publisher#publishCommit}). */
        COMMIT,
        /** {@code index_t} or {@code index_address} moved ({@link Publisher#publishIndex}). */
        INDEX,
        /** {@code status_v}, the status or its meta changed, to a status other than {@code retracted}. */
        STATUS,
        /** {@code config_v}, the config meta or the default context address changed ({@link Publisher#pushConfig}). */
        CONFIG,
        /**
         * {@code status_v} or the status changed and the status is now {@code retracted} ({@link Publisher#retract},
         * or a {@link Publisher#pushStatus} to {@code retracted}).
         */
        RETRACT,
        /** The record is gone ({@link Publisher#delete}). */
        DELETE;

        /**
         * The kinds of change from {@code before} to {@code after}: {@link #DELETE} alone if {@code after} is empty;
         * otherwise each group of fields that differs ({@link #COMMIT}, {@link #INDEX}, {@link #STATUS} or
         * {@link #RETRACT}, {@link #CONFIG}), comparing a new record with the record a first publish creates. Two
         * records that differ in {@code updated_at} alone (the record was deleted and written again with the same
         * fields) are reported as the record created anew: the heads it holds.
         *
         * @return the kinds; empty only if the two states are equal
         */
        public static Set<Kind> between(Optional<NsRecord> before, Optional<NsRecord> after) {
            if (before.equals(after)) {
                return Set.of();
            }
            if (after.isEmpty()) {
                return EnumSet.of(DELETE);
            }
            NsRecord a = after.get();
            NsRecord b = before.orElseGet(() -> NsRecord.created(a.alias(), a.updatedAt()));
            EnumSet<Kind> kinds = fields(b, a);
            if (kinds.isEmpty()) {
                kinds = fields(NsRecord.created(a.alias(), a.updatedAt()), a);
            }
            if (kinds.isEmpty()) {
                kinds = EnumSet.of(STATUS);
            }
            return kinds;
        }

        private static EnumSet<Kind> fields(NsRecord b, NsRecord a) {
            EnumSet<Kind> kinds = EnumSet.noneOf(Kind.class);
            if (!b.commitT().equals(a.commitT()) || !b.commitAddress().equals(a.commitAddress())) {
                kinds.add(COMMIT);
            }
            if (!b.indexT().equals(a.indexT()) || !b.indexAddress().equals(a.indexAddress())) {
                kinds.add(INDEX);
            }
            if (b.statusV() != a.statusV()
                    || !b.status().equals(a.status())
                    || !b.statusMeta().equals(a.statusMeta())) {
                kinds.add(NsRecord.RETRACTED.equals(a.status()) ? RETRACT : STATUS);
            }
            if (b.configV() != a.configV()
                    || !b.configMeta().equals(a.configMeta())
                    || !b.defaultContextAddress().equals(a.defaultContextAddress())) {
                kinds.add(CONFIG);
            }
            return kinds;
        }
    }
}
