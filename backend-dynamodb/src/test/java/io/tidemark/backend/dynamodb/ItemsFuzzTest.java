package io.tidemark.backend.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.CorruptedStoreException;
import io.tidemark.publisher.NsRecord;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Assume;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Issue 10: DynamoDB items of the wrong shape fed to {@link Items}' decoding (pure, no server): each generated item
 * either decodes to the value its attributes hold or fails with {@link CorruptedStoreException} naming the item and
 * the table; never another exception, never an {@link Error}. Items start from a valid one of each table and are
 * mutated: attributes dropped, replaced by any DynamoDB type (numbers huge, tiny, fractional, signed, malformed),
 * extra attributes added.
 */
class ItemsFuzzTest {
    private static final String TABLE = "fuzz-table";
    private static final List<String> NS_ATTRIBUTES = List.of(
            Items.LEDGER_ALIAS,
            Items.LEDGER_NAME,
            Items.BRANCH,
            Items.COMMIT_ADDRESS,
            Items.COMMIT_T,
            Items.INDEX_ADDRESS,
            Items.INDEX_T,
            Items.DEFAULT_CONTEXT_ADDRESS,
            Items.STATUS,
            Items.UPDATED_AT,
            Items.STATUS_V,
            Items.STATUS_META,
            Items.CONFIG_V,
            Items.CONFIG_META,
            Items.REQ);
    private static final List<String> WM_ATTRIBUTES =
            List.of(Items.IDX, Items.REQUEST, Items.LVL, Items.ROUND, Items.DIGEST);

    @Property(tries = 10_000)
    void nameserviceItems(@ForAll("nameserviceItem") Map<String, AttributeValue> item) {
        NsRecord r = decodeOrCorrupted(() -> Items.record(TABLE, item), "ledger_alias");
        if (r != null) {
            assertThat(r.alias().toString())
                    .isEqualTo(item.get(Items.LEDGER_ALIAS).s());
            assertNumber(item, Items.STATUS_V, r.statusV(), 1);
            assertNumber(item, Items.CONFIG_V, r.configV(), 0);
            assertNumber(item, Items.UPDATED_AT, r.updatedAt(), 0);
            if (item.containsKey(Items.COMMIT_T)) {
                assertNumber(item, Items.COMMIT_T, r.commitT().getAsLong(), -1);
                assertThat(r.commitAddress())
                        .contains(item.get(Items.COMMIT_ADDRESS).s());
            } else {
                assertThat(r.commitT()).isEmpty();
            }
            assertThat(r.status())
                    .isEqualTo(
                            item.containsKey(Items.STATUS)
                                    ? item.get(Items.STATUS).s()
                                    : NsRecord.READY);
        }
    }

    @Property(tries = 10_000)
    void watermarkItems(@ForAll("watermarkItem") Map<String, AttributeValue> item) {
        Watermark m = decodeOrCorrupted(() -> Items.mark(TABLE, item), "idx");
        if (m != null) {
            assertNumber(item, Items.LVL, m.level(), -1);
            assertNumber(item, Items.ROUND, m.round(), -1);
            AttributeValue d = item.get(Items.DIGEST);
            String expected =
                    switch (d.type()) {
                        case B -> PayloadHash.text(d.b().asByteArray());
                        case NUL -> Watermark.NO_DIGEST;
                        default -> d.s();
                    };
            assertThat(m.digest()).isEqualTo(expected);
        }
        WatermarkKey k = decodeOrCorrupted(() -> Items.watermarkKey(TABLE, item), "idx");
        if (k != null) {
            assertThat(Items.idx(k)).isEqualTo(item.get(Items.IDX).s());
            assertThat(k.requestKind()).isEqualTo(item.get(Items.REQUEST).s());
        }
    }

    /** Every valid key survives the item form: {@code idx} is {@code <chainId>/<pkh>}, split back at the first '/'. */
    @Property(tries = 2_000)
    void watermarkKeysRoundTripThroughTheItemKey(
            @ForAll("keyParts") String chain, @ForAll("keyParts") String pkh, @ForAll("keyParts") String kind) {
        Assume.that(!chain.contains("/"));
        WatermarkKey k = new WatermarkKey(chain, pkh, kind);
        Map<String, AttributeValue> key = Items.key(k);
        assertThat(key.get(Items.IDX).s()).isEqualTo(chain + "/" + pkh);
        assertThat(key.get(Items.REQUEST).s()).isEqualTo(kind);
        assertThat(Items.watermarkKey(TABLE, key)).isEqualTo(k);
    }

    @Example
    void theGuidesIdxAndOneWithoutASlash() {
        WatermarkKey key = new WatermarkKey("NetXdQprcVkpaWU", "tz1abc", "block");
        assertThat(Items.idx(key)).isEqualTo("NetXdQprcVkpaWU/tz1abc");
        assertThat(Items.watermarkKey(TABLE, Items.key(key))).isEqualTo(key);
        assertThatThrownBy(() -> Items.watermarkKey(
                        TABLE,
                        Map.of(
                                Items.IDX,
                                AttributeValue.fromS("no-slash"),
                                Items.REQUEST,
                                AttributeValue.fromS("block"))))
                .isInstanceOf(CorruptedStoreException.class)
                .hasMessageContaining("idx='no-slash'")
                .hasMessageContaining(TABLE);
    }

    /** Non-blank text without control characters, slashes included. */
    @Provide
    Arbitrary<String> keyParts() {
        return Arbitraries.strings()
                .withCharRange('!', '~')
                .withChars("/ é")
                .ofMinLength(1)
                .ofMaxLength(30)
                .filter(s -> !s.isBlank());
    }

    /** The decoded value, or null after a CorruptedStoreException that names the item ({@code keyName}) and the table. */
    private static <T> T decodeOrCorrupted(Supplier<T> decode, String keyName) {
        try {
            return decode.get();
        } catch (CorruptedStoreException e) {
            assertThat(e.getMessage())
                    .contains("'" + TABLE + "'")
                    .contains(keyName)
                    .doesNotContain("\n");
            return null;
        }
    }

    private static void assertNumber(Map<String, AttributeValue> item, String name, long decoded, long defaultValue) {
        AttributeValue a = item.get(name);
        if (a == null) {
            assertThat(decoded).as(name + " default").isEqualTo(defaultValue);
        } else {
            assertThat(new BigDecimal(a.n().trim()).compareTo(BigDecimal.valueOf(decoded)))
                    .as(name + " = " + a.n())
                    .isZero();
        }
    }

    @Provide
    Arbitrary<Map<String, AttributeValue>> nameserviceItem() {
        Map<String, AttributeValue> valid = new HashMap<>();
        valid.put(Items.LEDGER_ALIAS, AttributeValue.fromS("mydb:main"));
        valid.put(Items.LEDGER_NAME, AttributeValue.fromS("mydb"));
        valid.put(Items.BRANCH, AttributeValue.fromS("main"));
        valid.put(Items.COMMIT_ADDRESS, AttributeValue.fromS("fluree:commit/1"));
        valid.put(Items.COMMIT_T, AttributeValue.fromN("42"));
        valid.put(Items.STATUS, AttributeValue.fromS("ready"));
        valid.put(Items.UPDATED_AT, AttributeValue.fromN("1700000000"));
        valid.put(Items.STATUS_V, AttributeValue.fromN("3"));
        valid.put(Items.STATUS_META, AttributeValue.fromM(Map.of("q", AttributeValue.fromN("1.5"))));
        valid.put(Items.CONFIG_V, AttributeValue.fromN("0"));
        valid.put(Items.REQ, AttributeValue.fromS("token"));
        return mutated(valid, NS_ATTRIBUTES);
    }

    @Provide
    Arbitrary<Map<String, AttributeValue>> watermarkItem() {
        Map<String, AttributeValue> valid = Map.of(
                Items.IDX,
                AttributeValue.fromS("NetX/tz1abc"),
                Items.REQUEST,
                AttributeValue.fromS("block"),
                Items.LVL,
                AttributeValue.fromN("2495866"),
                Items.ROUND,
                AttributeValue.fromN("0"),
                Items.DIGEST,
                AttributeValue.fromS("vh2g3"));
        return mutated(valid, WM_ATTRIBUTES);
    }

    /** {@code valid} with 0-4 mutations: an attribute dropped, replaced by any value, or an unknown one added. */
    private static Arbitrary<Map<String, AttributeValue>> mutated(
            Map<String, AttributeValue> valid, List<String> names) {
        Arbitrary<Tuple.Tuple3<Integer, String, AttributeValue>> mutation = Combinators.combine(
                        Arbitraries.integers().between(0, 2),
                        Arbitraries.oneOf(
                                Arbitraries.of(names),
                                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8)),
                        value(3))
                .as(Tuple::of);
        return mutation.list().ofMaxSize(4).map(ms -> {
            Map<String, AttributeValue> item = new HashMap<>(valid);
            for (var m : ms) {
                if (m.get1() == 0) {
                    item.remove(m.get2());
                } else {
                    item.put(m.get2(), m.get3());
                }
            }
            return item;
        });
    }

    /** Any attribute value, nested up to {@code depth} levels. */
    private static Arbitrary<AttributeValue> value(int depth) {
        List<Arbitrary<AttributeValue>> kinds = new ArrayList<>(List.of(
                strings().map(AttributeValue::fromS),
                numberText().map(AttributeValue::fromN),
                Arbitraries.of(true, false).map(AttributeValue::fromBool),
                Arbitraries.just(AttributeValue.fromNul(true)),
                Arbitraries.bytes()
                        .array(byte[].class)
                        .ofMaxSize(4)
                        .map(b -> AttributeValue.fromB(SdkBytes.fromByteArray(b))),
                // The Tezos signer's digest: a 32-byte block payload hash.
                Arbitraries.bytes()
                        .array(byte[].class)
                        .ofSize(PayloadHash.LENGTH)
                        .map(b -> AttributeValue.fromB(SdkBytes.fromByteArray(b))),
                strings().set().ofMinSize(1).ofMaxSize(3).map(s -> AttributeValue.fromSs(new ArrayList<>(s))),
                numberText().set().ofMinSize(1).ofMaxSize(3).map(s -> AttributeValue.fromNs(new ArrayList<>(s)))));
        if (depth > 0) {
            Arbitrary<AttributeValue> inner = Arbitraries.lazy(() -> value(depth - 1));
            kinds.add(inner.list().ofMaxSize(3).map(AttributeValue::fromL));
            kinds.add(Arbitraries.maps(strings(), inner).ofMaxSize(3).map(AttributeValue::fromM));
        }
        return Arbitraries.oneOf(kinds);
    }

    private static Arbitrary<String> strings() {
        return Arbitraries.oneOf(
                Arbitraries.strings().ofMaxLength(12),
                Arbitraries.of(
                        "",
                        "mydb:main",
                        "mydb",
                        "main",
                        "a:b:c",
                        "NetX/tz1abc",
                        "NetX/",
                        "/tz1",
                        "block",
                        "\u0000",
                        "\ud800",
                        "x".repeat(300)));
    }

    /** DynamoDB N texts and texts that are not numbers: huge, tiny, signed, fractional, exponents, junk. */
    private static Arbitrary<String> numberText() {
        return Arbitraries.oneOf(
                Arbitraries.longs().map(String::valueOf),
                Arbitraries.integers().between(-3, 3).map(Object::toString),
                Arbitraries.bigIntegers()
                        .between(
                                new java.math.BigInteger("-1" + "0".repeat(40)),
                                new java.math.BigInteger("1" + "0".repeat(40)))
                        .map(Object::toString),
                Combinators.combine(Arbitraries.longs(), Arbitraries.integers().between(-400, 400))
                        .as((u, e) -> new BigDecimal(java.math.BigInteger.valueOf(u), e).toString()),
                Arbitraries.of(
                        "9223372036854775807",
                        "9223372036854775808",
                        "-9223372036854775809",
                        "2147483647",
                        "2147483648",
                        "1e999999999",
                        "1e-999999999",
                        "1E2147483648",
                        "0.5",
                        "-0",
                        "+5",
                        "05",
                        " 7",
                        "7 ",
                        "1_000",
                        "0x10",
                        "NaN",
                        "Infinity",
                        "-",
                        "",
                        ".",
                        "1e",
                        "e5",
                        "1.2.3",
                        "１２",
                        "1e125",
                        "1e126",
                        "1e-130",
                        "1e-131"),
                Arbitraries.strings().withChars("0123456789.eE+- x").ofMaxLength(20));
    }
}
