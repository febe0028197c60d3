package io.tidemark.publisher;

import io.tidemark.InvalidInputException;
import io.tidemark.Limits;
import io.tidemark.spi.support.JsonValues;
import io.tidemark.spi.support.Validate;
import java.util.AbstractMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The nameservice record of one ledger alias, as stored. Absent heads are empty optionals; an address and its
 * t are always present together. Meta maps are canonical JSON-like values ({@link JsonValues}).
 *
 * <p>This class owns the publisher's rules ({@link #decideCommit}, {@link #decideIndex}, {@link #retracted},
 * {@link #decideStatus}, {@link #decideConfig}); every in-process backend applies them and the DynamoDB
 * backend encodes the same rules in its condition expressions. Every record is valid: the constructor checks each
 * field, and a rule builds its record from a stored (hence valid) one, checking only the fields it changes (so the
 * memory backend's update does not walk the copied ones again).
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

    /**
     * Checks every field (and canonicalises both meta maps with {@link JsonValues#meta}).
     *
     * @throws InvalidInputException naming the first invalid field
     */
    public NsRecord {
        if (statusMeta instanceof Copy c) {
            // built by a rule of this class from a valid record: the rule checked the fields it changed
            statusMeta = c.statusMeta;
        } else {
            statusMeta = check(
                    alias,
                    commitAddress,
                    commitT,
                    indexAddress,
                    indexT,
                    defaultContextAddress,
                    status,
                    updatedAt,
                    statusV,
                    statusMeta,
                    configV);
            configMeta = JsonValues.meta("config meta", configMeta);
        }
    }

    /** The checks of the fields that are not numbers or meta maps, out of line: a rule's copy skips them. */
    private static Map<String, Object> check(
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
            long configV) {
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
        return JsonValues.meta("status meta", statusMeta);
    }

    /**
     * The status meta of a record that a rule builds from a valid one, marking it so: the constructor then takes the
     * fields as they are. Every field of such a record is either copied from the valid record or checked by the rule
     * before it builds it (an address and t, a status, a meta map, a version from {@link #next}, {@code updated_at}
     * as {@code max(now, stored)}). Private: no other code can build a record without the checks.
     */
    private static final class Copy extends AbstractMap<String, Object> {
        private final Map<String, Object> statusMeta;

        private Copy(Map<String, Object> statusMeta) {
            this.statusMeta = statusMeta;
        }

        @Override
        public Set<Map.Entry<String, Object>> entrySet() {
            return statusMeta.entrySet();
        }
    }

    /** A record built from the valid {@code base}'s fields and these (checked by the caller), without the checks. */
    private static NsRecord copy(
            NsRecord base,
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
        return new NsRecord(
                base.alias,
                commitAddress,
                commitT,
                indexAddress,
                indexT,
                defaultContextAddress,
                status,
                updatedAt,
                statusV,
                new Copy(statusMeta),
                configV,
                configMeta);
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
     * and address equal the stored ones, {@code Stale} otherwise. The new record copies the stored one's other fields
     * without checking them again (they were checked when it was built); the address and t are checked when they are
     * applied.
     *
     * @throws InvalidInputException naming {@code commit address} or {@code commit t} when the rule would apply an
     *     invalid one, or {@code updated at} when a first publish has a negative {@code now}
     */
    public static PublishResult decideCommit(
            Optional<NsRecord> stored, LedgerAlias alias, String address, long t, long now) {
        return decideHead(true, stored, alias, address, t, now);
    }

    /**
     * The index rule: {@link #decideCommit} on the index fields.
     *
     * @throws InvalidInputException naming {@code index address} or {@code index t}, as {@link #decideCommit} does
     */
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
        NsRecord base = stored.isPresent() ? stored.get() : created(alias, now);
        return new PublishResult.Updated(stored, head(commit, base, address, t, Math.max(now, base.updatedAt)));
    }

    /** {@code base} with the commit (or index) head set to the checked {@code address} and {@code t}. */
    private static NsRecord head(boolean commit, NsRecord base, String address, long t, long updatedAt) {
        Optional<String> a = Optional.of(Validate.address(commit ? "commit address" : "index address", address));
        OptionalLong at = OptionalLong.of(Validate.nonNegative(commit ? "commit t" : "index t", t));
        return copy(
                base,
                commit ? a : base.commitAddress,
                commit ? at : base.commitT,
                commit ? base.indexAddress : a,
                commit ? base.indexT : at,
                base.defaultContextAddress,
                base.status,
                updatedAt,
                base.statusV,
                base.statusMeta,
                base.configV,
                base.configMeta);
    }

    /**
     * The retract rule: {@code status = retracted}, {@code status_v + 1}, {@code updated_at = now}; heads untouched.
     *
     * @throws InvalidInputException naming {@code status v} when it is at its maximum
     */
    public NsRecord retracted(long now) {
        return copy(
                this,
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

    /**
     * The status compare-and-set: applies iff a record exists and {@code status_v == expectedV}.
     *
     * @throws InvalidInputException naming {@code status v} (at its maximum), {@code status} or the status meta when
     *     the change would apply with an invalid one
     */
    public static CasResult decideStatus(
            Optional<NsRecord> stored, long expectedV, String state, Map<String, Object> meta, long now) {
        if (stored.isEmpty() || stored.get().statusV != expectedV) {
            return new CasResult.Conflict(stored);
        }
        NsRecord r = stored.get();
        long statusV = next("status v", expectedV);
        Validate.text("status", state, Limits.MAX_STATUS);
        return new CasResult.Applied(copy(
                r,
                r.commitAddress,
                r.commitT,
                r.indexAddress,
                r.indexT,
                r.defaultContextAddress,
                state,
                Math.max(now, r.updatedAt),
                statusV,
                JsonValues.meta("status meta", meta),
                r.configV,
                r.configMeta));
    }

    /**
     * The config compare-and-set: applies iff a record exists and {@code config_v == expectedV}; replaces the
     * config meta, and the default context address when one is given.
     *
     * @throws InvalidInputException naming {@code config v} (at its maximum), {@code default context address} or the
     *     config meta when the change would apply with an invalid one
     * @throws NullPointerException when {@code defaultContextAddress} is null and a record is stored at
     *     {@code expectedV}, before any other check (as before the rules skipped the copied fields' checks)
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
        // read before the version, as the arguments of the checked constructor were: a null optional stays an NPE
        Optional<String> context = defaultContextAddress.or(() -> r.defaultContextAddress);
        long configV = next("config v", expectedV);
        defaultContextAddress.ifPresent(a -> Validate.address("default context address", a));
        Map<String, Object> configMeta = JsonValues.meta("config meta", meta);
        return new CasResult.Applied(copy(
                r,
                r.commitAddress,
                r.commitT,
                r.indexAddress,
                r.indexT,
                context,
                r.status,
                Math.max(now, r.updatedAt),
                r.statusV,
                r.statusMeta,
                configV,
                configMeta));
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
