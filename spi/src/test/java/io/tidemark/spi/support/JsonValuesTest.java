package io.tidemark.spi.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.tidemark.InvalidInputException;
import io.tidemark.Limits;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonValuesTest {
    @Test
    void numbersTakeOneCanonicalForm() {
        assertThat(JsonValues.number("n", 2.0)).isEqualTo(2L);
        assertThat(JsonValues.number("n", 7)).isEqualTo(7L);
        assertThat(JsonValues.number("n", new BigDecimal("1.500"))).isEqualTo(new BigDecimal("1.5"));
        assertThat(JsonValues.number("n", new BigDecimal("-0.000"))).isEqualTo(0L);
        BigInteger huge = BigInteger.valueOf(Long.MAX_VALUE).add(BigInteger.ONE);
        assertThat(JsonValues.number("n", huge)).isEqualTo(huge);
    }

    @Test
    void numbersJsonCannotHoldAreRejectedNamingTheField() {
        assertThatThrownBy(() -> JsonValues.number("meta.x", Double.NaN))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("meta.x");
        assertThatThrownBy(() -> JsonValues.number("n", Double.POSITIVE_INFINITY))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> JsonValues.number("n", new BigDecimal("1".repeat(Limits.MAX_NUMBER_DIGITS + 1))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("digits");
    }

    @Test
    void metaIsACheckedImmutableCopyWithPathsInErrors() {
        Map<String, Object> in =
                new HashMap<>(Map.of("a", 1.0, "list", new ArrayList<>(List.of("x", 2)), "nested", Map.of("b", true)));
        Map<String, Object> meta = JsonValues.meta("status meta", in);
        in.put("later", "ignored");
        assertThat(meta).isEqualTo(Map.of("a", 1L, "list", List.of("x", 2L), "nested", Map.of("b", true)));
        assertThatThrownBy(() -> meta.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
        assertThat(JsonValues.meta("again", meta)).isSameAs(meta);

        Map<String, Object> withNull = new HashMap<>();
        withNull.put("k", null);
        assertThatThrownBy(() -> JsonValues.meta("status meta", withNull))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("status meta.k");
        assertThatThrownBy(() -> JsonValues.meta("m", Map.of("when", new Object())))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("not JSON-like");
        assertThatThrownBy(() -> JsonValues.meta("m", Map.of("", 1))).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> JsonValues.meta("m", null)).isInstanceOf(InvalidInputException.class);
    }

    @Test
    void depthAndSizeLimitsHold() {
        Object deep = "leaf";
        for (int i = 0; i <= Limits.MAX_META_DEPTH + 1; i++) {
            deep = Map.of("d", deep);
        }
        Object tooDeep = deep;
        assertThatThrownBy(() -> JsonValues.meta("m", Map.of("d", tooDeep)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("nested deeper");
        assertThatThrownBy(() -> JsonValues.meta("m", Map.of("big", "x".repeat(Limits.MAX_META_BYTES))))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("bytes");
    }

    /** Item 8: the range is defined once in {@link Limits}; both edges, both signs, at and one past. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "1e125",
                "-1e125",
                "9.9999999999999999999999999999999999999e125",
                "-9.9999999999999999999999999999999999999e125",
                "1e-130",
                "-1e-130",
                "1.5e-129",
                "1.2345678901234e-120",
                "9.9999999999999999999999999999999999999e-130",
                "1.5e-130",
                "-1.5e-130"
            })
    void numbersInsideTheRangeAreAccepted(String text) {
        assertThat(new BigDecimal(JsonValues.parseNumber("n", text).toString()))
                .isEqualByComparingTo(new BigDecimal(text));
        assertThat(new BigDecimal(JsonValues.number("n", new BigDecimal(text)).toString()))
                .isEqualByComparingTo(new BigDecimal(text));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "1e126",
                "-1e126",
                "10e125",
                "9.9e-131",
                "-9.9e-131",
                "1e-131",
                "-1e-131",
                "9.9999999999999999999999999999999999999e-131"
            })
    void numbersJustOutsideTheRangeAreRejected(String text) {
        assertThatThrownBy(() -> JsonValues.parseNumber("meta.n", text))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("meta.n")
                .hasMessageContaining("out of range");
        assertThatThrownBy(() -> JsonValues.number("meta.n", new BigDecimal(text)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("out of range");
    }

    @Test
    void theRangeConstantsSayWhatTheCheckDoes() {
        BigDecimal max = BigDecimal.ONE.scaleByPowerOfTen(Limits.MAX_NUMBER_EXPONENT);
        BigDecimal min = BigDecimal.ONE.scaleByPowerOfTen(Limits.MIN_NUMBER_EXPONENT);
        assertThat(JsonValues.number("n", max)).isNotNull();
        assertThat(JsonValues.number("n", min.negate())).isNotNull();
        assertThatThrownBy(() -> JsonValues.number("n", max.multiply(BigDecimal.TEN)))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> JsonValues.number("n", min.movePointLeft(1)))
                .isInstanceOf(InvalidInputException.class);
        assertThat(Limits.MAX_NUMBER_DIGITS).isEqualTo(38);
    }

    /**
     * Item 7: the length is checked before any arithmetic. The message proves the order (a 200,001-char text that is
     * not even a number is refused for its length, not parsed); the generous timeout only guards against the 28 s
     * quadratic strip that this replaced.
     */
    @Test
    void longNumbersAreRefusedByLengthBeforeAnyArithmetic() {
        String zeros = "1" + "0".repeat(200_000);
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            assertThatThrownBy(() -> JsonValues.parseNumber("meta.n", zeros + "x"))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("longer than " + Limits.MAX_NUMBER_CHARS);
            assertThatThrownBy(() -> JsonValues.parseNumber("meta.n", zeros + ".0"))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("longer than " + Limits.MAX_NUMBER_CHARS);
            assertThatThrownBy(() -> JsonValues.number("meta.n", new BigDecimal(BigInteger.TEN.pow(200_000), 200_000)))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("more than " + Limits.MAX_NUMBER_CHARS);
            assertThatThrownBy(() -> JsonValues.number("meta.n", BigInteger.TEN.pow(200_000)))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("more than " + Limits.MAX_NUMBER_CHARS);
        });
        // a plain-written number at the edge of the range still fits
        String plainMin = "-0." + "0".repeat(129) + "9".repeat(Limits.MAX_NUMBER_DIGITS);
        assertThat(plainMin.length()).isLessThanOrEqualTo(Limits.MAX_NUMBER_CHARS);
        assertThat(JsonValues.parseNumber("n", plainMin)).isEqualTo(new BigDecimal(plainMin));
    }

    /**
     * The model of ValueRulesFuzzTest and the code once disagreed on an unscaled value of exactly 201 digits: the
     * code compared bit lengths only, and 10^200 has as many bits as 10^200 - 1. The limit is on the digits given,
     * before trailing zeros are stripped, whatever the value they are worth.
     */
    @Test
    void anUnscaledValueOf201DigitsIsRefusedEvenWhenItStripsToAShortNumber() {
        BigInteger digits201 = BigInteger.TEN.pow(Limits.MAX_NUMBER_CHARS);
        assertThat(digits201.toString()).hasSize(Limits.MAX_NUMBER_CHARS + 1);
        for (BigDecimal tooLong : List.of(
                new BigDecimal(digits201, 75),
                new BigDecimal(digits201.negate(), 75),
                new BigDecimal(digits201.add(BigInteger.ONE), 200),
                new BigDecimal(digits201, 0))) {
            assertThatThrownBy(() -> JsonValues.number("meta.n", tooLong))
                    .as(tooLong.toString())
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("more than " + Limits.MAX_NUMBER_CHARS);
        }
        assertThatThrownBy(() -> JsonValues.number("meta.n", digits201)).isInstanceOf(InvalidInputException.class);
        BigInteger digits200 = BigInteger.TEN.pow(Limits.MAX_NUMBER_CHARS - 1);
        assertThat(JsonValues.number("n", new BigDecimal(digits200, 74))).isEqualTo(BigInteger.TEN.pow(125));
        assertThat(JsonValues.number("n", new BigDecimal(digits200.negate(), 199)))
                .isEqualTo(-1L);
        BigInteger nines200 = digits201.subtract(BigInteger.ONE);
        assertThatThrownBy(() -> JsonValues.number("n", new BigDecimal(nines200, 75)))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("significant digits");
    }

    /** The meta size is the UTF-8 length of the JSON a store writes, counted char class by char class. */
    @Test
    void theJsonSizeCountsEachCharAsWrittenInUtf8() {
        assertThat(JsonValues.jsonBytes("")).isEqualTo(2);
        assertThat(JsonValues.jsonBytes("a~")).isEqualTo(4);
        assertThat(JsonValues.jsonBytes("\"\\\n\r\t")).isEqualTo(2 + 5 * 2);
        assertThat(JsonValues.jsonBytes("\u0000\b\f\u001f\u007f")).isEqualTo(2 + 5 * 6);
        assertThat(JsonValues.jsonBytes("\u0080\u07ff")).isEqualTo(2 + 2 * 2);
        assertThat(JsonValues.jsonBytes("\u0800\u2028\uffff")).isEqualTo(2 + 3 * 3);
        assertThat(JsonValues.jsonBytes("\ud83d\ude00")).isEqualTo(2 + 4);
        assertThat(JsonValues.jsonBytes(List.of())).isEqualTo(2);
        assertThat(JsonValues.jsonBytes(List.of(1L, true, false))).isEqualTo(2 + 2 + 1 + 4 + 5);
        assertThat(JsonValues.jsonBytes(Map.of())).isEqualTo(2);
        assertThat(JsonValues.jsonBytes(JsonValues.meta("m", Map.of("k", new BigDecimal("1.50")))))
                .isEqualTo("{\"k\":1.5}".length());
        Map<String, Object> two = new java.util.LinkedHashMap<>();
        two.put("a", List.of(new BigInteger("12345678901234567890")));
        two.put("\u00e9", Map.of("x", "y"));
        assertThat(JsonValues.jsonBytes(two))
                .isEqualTo("{\"a\":[12345678901234567890],\"\u00e9\":{\"x\":\"y\"}}"
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8)
                        .length);
    }

    @Test
    void theSizeLimitIsInclusive() {
        String atTheLimit = "x".repeat(Limits.MAX_META_BYTES - "{\"k\":\"\"}".length());
        assertThat(JsonValues.meta("m", Map.of("k", atTheLimit))).containsEntry("k", atTheLimit);
        // as many chars, one more byte: refused by the exact count, not by the cheap bound taken while copying
        assertThatThrownBy(() -> JsonValues.meta("m", Map.of("k", atTheLimit.substring(1) + "\u00e9")))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("(" + (Limits.MAX_META_BYTES + 1) + " bytes of JSON)");
    }
}
