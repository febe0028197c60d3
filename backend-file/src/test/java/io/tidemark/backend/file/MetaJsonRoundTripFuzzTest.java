package io.tidemark.backend.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.InvalidInputException;
import io.tidemark.Limits;
import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.NsRecord;
import io.tidemark.spi.support.JsonValues;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Meta maps through the store files' JSON (moved here from spi's ValueRulesFuzzTest when spi stopped writing JSON):
 * every canonical meta map survives a write and a read unchanged, alone and inside a record file, and the size
 * {@link JsonValues#meta} limits is exactly the UTF-8 length of what this backend writes.
 */
class MetaJsonRoundTripFuzzTest {
    private static final String[] FRAGMENTS = {
        "a",
        "Z",
        "0",
        "/",
        ":",
        " ",
        "\t",
        "\n",
        "\r",
        "\0",
        "\b",
        "\f",
        "\u001f",
        "\u007f",
        "\u0080",
        "\u0085",
        "\u07ff",
        "\u0800",
        "\u2028",
        "\uffff",
        "\ud83d\ude00",
        "\"",
        "\\",
        "\\u0041",
        "é",
        "\u3000",
        "-",
        "x".repeat(16)
    };

    @Provide
    Arbitrary<String> texts() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of(FRAGMENTS).list().ofMaxSize(12).map(l -> String.join("", l))),
                Tuple.of(
                        3,
                        Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(20)),
                Tuple.of(1, Arbitraries.strings().all().ofMaxLength(8).filter(s -> s.codePoints()
                        .noneMatch(cp -> cp >= 0xD800 && cp <= 0xDFFF))));
    }

    /** Numbers of every Java type a caller may give, in range (1e-130 .. 9.99e125, at most 38 digits). */
    @Provide
    Arbitrary<Number> numbers() {
        Arbitrary<BigDecimal> decimals = Combinators.combine(
                        Arbitraries.bigIntegers().between(BigInteger.TEN.pow(38).negate(), BigInteger.TEN.pow(38)),
                        Arbitraries.integers().between(-87, 130))
                .as(BigDecimal::new);
        Arbitrary<Number> edges = Arbitraries.of(
                Long.MIN_VALUE,
                Long.MAX_VALUE,
                0L,
                -0.0,
                0.1,
                Double.MIN_NORMAL * 1e180,
                Integer.MIN_VALUE,
                new BigDecimal("1E+125"),
                new BigDecimal("-9.9999999999999999999999999999999999999E+125"),
                new BigDecimal("1E-130"),
                new BigDecimal("-1.2345E-130"),
                new BigDecimal("0E+9"),
                new BigDecimal("1.000"),
                new BigInteger("9223372036854775808"),
                new BigInteger("-9223372036854775809"));
        return Arbitraries.frequencyOf(
                Tuple.of(1, edges),
                Tuple.of(3, Arbitraries.longs().map(l -> (Number) l)),
                Tuple.of(1, Arbitraries.integers().map(i -> (Number) i)),
                Tuple.of(2, Arbitraries.doubles().between(-1e120, 1e120).map(d -> (Number) d)),
                Tuple.of(3, decimals.map(d -> (Number) d)),
                Tuple.of(
                        1,
                        Arbitraries.bigIntegers()
                                .between(BigInteger.TEN.pow(37).negate(), BigInteger.TEN.pow(37))
                                .map(b -> (Number) b)));
    }

    @Provide
    Arbitrary<Map<String, Object>> metas() {
        Arbitrary<Object> leaf = Arbitraries.frequencyOf(
                Tuple.of(3, texts().map(s -> (Object) s)),
                Tuple.of(3, numbers().map(n -> (Object) n)),
                Tuple.of(1, Arbitraries.of(Boolean.TRUE, Boolean.FALSE).map(b -> (Object) b)));
        Arbitrary<String> keys = texts().filter(k -> !k.isEmpty());
        Arbitrary<Object> tree = Arbitraries.recursive(
                () -> leaf,
                inner -> Arbitraries.oneOf(
                        inner.list().ofMaxSize(3).map(l -> (Object) l),
                        Arbitraries.maps(keys, inner).ofMaxSize(3).map(m -> (Object) m)),
                0,
                4);
        return Arbitraries.maps(keys, tree).ofMaxSize(4);
    }

    /** Edge cases of the recursive generator cost minutes to compute: the numbers' edges are listed instead. */
    @Property(tries = 10_000, edgeCases = EdgeCasesMode.NONE)
    void everyCanonicalMetaMapSurvivesTheStoreFileRoundTrip(@ForAll("metas") Map<String, Object> given) {
        Map<String, Object> meta = JsonValues.meta("meta", given);
        assertThat(FileJson.parse(FileJson.write(meta))).isEqualTo(meta);
        NsRecord r = new NsRecord(
                LedgerAlias.parse("fuzz"),
                Optional.of("c"),
                OptionalLong.of(1),
                Optional.empty(),
                OptionalLong.empty(),
                Optional.empty(),
                NsRecord.READY,
                1,
                2,
                meta,
                3,
                meta);
        assertThat(FileCodec.decodeRecord(Path.of("/d"), FileCodec.fileName(r.alias()), FileCodec.encode(r)))
                .isEqualTo(r);
    }

    /**
     * A meta map padded to exactly {@link Limits#MAX_META_BYTES} of written JSON with chars of one class (one to four
     * UTF-8 bytes, or escaped) is accepted, and one byte more is refused: the limit counts what is written.
     */
    @Property(tries = 1_000, edgeCases = EdgeCasesMode.NONE)
    void theMetaSizeLimitIsTheLengthOfTheWrittenJson(
            @ForAll("metas") Map<String, Object> given, @ForAll("padding") String unit) {
        Map<String, Object> padded = new LinkedHashMap<>(JsonValues.meta("meta", given));
        padded.remove("pad");
        padded.put("pad", "");
        int room = Limits.MAX_META_BYTES - utf8(FileJson.write(padded));
        if (room < 0) {
            return; // the generated map alone is too large (never with these sizes)
        }
        int unitBytes = utf8(FileJson.write(unit)) - 2;
        String pad = unit.repeat(room / unitBytes) + "x".repeat(room % unitBytes);
        padded.put("pad", pad);
        assertThat(utf8(FileJson.write(padded))).isEqualTo(Limits.MAX_META_BYTES);
        assertThat(JsonValues.meta("meta", padded)).isEqualTo(padded);
        padded.put("pad", pad + "x");
        assertThat(utf8(FileJson.write(padded))).isEqualTo(Limits.MAX_META_BYTES + 1);
        assertThatThrownBy(() -> JsonValues.meta("meta", padded))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("larger than " + Limits.MAX_META_BYTES);
    }

    @Provide
    Arbitrary<String> padding() {
        return Arbitraries.of("x", "\u00e9", "\u20ac", "\ud83d\ude00", "\n", "\"", "\u0001", "\u007f", "\u2028");
    }

    private static int utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8).length;
    }

    /** A list of one number repeated up to the limit: numbers and commas count as written. */
    @Property(tries = 200)
    void listsOfNumbersAtTheLimitCountAsWritten(@ForAll("numbers") Number n) {
        Object canonical = JsonValues.meta("m", Map.of("n", n)).get("n");
        int each = canonical.toString().length() + 1; // the number and a comma
        int count = (Limits.MAX_META_BYTES - 7) / each; // {"l":[...]} is 8 + count x each - 1 bytes
        List<Object> many = new java.util.ArrayList<>(java.util.Collections.nCopies(count, canonical));
        Map<String, Object> m = Map.of("l", many);
        assertThat(utf8(FileJson.write(m))).isEqualTo(8 + count * each - 1).isLessThanOrEqualTo(Limits.MAX_META_BYTES);
        assertThat(JsonValues.meta("m", m)).isEqualTo(m);
        many.add(canonical);
        assertThat(utf8(FileJson.write(m))).isGreaterThan(Limits.MAX_META_BYTES);
        assertThatThrownBy(() -> JsonValues.meta("m", m)).isInstanceOf(InvalidInputException.class);
    }
}
