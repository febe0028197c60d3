package io.tidemark.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.tidemark.InvalidInputException;
import io.tidemark.Limits;
import io.tidemark.publisher.CasResult;
import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.NsRecord;
import io.tidemark.publisher.PublishResult;
import io.tidemark.spi.support.JsonValues;
import io.tidemark.spi.support.Validate;
import java.util.AbstractMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * The adversarial review of b64b26f (NsRecord's rules build their record through a private copy that skips the
 * checks of the copied fields): every rule, fed any input (null, invalid and oversized texts, extreme numbers, a clock
 * going backwards, meta maps with null keys or values, too deep, changing between calls, a map class of the caller's
 * named {@code Copy}, a null optional), has the outcome the rules had before that commit (same result, or the same
 * exception type naming the same field), on records built through the public constructor from mutable maps or by
 * earlier rules; and every record a rule returns equals, hashes and prints as the same record built publicly, holds
 * its canonical (never a wrapped) meta maps, and never moves {@code updated_at} back.
 */
class NsRecordCopyDifferentialTest {
    private static final int TRIES = 5_000;
    private static final LedgerAlias ALIAS = LedgerAlias.parse("ledger:main");
    private static final ValueRulesFuzzTest GEN = new ValueRulesFuzzTest();

    // ---- the rules as they were before b64b26f (git show b64b26f^:.../NsRecord.java), copied verbatim ----

    /** The pre-change constructor: its checks, in their order, then the (now equivalent) public constructor. */
    @SuppressWarnings("unchecked")
    static NsRecord oldRecord(
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
        return new NsRecord(
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
                configV,
                configMeta);
    }

    static NsRecord oldCreated(LedgerAlias alias, long now) {
        return oldRecord(
                alias,
                Optional.empty(),
                OptionalLong.empty(),
                Optional.empty(),
                OptionalLong.empty(),
                Optional.empty(),
                NsRecord.READY,
                now,
                1,
                Map.of(),
                0,
                Map.of());
    }

    static PublishResult oldHead(
            boolean commit, Optional<NsRecord> stored, LedgerAlias alias, String address, long t, long now) {
        if (stored.isPresent()) {
            NsRecord r = stored.get();
            OptionalLong storedT = commit ? r.commitT() : r.indexT();
            if (storedT.isPresent() && t <= storedT.getAsLong()) {
                Optional<String> storedAddress = commit ? r.commitAddress() : r.indexAddress();
                boolean same = t == storedT.getAsLong() && storedAddress.get().equals(address);
                return same ? new PublishResult.Unchanged(r) : new PublishResult.Stale(r);
            }
        }
        NsRecord base = stored.orElseGet(() -> oldCreated(alias, now));
        long at = Math.max(now, base.updatedAt());
        NsRecord next = commit
                ? oldRecord(
                        base.alias(),
                        Optional.of(address),
                        OptionalLong.of(t),
                        base.indexAddress(),
                        base.indexT(),
                        base.defaultContextAddress(),
                        base.status(),
                        at,
                        base.statusV(),
                        base.statusMeta(),
                        base.configV(),
                        base.configMeta())
                : oldRecord(
                        base.alias(),
                        base.commitAddress(),
                        base.commitT(),
                        Optional.of(address),
                        OptionalLong.of(t),
                        base.defaultContextAddress(),
                        base.status(),
                        at,
                        base.statusV(),
                        base.statusMeta(),
                        base.configV(),
                        base.configMeta());
        return new PublishResult.Updated(stored, next);
    }

    static NsRecord oldRetracted(NsRecord r, long now) {
        return oldRecord(
                r.alias(),
                r.commitAddress(),
                r.commitT(),
                r.indexAddress(),
                r.indexT(),
                r.defaultContextAddress(),
                NsRecord.RETRACTED,
                Math.max(now, r.updatedAt()),
                oldNext("status v", r.statusV()),
                r.statusMeta(),
                r.configV(),
                r.configMeta());
    }

    static CasResult oldStatus(
            Optional<NsRecord> stored, long expectedV, String state, Map<String, Object> meta, long now) {
        if (stored.isEmpty() || stored.get().statusV() != expectedV) {
            return new CasResult.Conflict(stored);
        }
        NsRecord r = stored.get();
        return new CasResult.Applied(oldRecord(
                r.alias(),
                r.commitAddress(),
                r.commitT(),
                r.indexAddress(),
                r.indexT(),
                r.defaultContextAddress(),
                state,
                Math.max(now, r.updatedAt()),
                oldNext("status v", expectedV),
                meta,
                r.configV(),
                r.configMeta()));
    }

    static CasResult oldConfig(
            Optional<NsRecord> stored,
            long expectedV,
            Map<String, Object> meta,
            Optional<String> defaultContextAddress,
            long now) {
        if (stored.isEmpty() || stored.get().configV() != expectedV) {
            return new CasResult.Conflict(stored);
        }
        NsRecord r = stored.get();
        return new CasResult.Applied(oldRecord(
                r.alias(),
                r.commitAddress(),
                r.commitT(),
                r.indexAddress(),
                r.indexT(),
                defaultContextAddress.or(() -> r.defaultContextAddress()),
                r.status(),
                Math.max(now, r.updatedAt()),
                r.statusV(),
                r.statusMeta(),
                oldNext("config v", expectedV),
                meta));
    }

    static long oldNext(String field, long v) {
        if (v == Long.MAX_VALUE) {
            throw new InvalidInputException(field, v, "is at its maximum");
        }
        return v + 1;
    }

    // ---- hostile inputs ----

    /** A caller's map class that happens to be called Copy: only NsRecord's own private Copy may skip checks. */
    static final class Copy extends AbstractMap<String, Object> {
        private final Map<String, Object> entries;

        Copy(Map<String, Object> entries) {
            this.entries = entries;
        }

        @Override
        public Set<Map.Entry<String, Object>> entrySet() {
            return entries.entrySet();
        }
    }

    /** A map valid on its first read and invalid (a null value) on every later one: checked once, copied once. */
    static final class Flipping extends AbstractMap<String, Object> {
        private int reads;

        @Override
        public Set<Map.Entry<String, Object>> entrySet() {
            Map<String, Object> m = new HashMap<>();
            m.put("k", reads++ == 0 ? "v" : null);
            return m.entrySet();
        }
    }

    /** A meta map that the caller keeps: each side of the comparison gets its own fresh instance. */
    @Provide
    Arbitrary<Supplier<Map<String, Object>>> metas() {
        Arbitrary<Supplier<Map<String, Object>>> generated = Combinators.combine(GEN.texts(), GEN.metaValues())
                .as((k, v) -> () -> {
                    Map<String, Object> m = new HashMap<>();
                    m.put(k, v);
                    return m;
                });
        return Arbitraries.frequencyOf(
                Tuple.of(1, Arbitraries.just(() -> null)),
                Tuple.of(2, Arbitraries.just(Map::of)),
                Tuple.of(6, generated),
                Tuple.of(1, Arbitraries.just(() -> {
                    Map<String, Object> m = new HashMap<>();
                    m.put(null, "v");
                    return m;
                })),
                Tuple.of(1, Arbitraries.just(() -> {
                    Map<String, Object> m = new HashMap<>();
                    m.put("k", null);
                    return m;
                })),
                Tuple.of(1, Arbitraries.just(Flipping::new)),
                Tuple.of(1, generated.map(g -> () -> new Copy(g.get()))),
                Tuple.of(1, Arbitraries.just(() -> new Copy(Map.of("k", "x".repeat(Limits.MAX_META_BYTES))))));
    }

    @Provide
    Arbitrary<String> addresses() {
        return Arbitraries.frequencyOf(
                Tuple.of(8, GEN.texts()),
                Tuple.of(1, Arbitraries.just("a".repeat(Limits.MAX_ADDRESS + 1))),
                Tuple.of(1, Arbitraries.just("a".repeat(Limits.MAX_ADDRESS))));
    }

    @Provide
    Arbitrary<Long> longs() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.longs().between(0, 6)),
                Tuple.of(1, Arbitraries.longs()),
                Tuple.of(2, Arbitraries.of(-1L, Long.MIN_VALUE, Long.MAX_VALUE, Long.MAX_VALUE - 1)));
    }

    /** 0 commit, 1 index, 2 retract, 3 status, 4 config; {@code sameV}: the expected version is the stored one. */
    record AnyOp(
            int kind,
            String address,
            long t,
            long now,
            boolean sameV,
            String state,
            Supplier<Map<String, Object>> meta,
            int context) {}

    @Provide
    Arbitrary<List<AnyOp>> ops() {
        return Combinators.combine(
                        Arbitraries.integers().between(0, 4),
                        addresses(),
                        longs(),
                        longs(),
                        Arbitraries.of(true, true, false),
                        GEN.texts(),
                        metas(),
                        Arbitraries.integers().between(0, 3))
                .as(AnyOp::new)
                .list()
                .ofMaxSize(10);
    }

    /** A first record: none, or one built publicly from mutable maps, with any valid fields (versions up to max). */
    @Provide
    Arbitrary<Optional<NsRecord>> firsts() {
        Arbitrary<Long> versions = Arbitraries.of(0L, 1L, 5L, Long.MAX_VALUE - 1, Long.MAX_VALUE);
        Arbitrary<Long> ts = Arbitraries.of(0L, 3L, Long.MAX_VALUE);
        Arbitrary<NsRecord> built = Combinators.combine(
                        Arbitraries.of(true, false),
                        Arbitraries.of(true, false),
                        ts,
                        ts,
                        Arbitraries.of(0L, 7L, Long.MAX_VALUE),
                        versions,
                        versions,
                        Arbitraries.of(true, false))
                .as((commit, index, ct, it, at, sv, cv, ctx) -> {
                    Map<String, Object> sm = new HashMap<>(Map.of("s", 1, "n", List.of(2.50, "x")));
                    Map<String, Object> cm = new HashMap<>(Map.of("c", new HashMap<>(Map.of("d", 1.0))));
                    return new NsRecord(
                            ALIAS,
                            commit ? Optional.of("c") : Optional.empty(),
                            commit ? OptionalLong.of(ct) : OptionalLong.empty(),
                            index ? Optional.of("i") : Optional.empty(),
                            index ? OptionalLong.of(it) : OptionalLong.empty(),
                            ctx ? Optional.of("ctx") : Optional.empty(),
                            "paused",
                            at,
                            sv,
                            sm,
                            cv,
                            cm);
                });
        return Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.just(Optional.empty())), Tuple.of(3, built.optional()));
    }

    /** What a call ends in: its value, or the exception's type and (for an InvalidInputException) field. */
    record Outcome(Object value, Class<?> thrown, String field) {
        static Outcome of(Supplier<Object> call) {
            try {
                return new Outcome(call.get(), null, null);
            } catch (RuntimeException e) {
                return new Outcome(null, e.getClass(), e instanceof InvalidInputException i ? i.field() : null);
            }
        }
    }

    private static Optional<String> context(int kind, String address) {
        return switch (kind) {
            case 0 -> null;
            case 1 -> Optional.empty();
            default -> Optional.ofNullable(address);
        };
    }

    private static Outcome call(boolean old, Optional<NsRecord> stored, AnyOp op) {
        long statusV = stored.map(NsRecord::statusV).orElse(1L);
        long configV = stored.map(NsRecord::configV).orElse(0L);
        Map<String, Object> meta = op.meta().get();
        Optional<String> ctx = context(op.context(), op.address());
        return Outcome.of(() -> switch (op.kind()) {
            case 0, 1 -> old
                    ? oldHead(op.kind() == 0, stored, ALIAS, op.address(), op.t(), op.now())
                    : op.kind() == 0
                            ? NsRecord.decideCommit(stored, ALIAS, op.address(), op.t(), op.now())
                            : NsRecord.decideIndex(stored, ALIAS, op.address(), op.t(), op.now());
            case 2 -> stored.map(r -> old ? oldRetracted(r, op.now()) : r.retracted(op.now()))
                    .orElse(null);
            case 3 -> {
                long v = op.sameV() ? statusV : op.t();
                yield old
                        ? oldStatus(stored, v, op.state(), meta, op.now())
                        : NsRecord.decideStatus(stored, v, op.state(), meta, op.now());
            }
            default -> {
                long v = op.sameV() ? configV : op.t();
                yield old
                        ? oldConfig(stored, v, meta, ctx, op.now())
                        : NsRecord.decideConfig(stored, v, meta, ctx, op.now());
            }
        });
    }

    /**
     * The one deliberate change of b64b26f: a head rule that would apply a null address threw the bare
     * {@code NullPointerException} of {@code Optional.of}; it now checks the address and throws an
     * {@link InvalidInputException} naming it (its Javadoc says so, and ValueRulesFuzzTest.noRuleLetsAnInvalidValueIn
     * requires it).
     */
    private static Outcome documentedChange(AnyOp op, Outcome before) {
        if (op.kind() <= 1 && op.address() == null && before.thrown() == NullPointerException.class) {
            return new Outcome(null, InvalidInputException.class, op.kind() == 0 ? "commit address" : "index address");
        }
        return before;
    }

    /** The record a call stored, if it applied one. */
    private static Optional<NsRecord> applied(Object value) {
        if (value instanceof NsRecord r) {
            return Optional.of(r);
        }
        if (value instanceof PublishResult.Updated u) {
            return Optional.of(u.current());
        }
        if (value instanceof CasResult.Applied a) {
            return Optional.of(a.record());
        }
        return Optional.empty();
    }

    @Property(tries = TRIES)
    void everyRuleHasItsPreChangeOutcome(@ForAll("firsts") Optional<NsRecord> first, @ForAll("ops") List<AnyOp> ops) {
        Optional<NsRecord> stored = first;
        for (AnyOp op : ops) {
            Outcome before = documentedChange(op, call(true, stored, op));
            Outcome after = call(false, stored, op);
            assertThat(after).as("%s on %s", op, stored).isEqualTo(before);
            Optional<NsRecord> next = applied(after.value());
            if (next.isPresent()) {
                NsRecord r = next.get();
                assertSameAsPublic(r);
                stored.ifPresent(s -> assertThat(r.updatedAt()).isGreaterThanOrEqualTo(s.updatedAt()));
                stored = next;
            }
        }
    }

    /** {@code r} is the record the public constructor builds from its fields: equal, same hash and text, canonical. */
    private static void assertSameAsPublic(NsRecord r) {
        NsRecord rebuilt = new NsRecord(
                r.alias(),
                r.commitAddress(),
                r.commitT(),
                r.indexAddress(),
                r.indexT(),
                r.defaultContextAddress(),
                r.status(),
                r.updatedAt(),
                r.statusV(),
                new HashMap<>(r.statusMeta()),
                r.configV(),
                new HashMap<>(r.configMeta()));
        assertThat(r).isEqualTo(rebuilt);
        assertThat(rebuilt).isEqualTo(r);
        assertThat(r.hashCode()).isEqualTo(rebuilt.hashCode());
        assertThat(r.toString()).isEqualTo(rebuilt.toString());
        for (Map<String, Object> m : List.of(r.statusMeta(), r.configMeta())) {
            assertThat(JsonValues.meta("meta", m)).isSameAs(m); // the canonical map itself, not a wrapper
            assertThat(m.getClass().getName()).doesNotContain("NsRecord");
            assertThatThrownBy(() -> m.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        }
    }

    @Example
    void aMetaMapTheCallerMutatesAfterTheCallDoesNotChangeTheRecord() {
        NsRecord r = NsRecord.decideCommit(Optional.empty(), ALIAS, "c", 1, 5).current();
        Map<String, Object> meta = new HashMap<>(Map.of("k", "v"));
        List<Object> list = new java.util.ArrayList<>(List.of(1L));
        meta.put("l", list);
        NsRecord s = ((CasResult.Applied) NsRecord.decideStatus(Optional.of(r), 1, "paused", meta, 6)).record();
        NsRecord c = ((CasResult.Applied) NsRecord.decideConfig(Optional.of(s), 0, meta, Optional.empty(), 7)).record();
        meta.put("k", "changed");
        meta.put("bad", new Object());
        list.add("more");
        Map<String, Object> expected = Map.of("k", "v", "l", List.of(1L));
        assertThat(s.statusMeta()).isEqualTo(expected);
        assertThat(c.configMeta()).isEqualTo(expected);
        assertThat(c.statusMeta()).isEqualTo(expected);
        assertSameAsPublic(c);
    }

    @Example
    void versionsAtTheirMaximumAreRefusedAndNothingWraps() {
        NsRecord max = new NsRecord(
                ALIAS,
                Optional.of("c"),
                OptionalLong.of(Long.MAX_VALUE),
                Optional.empty(),
                OptionalLong.empty(),
                Optional.empty(),
                "ready",
                Long.MAX_VALUE,
                Long.MAX_VALUE,
                Map.of(),
                Long.MAX_VALUE,
                Map.of());
        Throwable retract = catchThrowable(() -> max.retracted(0));
        assertThat(((InvalidInputException) retract).field()).isEqualTo("status v");
        Throwable status = catchThrowable(
                () -> NsRecord.decideStatus(Optional.of(max), Long.MAX_VALUE, "x", Map.of(), Long.MIN_VALUE));
        assertThat(((InvalidInputException) status).field()).isEqualTo("status v");
        Throwable config = catchThrowable(() ->
                NsRecord.decideConfig(Optional.of(max), Long.MAX_VALUE, Map.of(), Optional.of("ctx"), Long.MIN_VALUE));
        assertThat(((InvalidInputException) config).field()).isEqualTo("config v");
        // a head at Long.MAX_VALUE is never passed; the index head still applies, with the clock far behind
        assertThat(NsRecord.decideCommit(Optional.of(max), ALIAS, "d", Long.MAX_VALUE, 0))
                .isInstanceOf(PublishResult.Stale.class);
        NsRecord idx = NsRecord.decideIndex(Optional.of(max), ALIAS, "i", Long.MAX_VALUE, Long.MIN_VALUE)
                .current();
        assertThat(idx.updatedAt()).isEqualTo(Long.MAX_VALUE);
        assertThat(idx.statusV()).isEqualTo(Long.MAX_VALUE);
        assertSameAsPublic(idx);
    }
}
