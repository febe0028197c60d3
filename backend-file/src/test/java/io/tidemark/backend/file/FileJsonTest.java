package io.tidemark.backend.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.tidemark.CorruptedStoreException;
import io.tidemark.Limits;
import io.tidemark.publisher.CasResult;
import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.NsRecord;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The strictness of the store files' JSON reader, case by case: what the hand-written reader refused is still refused
 * (duplicate keys, trailing text, non-canonical or out-of-range numbers, too deep, lone surrogates), with a one-line
 * message naming the offset, and what it read still reads.
 */
class FileJsonTest {

    private static String refusal(String text) {
        Throwable t = catchThrowable(() -> FileJson.parse(text));
        assertThat(t).as(text).isInstanceOf(IllegalArgumentException.class);
        assertThat(t.getMessage())
                .startsWith("malformed JSON at offset ")
                .doesNotContain("\n")
                .hasSizeLessThan(300);
        return t.getMessage();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                " ",
                "{",
                "}",
                "{\"a\":1",
                "{\"a\" 1}",
                "{a:1}",
                "{'a':1}",
                "[1,]",
                "[,1]",
                "{\"a\":1,}",
                "01",
                "-01",
                "1.",
                ".5",
                "+1",
                "1e",
                "1e+",
                "-",
                "--1",
                "0x10",
                "NaN",
                "Infinity",
                "-Infinity",
                "tru",
                "nul",
                "\"abc",
                "\"a\\x\"",
                "\"\\u12\"",
                "\"\\u+123\"",
                "\"tab\there\"",
                "\"nl\nhere\"",
                "// c\n1",
                "/* c */1",
                "\ufeff{}",
                "{} {}",
                "1 2",
                "{}x",
                "[] ]",
                "\"a\"\"b\"",
                "\u000b1",
                "\u00a01"
            })
    void malformedTextIsRefused(String text) {
        refusal(text);
    }

    @Test
    void duplicateKeysAreRefusedAtAnyDepthNamingTheKeyEscaped() {
        assertThat(refusal("{\"a\":1,\"a\":1}")).contains("'a'");
        refusal("{\"x\":[{\"k\":1,\"j\":2,\"k\":3}]}");
        refusal("{\"\\u0061\":1,\"a\":2}"); // the same key once decoded
        assertThat(refusal("{\"x\\n\\u0000y\":1,\"x\\n\\u0000y\":2}")).doesNotContain("\u0000");
    }

    @Test
    void trailingTextAfterTheValueIsRefusedWithItsOffset() {
        assertThat(refusal("{\"a\":1} {\"a\":2}")).startsWith("malformed JSON at offset 8: trailing characters");
        assertThat(refusal("{\"a\":1}\n\n1")).startsWith("malformed JSON at offset 9: trailing characters");
        assertThat(FileJson.parse(" {\"a\":1} \r\n\t")).isEqualTo(Map.of("a", 1L));
    }

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "0|0",
                "-0|0",
                "-0.0|0",
                "2.0|2",
                "1.50|1.5",
                "1e2|100",
                "1E+2|100",
                "-1.5e-3|-0.0015",
                "9223372036854775807|9223372036854775807",
                "9223372036854775808|9223372036854775808",
                "1e125|1E+125",
                "1e-130|1E-130"
            })
    void numbersAreReadCanonical(String text, String canonical) {
        Object n = FileJson.parse(text);
        assertThat(n.toString())
                .isEqualTo(
                        new BigDecimal(canonical).stripTrailingZeros().scale() <= 0
                                ? new BigDecimal(canonical).toBigIntegerExact().toString()
                                : canonical);
        assertThat(n).isInstanceOfAny(Long.class, BigInteger.class, BigDecimal.class);
    }

    @Test
    void numbersOutsideTheLimitsOfJsonValuesAreRefusedEvenWhereTheyAreNotRead() {
        for (String n : List.of(
                "1e126",
                "-1e126",
                "1e-131",
                "1." + "1".repeat(38),
                "1".repeat(39),
                "0." + "0".repeat(Limits.MAX_NUMBER_CHARS) + "1",
                "1e99999999999")) {
            // offset: where the number starts (refused by its value) or where reading stopped (refused by its length)
            assertThat(refusal("{\"unknown\":" + n + "}"))
                    .as(n)
                    .containsAnyOf("offset 11:", "offset " + (11 + n.length()));
        }
        assertThat(FileJson.parse("[" + "1".repeat(38) + "]")).isEqualTo(List.of(new BigInteger("1".repeat(38))));
        String longest = "-0." + "0".repeat(Limits.MAX_NUMBER_CHARS - 4) + "1";
        assertThat(longest).hasSize(Limits.MAX_NUMBER_CHARS);
        assertThat(refusal(longest)).contains("magnitude"); // read to the end: refused for its range, not its length
        assertThat(refusal(longest + "0")).contains("longer than " + Limits.MAX_NUMBER_CHARS);
        // moved from spi's JsonValuesTest: a 200,001-digit number is refused for its length, not parsed
        assertThat(refusal("{\"n\": 1" + "0".repeat(200_000) + "}")).contains("length");
    }

    @Test
    void sixtyFiveLevelsAreReadAndSixtySixAreNot() {
        String deepest = "[".repeat(FileJson.MAX_DEPTH) + "1" + "]".repeat(FileJson.MAX_DEPTH);
        assertThat(FileJson.parse(deepest)).isInstanceOf(List.class);
        String emptyAtTheLimit = "[".repeat(FileJson.MAX_DEPTH + 1) + "]".repeat(FileJson.MAX_DEPTH + 1);
        assertThat(FileJson.parse(emptyAtTheLimit)).isInstanceOf(List.class);
        assertThat(refusal("[".repeat(FileJson.MAX_DEPTH + 1) + "1" + "]".repeat(FileJson.MAX_DEPTH + 1)))
                .contains("nested too deep");
        assertThat(refusal("{\"a\":".repeat(FileJson.MAX_DEPTH + 2) + "1" + "}".repeat(FileJson.MAX_DEPTH + 2)))
                .contains("nested too deep");
        assertThat(refusal("[".repeat(100_000))).contains("nested too deep");
    }

    @Test
    void loneSurrogatesAreRefusedInValuesAndKeysAndPairsAreRead() {
        assertThat(refusal("[\"a\\ud800\"]")).contains("offset 1").contains("lone surrogate \\ud800");
        refusal("{\"\\udc00\":1}");
        refusal("\"\\ude00\\ud83d\"");
        refusal("\"\\ud83d\"");
        assertThat(FileJson.parse("\"\\ud83d\\ude00\"")).isEqualTo("\ud83d\ude00");
        assertThat(FileJson.parse("\"\ud83d\ude00\"")).isEqualTo("\ud83d\ude00");
    }

    @Test
    void nullIsReadSoThatTheCodecCanNameTheFieldThatHoldsIt() {
        assertThat(FileJson.parse("[null]")).isEqualTo(java.util.Arrays.asList((Object) null));
    }

    @Test
    void aMetaKeyOfAlmostSixtyFourKibibytesIsWrittenAndRead() {
        String key = "k".repeat(Limits.MAX_META_BYTES - 20);
        NsRecord r = ((CasResult.Applied) NsRecord.decideStatus(
                        Optional.of(NsRecord.created(LedgerAlias.parse("big"), 1)), 1, "ready", Map.of(key, 1), 2))
                .record();
        String file = FileCodec.encode(r);
        assertThat(FileCodec.decodeRecord(Path.of("/d"), FileCodec.fileName(r.alias()), file))
                .isEqualTo(r);
    }

    @Test
    void aStoreFileErrorNamesTheFileAndTheOffsetOnOneBoundedLine() {
        String name = FileCodec.fileName(LedgerAlias.parse("db"));
        assertThatThrownBy(() -> FileCodec.decodeRecord(Path.of("/d"), name, "{\"format\":1,\"x\":" + "7".repeat(500)))
                .isInstanceOf(CorruptedStoreException.class)
                .hasMessageStartingWith("file /d/" + name + ".json cannot be read (malformed JSON at offset 516: ")
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(400).doesNotContain("7".repeat(50)));
        String planted = "{\"format\":1,\"" + "\u0000".repeat(5000) + "\":1,\"" + "\u0000".repeat(5000) + "\":2}";
        assertThatThrownBy(() -> FileCodec.decodeRecord(Path.of("/d"), name, planted))
                .satisfies(e -> assertThat(e.getMessage()).hasSizeLessThan(600).doesNotContain("\u0000"));
    }

    @Test
    void writingEscapesExactlyWhatTheOldWriterEscaped() {
        assertThat(FileJson.write(Map.of("\u0000\b\f\u001f\u007f", "\"\\/\n\r\t\u0080\u2028\ud83d\ude00")))
                .isEqualTo("{\"\\u0000\\u0008\\u000c\\u001f\\u007f\":\"\\\"\\\\/\\n\\r\\t\u0080\u2028\ud83d\ude00\"}");
        assertThat(FileJson.write(List.of(
                        1L,
                        new BigInteger("123456789012345678901234567890"),
                        new BigDecimal("1E-130"),
                        new BigDecimal("2.5"),
                        true,
                        false,
                        Map.of(),
                        List.of())))
                .isEqualTo("[1,123456789012345678901234567890,1E-130,2.5,true,false,{},[]]");
        assertThatThrownBy(() -> FileJson.write(List.of(new Object()))).isInstanceOf(IllegalArgumentException.class);
    }
}
