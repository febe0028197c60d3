package io.tidemark.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.tidemark.InvalidInputException;
import io.tidemark.Limits;
import io.tidemark.publisher.CasResult;
import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.NsRecord;
import io.tidemark.publisher.PublishResult;
import io.tidemark.spi.support.JsonValues;
import io.tidemark.watermark.AdvanceResult;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Fuzzes the value constructors and the decide rules against a small reference model written here, independently of
 * the code under test (issue 10, "Fuzzing with jqwik"): each case ends in the model's result or an
 * {@link InvalidInputException} naming the field the model says is wrong, and no message carries a raw control
 * character or half a surrogate pair.
 */
class ValueRulesFuzzTest {
    private static final int TRIES = 10_000;

    // ---- the reference model of a valid text ----

    /** Why {@code s} is not a valid text of at most {@code max} chars, or null if it is. */
    static String textProblem(String s, int max) {
        if (s == null) {
            return "null";
        }
        if (s.codePoints().allMatch(Character::isWhitespace)) {
            return "blank";
        }
        if (s.length() > max) {
            return "long";
        }
        if (s.chars().anyMatch(c -> c < 0x20 || (c >= 0x7f && c <= 0x9f))) {
            return "control";
        }
        if (s.codePoints().anyMatch(cp -> cp >= 0xD800 && cp <= 0xDFFF)) {
            return "surrogate";
        }
        return null;
    }

    private static final String[] FRAGMENTS = {
        "a",
        "Z",
        "0",
        "/",
        ":",
        " ",
        "\t",
        "\0",
        "\u007f",
        "\u0085",
        "\uD800",
        "\uDC00",
        "\uD83D\uDE00",
        "é",
        "\u3000",
        "-",
        "x".repeat(16),
        "y".repeat(40)
    };

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(
                                6,
                                Arbitraries.of(FRAGMENTS).list().ofMaxSize(12).map(l -> String.join("", l))),
                        net.jqwik.api.Tuple.of(
                                3,
                                Arbitraries.strings()
                                        .alpha()
                                        .numeric()
                                        .ofMinLength(1)
                                        .ofMaxLength(20)),
                        net.jqwik.api.Tuple.of(1, Arbitraries.strings().all().ofMaxLength(8)))
                .injectNull(0.03);
    }

    private static void assertPrintable(Throwable t) {
        String m = t.getMessage();
        assertThat(m).doesNotContainPattern("[\\x00-\\x1f\\x7f-\\x9f]");
        assertThat(m.codePoints().noneMatch(cp -> cp >= 0xD800 && cp <= 0xDFFF))
                .as("no lone surrogate in %s", m)
                .isTrue();
    }

    /** The first field the model finds wrong, or null. */
    private static String expectInvalid(String... fieldProblem) {
        for (int i = 0; i < fieldProblem.length; i += 2) {
            if (fieldProblem[i + 1] != null) {
                return fieldProblem[i];
            }
        }
        return null;
    }

    private static void check(String invalidField, Runnable construct) {
        Throwable t = catchThrowable(construct::run);
        if (invalidField == null) {
            assertThat(t).isNull();
        } else {
            assertThat(t).isInstanceOf(InvalidInputException.class);
            assertThat(((InvalidInputException) t).field()).isEqualTo(invalidField);
            assertPrintable(t);
        }
    }

    @Property(tries = TRIES)
    void watermarkKeysFollowTheModel(
            @ForAll("texts") String chain, @ForAll("texts") String pkh, @ForAll("texts") String kind) {
        String chainProblem = textProblem(chain, Limits.MAX_CHAIN_ID);
        if (chainProblem == null && chain.contains("/")) {
            chainProblem = "slash";
        }
        String field = expectInvalid(
                "chain id",
                chainProblem,
                "public key hash",
                textProblem(pkh, Limits.MAX_PKH),
                "request kind",
                textProblem(kind, Limits.MAX_KIND));
        check(field, () -> {
            WatermarkKey k = new WatermarkKey(chain, pkh, kind);
            assertThat(List.of(k.chainId(), k.publicKeyHash(), k.requestKind())).containsExactly(chain, pkh, kind);
        });
    }

    @Property(tries = TRIES)
    void watermarksFollowTheModel(@ForAll long level, @ForAll int round, @ForAll("texts") String digest) {
        String field = expectInvalid(
                "level",
                level < 0 ? "negative" : null,
                "round",
                round < 0 ? "negative" : null,
                "digest",
                textProblem(digest, Limits.MAX_DIGEST));
        check(field, () -> assertThat(new Watermark(level, round, digest).level())
                .isEqualTo(level));
    }

    @Property(tries = TRIES)
    void aliasesFollowTheModel(@ForAll("texts") String alias) {
        String field;
        if (alias == null) {
            field = "ledger alias";
        } else {
            int colon = alias.indexOf(':');
            String name = colon < 0 ? alias : alias.substring(0, colon);
            String branch = colon < 0 ? "main" : alias.substring(colon + 1);
            field = expectInvalid(
                    "ledger name",
                    textProblem(name, Limits.MAX_LEDGER_NAME),
                    "branch",
                    textProblem(branch, Limits.MAX_BRANCH));
        }
        check(field, () -> {
            LedgerAlias a = LedgerAlias.parse(alias);
            assertThat(alias.contains(":") ? a.toString() : a.name()).isEqualTo(alias);
            assertThat(LedgerAlias.parse(a.toString())).isEqualTo(a);
        });
    }

    // ---- meta maps ----

    @Provide
    Arbitrary<BigDecimal> decimals() {
        Arbitrary<BigInteger> unscaled = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, Arbitraries.longs().map(BigInteger::valueOf)),
                net.jqwik.api.Tuple.of(2, Arbitraries.integers().between(0, 45).map(d -> BigInteger.TEN
                        .pow(d)
                        .subtract(BigInteger.ONE))),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(0, 220).map(d -> BigInteger.TEN.pow(d))));
        return Combinators.combine(unscaled, Arbitraries.integers().between(-260, 260), Arbitraries.of(1, -1))
                .as((u, scale, sign) -> new BigDecimal(sign < 0 ? u.negate() : u, scale));
    }

    @Provide
    Arbitrary<Object> metaValues() {
        Arbitrary<Object> leaf = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(3, texts().map(s -> (Object) s)),
                net.jqwik.api.Tuple.of(2, Arbitraries.longs().map(l -> (Object) l)),
                net.jqwik.api.Tuple.of(
                        2,
                        Arbitraries.doubles()
                                .withSpecialValue(Double.NaN)
                                .withSpecialValue(Double.POSITIVE_INFINITY)
                                .map(d -> (Object) d)),
                net.jqwik.api.Tuple.of(3, decimals().map(d -> (Object) d)),
                net.jqwik.api.Tuple.of(
                        1, Arbitraries.of(Boolean.TRUE, Boolean.FALSE).map(b -> (Object) b)),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(new Object(), List.of(new StringBuilder("sb")))));
        Arbitrary<Object> tree = Arbitraries.recursive(
                () -> leaf,
                inner -> Arbitraries.oneOf(
                        inner.list().ofMaxSize(3).map(l -> (Object) l),
                        Combinators.combine(texts(), inner).as((k, v) -> {
                            Map<Object, Object> m = new HashMap<>();
                            m.put(k, v);
                            return (Object) m;
                        })),
                0,
                4);
        // a chain of one-entry maps and lists around the tree reaches past the depth limit
        return Combinators.combine(
                        tree,
                        Arbitraries.integers().between(0, Limits.MAX_META_DEPTH + 2),
                        Arbitraries.integers().between(0, 3))
                .as((t, wraps, kind) -> {
                    Object v = t;
                    for (int i = 0; i < wraps; i++) {
                        v = (i + kind) % 2 == 0
                                ? java.util.Collections.singletonList(v)
                                : java.util.Collections.singletonMap("w", v);
                    }
                    return v;
                });
    }

    /** The model: why {@code v} cannot be in a meta map at {@code depth}, or null; {@code out} gets its canonical form. */
    static String metaProblem(Object v, int depth, Object[] out) {
        if (depth > Limits.MAX_META_DEPTH) {
            return "depth";
        }
        if (v == null) {
            return "null";
        }
        if (v instanceof String s) {
            out[0] = s;
            return s.codePoints().anyMatch(cp -> cp >= 0xD800 && cp <= 0xDFFF) ? "surrogate" : null;
        }
        if (v instanceof Boolean) {
            out[0] = v;
            return null;
        }
        if (v instanceof Long l) {
            out[0] = l;
            return null;
        }
        if (v instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) {
                return "not finite";
            }
            return decimalProblem(new BigDecimal(Double.toString(d)), out);
        }
        if (v instanceof BigDecimal d) {
            return decimalProblem(d, out);
        }
        if (v instanceof List<?> l) {
            List<Object> copy = new ArrayList<>();
            for (Object x : l) {
                Object[] o = new Object[1];
                String p = metaProblem(x, depth + 1, o);
                if (p != null) {
                    return p;
                }
                copy.add(o[0]);
            }
            out[0] = copy;
            return null;
        }
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> copy = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!(e.getKey() instanceof String k) || k.isEmpty()) {
                    return "key";
                }
                if (k.codePoints().anyMatch(cp -> cp >= 0xD800 && cp <= 0xDFFF)) {
                    return "surrogate";
                }
                Object[] o = new Object[1];
                String p = metaProblem(e.getValue(), depth + 1, o);
                if (p != null) {
                    return p;
                }
                copy.put(k, o[0]);
            }
            out[0] = copy;
            return null;
        }
        return "type";
    }

    static String decimalProblem(BigDecimal d, Object[] out) {
        if (d.unscaledValue().abs().toString().length() > Limits.MAX_NUMBER_CHARS) {
            return "long";
        }
        if (d.signum() == 0) {
            out[0] = 0L;
            return null;
        }
        BigDecimal s = d.stripTrailingZeros();
        String digits = s.unscaledValue().abs().toString();
        long exponent = digits.length() - 1L - s.scale(); // d.ddd x 10^exponent
        if (digits.length() > Limits.MAX_NUMBER_DIGITS) {
            return "digits";
        }
        if (exponent < Limits.MIN_NUMBER_EXPONENT || exponent > Limits.MAX_NUMBER_EXPONENT) {
            return "range";
        }
        if (s.scale() <= 0) {
            BigInteger i = s.toBigInteger();
            out[0] = i.bitLength() < 64 ? (Object) i.longValue() : i;
        } else {
            out[0] = s;
        }
        return null;
    }

    @Property(tries = TRIES)
    void metaMapsFollowTheModel(@ForAll("metaValues") Object value, @ForAll("texts") String key) {
        Map<Object, Object> map = new HashMap<>();
        map.put(key, value);
        Object[] expected = new Object[1];
        String problem = metaProblem(map, 0, expected);
        Throwable t = catchThrowable(() -> {
            @SuppressWarnings("unchecked")
            Map<String, Object> meta = JsonValues.meta("meta", (Map<String, ?>) (Map<?, ?>) map);
            assertThat(meta).isEqualTo(expected[0]);
            assertThat(JsonValues.meta("again", meta)).isSameAs(meta);
            // that the canonical form survives a JSON round trip is a property of each store's codec (backend-file's
            // MetaJsonRoundTripFuzzTest)
        });
        if (problem == null) {
            assertThat(t).isNull();
        } else {
            assertThat(t).as("model: %s", problem).isInstanceOf(InvalidInputException.class);
            assertThat(((InvalidInputException) t).field()).startsWith("meta");
            assertPrintable(t);
        }
    }

    // ---- the decide rules against a model store ----

    record Op(
            int kind, String address, long t, long expectedV, String state, int meta, boolean withContext, long now) {}

    @Provide
    Arbitrary<List<Op>> nsOps() {
        return Combinators.combine(
                        Arbitraries.integers().between(0, 4),
                        Arbitraries.of("a", "b", "c"),
                        Arbitraries.longs().between(0, 4),
                        Arbitraries.longs().between(0, 4),
                        Arbitraries.of("ready", "paused"),
                        Arbitraries.integers().between(0, 2),
                        Arbitraries.of(true, false),
                        Arbitraries.longs().between(0, 20))
                .as(Op::new)
                .list()
                .ofMaxSize(30);
    }

    /** The model record: plain mutable fields. */
    static final class Model {
        String commitAddress;
        Long commitT;
        String indexAddress;
        Long indexT;
        String context;
        String status = NsRecord.READY;
        long updatedAt;
        long statusV = 1;
        Map<String, Object> statusMeta = Map.of();
        long configV;
        Map<String, Object> configMeta = Map.of();

        void assertSame(NsRecord r) {
            assertThat(r.commitAddress().orElse(null)).isEqualTo(commitAddress);
            assertThat(r.commitT().isPresent() ? r.commitT().getAsLong() : null).isEqualTo(commitT);
            assertThat(r.indexAddress().orElse(null)).isEqualTo(indexAddress);
            assertThat(r.indexT().isPresent() ? r.indexT().getAsLong() : null).isEqualTo(indexT);
            assertThat(r.defaultContextAddress().orElse(null)).isEqualTo(context);
            assertThat(r.status()).isEqualTo(status);
            assertThat(r.updatedAt()).isEqualTo(updatedAt);
            assertThat(r.statusV()).isEqualTo(statusV);
            assertThat(r.statusMeta()).isEqualTo(statusMeta);
            assertThat(r.configV()).isEqualTo(configV);
            assertThat(r.configMeta()).isEqualTo(configMeta);
        }
    }

    @Property(tries = TRIES)
    void nameserviceRulesFollowTheModel(@ForAll("nsOps") List<Op> ops) {
        LedgerAlias alias = LedgerAlias.parse("ledger:main");
        Optional<NsRecord> stored = Optional.empty();
        Model m = null;
        for (Op op : ops) {
            Map<String, Object> meta = op.meta == 0 ? Map.of() : Map.of("n", (long) op.meta);
            switch (op.kind) {
                case 0, 1 -> {
                    boolean commit = op.kind == 0;
                    PublishResult r = commit
                            ? NsRecord.decideCommit(stored, alias, op.address, op.t, op.now)
                            : NsRecord.decideIndex(stored, alias, op.address, op.t, op.now);
                    Long t = m == null ? null : commit ? m.commitT : m.indexT;
                    String a = m == null ? null : commit ? m.commitAddress : m.indexAddress;
                    if (t != null && op.t < t || t != null && op.t == t && !op.address.equals(a)) {
                        assertThat(r).isEqualTo(new PublishResult.Stale(stored.get()));
                    } else if (t != null && op.t == t) {
                        assertThat(r).isEqualTo(new PublishResult.Unchanged(stored.get()));
                    } else {
                        assertThat(r).isInstanceOf(PublishResult.Updated.class);
                        assertThat(((PublishResult.Updated) r).previous()).isEqualTo(stored);
                        if (m == null) {
                            m = new Model();
                        }
                        if (commit) {
                            m.commitAddress = op.address;
                            m.commitT = op.t;
                        } else {
                            m.indexAddress = op.address;
                            m.indexT = op.t;
                        }
                        m.updatedAt = Math.max(m.updatedAt, op.now);
                        stored = Optional.of(((PublishResult.Updated) r).current());
                    }
                }
                case 2 -> {
                    if (m != null) {
                        NsRecord next = stored.get().retracted(op.now);
                        m.status = NsRecord.RETRACTED;
                        m.statusV++;
                        m.updatedAt = Math.max(m.updatedAt, op.now);
                        stored = Optional.of(next);
                    }
                }
                case 3 -> {
                    CasResult r = NsRecord.decideStatus(stored, op.expectedV, op.state, meta, op.now);
                    if (m == null || m.statusV != op.expectedV) {
                        assertThat(r).isEqualTo(new CasResult.Conflict(stored));
                    } else {
                        m.status = op.state;
                        m.statusV = op.expectedV + 1;
                        m.statusMeta = meta;
                        m.updatedAt = Math.max(m.updatedAt, op.now);
                        stored = Optional.of(((CasResult.Applied) r).record());
                    }
                }
                default -> {
                    Optional<String> ctx = op.withContext ? Optional.of("ctx-" + op.address) : Optional.empty();
                    CasResult r = NsRecord.decideConfig(stored, op.expectedV, meta, ctx, op.now);
                    if (m == null || m.configV != op.expectedV) {
                        assertThat(r).isEqualTo(new CasResult.Conflict(stored));
                    } else {
                        m.configV = op.expectedV + 1;
                        m.configMeta = meta;
                        m.context = ctx.orElse(m.context);
                        m.updatedAt = Math.max(m.updatedAt, op.now);
                        stored = Optional.of(((CasResult.Applied) r).record());
                    }
                }
            }
            assertThat(stored.isPresent()).isEqualTo(m != null);
            if (m != null) {
                m.assertSame(stored.get());
                assertThat(stored.get().alias()).isEqualTo(alias);
            }
        }
    }

    // ---- no rule lets an invalid value in ----

    /**
     * One call of a public rule with any input, valid or not: 0 commit, 1 index, 2 retract, 3 status, 4 config.
     * {@code sameV}: the expected version is the stored one (else {@code t} is).
     */
    record AnyOp(
            int kind,
            String address,
            long t,
            long now,
            boolean sameV,
            String state,
            Map<String, Object> meta,
            Optional<String> context) {}

    @Provide
    Arbitrary<List<AnyOp>> anyOps() {
        Arbitrary<Long> longs = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, Arbitraries.longs().between(0, 6)),
                net.jqwik.api.Tuple.of(1, Arbitraries.longs()),
                net.jqwik.api.Tuple.of(1, Arbitraries.of(-1L, Long.MIN_VALUE, Long.MAX_VALUE)));
        Arbitrary<String> addresses = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, texts()),
                net.jqwik.api.Tuple.of(1, Arbitraries.just("a".repeat(Limits.MAX_ADDRESS + 1))));
        Arbitrary<Map<String, Object>> metas = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(2, Arbitraries.just(Map.<String, Object>of())),
                net.jqwik.api.Tuple.of(
                        4, Combinators.combine(texts(), metaValues()).as((k, v) -> {
                            Map<String, Object> m = new HashMap<>();
                            m.put(k, v);
                            return m;
                        })),
                net.jqwik.api.Tuple.of(1, Arbitraries.just((Map<String, Object>) null)));
        Arbitrary<Optional<String>> contexts = addresses.optional();
        return Combinators.combine(
                        Arbitraries.integers().between(0, 4),
                        addresses,
                        longs,
                        longs,
                        Arbitraries.of(true, true, false),
                        texts(),
                        metas,
                        contexts)
                .as(AnyOp::new)
                .list()
                .ofMaxSize(12);
    }

    /** The fields each rule may name when it refuses its input. */
    private static final Map<Integer, List<String>> REFUSED_FIELDS = Map.of(
            0, List.of("commit address", "commit t", "updated at"),
            1, List.of("index address", "index t", "updated at"),
            2, List.of("status v"),
            3, List.of("status v", "status", "status meta"),
            4, List.of("config v", "default context address", "config meta"));

    /**
     * The rules build a record from a valid one without checking the copied fields again (issue 15): whatever they
     * are given, each either refuses it with {@link InvalidInputException} naming one of its own fields, or returns
     * a record that the public constructor accepts as it is, with every text the model accepts. The first record is
     * either created by a rule or built with versions one step below their maximum, heads and context present.
     */
    @Property(tries = TRIES)
    void noRuleLetsAnInvalidValueIn(@ForAll("anyOps") List<AnyOp> ops, @ForAll boolean nearMax) {
        LedgerAlias alias = LedgerAlias.parse("ledger:main");
        Optional<NsRecord> stored = nearMax
                ? Optional.of(new NsRecord(
                        alias,
                        Optional.of("c"),
                        java.util.OptionalLong.of(3),
                        Optional.of("i"),
                        java.util.OptionalLong.of(3),
                        Optional.of("ctx"),
                        "paused",
                        7,
                        Long.MAX_VALUE - 1,
                        Map.of("s", 1L),
                        Long.MAX_VALUE - 1,
                        Map.of("c", "x")))
                : Optional.empty();
        for (AnyOp op : ops) {
            Optional<NsRecord> before = stored;
            long statusV = before.map(NsRecord::statusV).orElse(1L);
            long configV = before.map(NsRecord::configV).orElse(0L);
            Object[] out = new Object[1];
            Throwable thrown = catchThrowable(() -> out[0] = switch (op.kind()) {
                case 0 -> NsRecord.decideCommit(before, alias, op.address(), op.t(), op.now())
                        .current();
                case 1 -> NsRecord.decideIndex(before, alias, op.address(), op.t(), op.now())
                        .current();
                case 2 -> before.map(r -> r.retracted(op.now())).orElse(null);
                case 3 -> applied(
                        NsRecord.decideStatus(before, op.sameV() ? statusV : op.t(), op.state(), op.meta(), op.now()));
                default -> applied(NsRecord.decideConfig(
                        before, op.sameV() ? configV : op.t(), op.meta(), op.context(), op.now()));
            });
            if (thrown != null) {
                assertThat(thrown).isInstanceOf(InvalidInputException.class);
                String field = ((InvalidInputException) thrown).field();
                assertThat(REFUSED_FIELDS.get(op.kind()).stream().anyMatch(field::startsWith))
                        .as("%s names %s", op, field)
                        .isTrue();
                assertPrintable(thrown);
                continue;
            }
            if (out[0] != null) {
                NsRecord r = (NsRecord) out[0];
                assertValid(r);
                stored = Optional.of(r);
            }
        }
    }

    private static NsRecord applied(CasResult r) {
        return r instanceof CasResult.Applied a ? a.record() : null;
    }

    /** {@code r} passes the public constructor's checks as it is, and its texts pass the model. */
    private static void assertValid(NsRecord r) {
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
                r.statusMeta(),
                r.configV(),
                r.configMeta());
        assertThat(rebuilt).isEqualTo(r);
        for (Optional<String> a : List.of(r.commitAddress(), r.indexAddress(), r.defaultContextAddress())) {
            a.ifPresent(
                    x -> assertThat(textProblem(x, Limits.MAX_ADDRESS)).as(x).isNull());
        }
        assertThat(textProblem(r.status(), Limits.MAX_STATUS)).as(r.status()).isNull();
        assertThat(List.of(r.updatedAt(), r.statusV(), r.configV())).allMatch(v -> v >= 0);
        assertThat(r.commitT().orElse(0)).isNotNegative();
        assertThat(r.indexT().orElse(0)).isNotNegative();
        assertThat(JsonValues.meta("status meta", r.statusMeta())).isSameAs(r.statusMeta());
        assertThat(JsonValues.meta("config meta", r.configMeta())).isSameAs(r.configMeta());
    }

    @Provide
    Arbitrary<List<Watermark>> markSequences() {
        return Combinators.combine(
                        Arbitraries.longs().between(0, 3),
                        Arbitraries.integers().between(0, 3),
                        Arbitraries.of("vh1", "vh2", "VH1"))
                .as(Watermark::new)
                .list()
                .ofMaxSize(40);
    }

    /** Against a model signer: never two digests signed at one (level, round), and exactly the model's outcomes. */
    @Property(tries = TRIES)
    void advanceRuleFollowsTheModel(@ForAll("markSequences") List<Watermark> candidates) {
        Optional<Watermark> stored = Optional.empty();
        Map<List<Long>, String> signed = new HashMap<>();
        for (Watermark c : candidates) {
            AdvanceResult r = Watermark.decide(stored, c);
            int order = stored.isEmpty()
                    ? 1
                    : Long.compare(c.level(), stored.get().level()) != 0
                            ? Long.compare(c.level(), stored.get().level())
                            : Integer.compare(c.round(), stored.get().round());
            if (order > 0) {
                assertThat(r).isEqualTo(new AdvanceResult.Advanced(stored));
                stored = Optional.of(c);
            } else if (order == 0 && c.digest().equals(stored.get().digest())) {
                assertThat(r).isEqualTo(new AdvanceResult.Repeated(stored.get()));
            } else {
                assertThat(r).isEqualTo(new AdvanceResult.Refused(stored.get()));
            }
            if (r.maySign()) {
                String before = signed.putIfAbsent(List.of(c.level(), (long) c.round()), c.digest());
                assertThat(Objects.requireNonNullElse(before, c.digest()))
                        .as("double sign at %s", c)
                        .isEqualTo(c.digest());
            }
        }
    }
}
