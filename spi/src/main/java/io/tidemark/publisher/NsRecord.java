package io.tidemark.publisher;

import io.tidemark.InvalidInputException;
import io.tidemark.Limits;
import io.tidemark.spi.support.JsonValues;
import io.tidemark.spi.support.Validate;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The nameservice record of one ledger alias, as stored. Absent heads are empty optionals; an address and its
 * t are always present together. Meta maps are canonical JSON-like values ({@link JsonValues}).
 *
 * <p>This class owns the publisher's rules ({@link #decideCommit}, {@link #decideIndex}, {@link #retracted},
 * {@link #decideStatus}, {@link #decideConfig}); every in-process backend applies them and the DynamoDB
 * backend encodes the same rules in its condition expressions.
 *
 * @param updatedAt epoch seconds of the last applied change
 * @param statusV status version, 1 on creation, +1 per applied status change or retract
 * @param configV config version, 0 on creation, +1 per applied config change
 */
public record NsRecord(
        LedgerAlias alias,
        Optional<String> commitAddress,
        OptionalLong commitT,
        Optional<String> indexAddress,
        OptionalLong indexT,
        Optional<String> defaultContextAddress,
        String status,
        long updatedAt,
        long statusV,
        Map<String, Object> statusMeta,
        long configV,
        Map<String, Object> configMeta) {

    /** Status of a live ledger, set by the first publish. */
    public static final String READY = "ready";
    /** Status set by {@link Publisher#retract}. */
    public static final String RETRACTED = "retracted";

    public NsRecord {
        Objects.requireNonNull(alias, "alias");
        commitAddress.ifPresent(a -> Validate.address("commit address", a));
        indexAddress.ifPresent(a -> Validate.address("index address", a));
        defaultContextAddress.ifPresent(a -> Validate.address("default context address", a));
        if (commitAddress.isPresent() != commitT.isPresent()) {
            throw new InvalidInputException(
                    "commit t", commitT, "commit address and commit t must be present together");
        }
        if (indexAddress.isPresent() != indexT.isPresent()) {
            throw new InvalidInputException("index t", indexT, "index address and index t must be present together");
        }
        commitT.ifPresent(t -> Validate.nonNegative("commit t", t));
        indexT.ifPresent(t -> Validate.nonNegative("index t", t));
        Validate.text("status", status, Limits.MAX_STATUS);
        Validate.nonNegative("updated at", updatedAt);
        Validate.nonNegative("status v", statusV);
        Validate.nonNegative("config v", configV);
        statusMeta = JsonValues.meta("status meta", statusMeta);
        configMeta = JsonValues.meta("config meta", configMeta);
    }

    /** The ledger name, as the {@code ledger_name} attribute. */
    public String ledgerName() {
        return alias.name();
    }

    /** The branch, as the {@code branch} attribute. */
    public String branch() {
        return alias.branch();
    }

    /** A record created by a first publish: no heads, {@code ready}, {@code status_v = 1}, {@code config_v = 0}. */
    public static NsRecord created(LedgerAlias alias, long now) {
        return new NsRecord(
                alias,
                Optional.empty(),
                OptionalLong.empty(),
                Optional.empty(),
                OptionalLong.empty(),
                Optional.empty(),
                READY,
                now,
                1,
                Map.of(),
                0,
                Map.of());
    }

    /**
     * The commit rule: applies iff no commit is stored or {@code t > commit_t}; upserts. {@code Unchanged} when t
     * and address equal the stored ones, {@code Stale} otherwise. Arguments must be valid ({@link Publisher}).
     */
    public static PublishResult decideCommit(
            Optional<NsRecord> stored, LedgerAlias alias, String address, long t, long now) {
        return decideHead(true, stored, alias, address, t, now);
    }

    /** The index rule: {@link #decideCommit} on the index fields. */
    public static PublishResult decideIndex(
            Optional<NsRecord> stored, LedgerAlias alias, String address, long t, long now) {
        return decideHead(false, stored, alias, address, t, now);
    }

    private static PublishResult decideHead(
            boolean commit, Optional<NsRecord> stored, LedgerAlias alias, String address, long t, long now) {
        if (stored.isPresent()) {
            NsRecord r = stored.get();
            OptionalLong storedT = commit ? r.commitT : r.indexT;
            if (storedT.isPresent() && t <= storedT.getAsLong()) {
                Optional<String> storedAddress = commit ? r.commitAddress : r.indexAddress;
                boolean same = t == storedT.getAsLong() && storedAddress.get().equals(address);
                return same ? new PublishResult.Unchanged(r) : new PublishResult.Stale(r);
            }
        }
        NsRecord base = stored.orElseGet(() -> created(alias, now));
        long at = Math.max(now, base.updatedAt);
        NsRecord next = commit
                ? new NsRecord(
                        base.alias,
                        Optional.of(address),
                        OptionalLong.of(t),
                        base.indexAddress,
                        base.indexT,
                        base.defaultContextAddress,
                        base.status,
                        at,
                        base.statusV,
                        base.statusMeta,
                        base.configV,
                        base.configMeta)
                : new NsRecord(
                        base.alias,
                        base.commitAddress,
                        base.commitT,
                        Optional.of(address),
                        OptionalLong.of(t),
                        base.defaultContextAddress,
                        base.status,
                        at,
                        base.statusV,
                        base.statusMeta,
                        base.configV,
                        base.configMeta);
        return new PublishResult.Updated(stored, next);
    }

    /** The retract rule: {@code status = retracted}, {@code status_v + 1}, {@code updated_at = now}; heads untouched. */
    public NsRecord retracted(long now) {
        return new NsRecord(
                alias,
                commitAddress,
                commitT,
                indexAddress,
                indexT,
                defaultContextAddress,
                RETRACTED,
                Math.max(now, updatedAt),
                next("status v", statusV),
                statusMeta,
                configV,
                configMeta);
    }

    /** The status compare-and-set: applies iff a record exists and {@code status_v == expectedV}. */
    public static CasResult decideStatus(
            Optional<NsRecord> stored, long expectedV, String state, Map<String, Object> meta, long now) {
        if (stored.isEmpty() || stored.get().statusV != expectedV) {
            return new CasResult.Conflict(stored);
        }
        NsRecord r = stored.get();
        return new CasResult.Applied(new NsRecord(
                r.alias,
                r.commitAddress,
                r.commitT,
                r.indexAddress,
                r.indexT,
                r.defaultContextAddress,
                state,
                Math.max(now, r.updatedAt),
                next("status v", expectedV),
                meta,
                r.configV,
                r.configMeta));
    }

    /**
     * The config compare-and-set: applies iff a record exists and {@code config_v == expectedV}; replaces the
     * config meta, and the default context address when one is given.
     */
    public static CasResult decideConfig(
            Optional<NsRecord> stored,
            long expectedV,
            Map<String, Object> meta,
            Optional<String> defaultContextAddress,
            long now) {
        if (stored.isEmpty() || stored.get().configV != expectedV) {
            return new CasResult.Conflict(stored);
        }
        NsRecord r = stored.get();
        return new CasResult.Applied(new NsRecord(
                r.alias,
                r.commitAddress,
                r.commitT,
                r.indexAddress,
                r.indexT,
                defaultContextAddress.or(() -> r.defaultContextAddress),
                r.status,
                Math.max(now, r.updatedAt),
                r.statusV,
                r.statusMeta,
                next("config v", expectedV),
                meta));
    }

    /** A version counter plus one; a counter at {@code Long.MAX_VALUE} stays there and the change is refused. */
    private static long next(String field, long v) {
        if (v == Long.MAX_VALUE) {
            throw new InvalidInputException(
                    field,
                    v,
                    "is at its maximum (Long.MAX_VALUE) and cannot be bumped further;" + " nothing was written");
        }
        return v + 1;
    }
}
