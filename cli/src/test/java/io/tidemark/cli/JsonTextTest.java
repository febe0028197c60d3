package io.tidemark.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.InvalidInputException;
import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.NsRecord;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The CLI's JSON through Jackson: the exact bytes the CLI always wrote, and strict reading of --meta. */
class JsonTextTest {

    @Test
    void escapesAsTheCliAlwaysDid() {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 0x80; c++) {
            all.append(c);
        }
        String expected = "\"\\u0000\\u0001\\u0002\\u0003\\u0004\\u0005\\u0006\\u0007\\u0008\\t\\n\\u000b\\u000c\\r"
                + "\\u000e\\u000f\\u0010\\u0011\\u0012\\u0013\\u0014\\u0015\\u0016\\u0017\\u0018\\u0019\\u001a\\u001b"
                + "\\u001c\\u001d\\u001e\\u001f !\\\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\\\]^_`"
                + "abcdefghijklmnopqrstuvwxyz{|}~\\u007f\"";
        assertThat(JsonText.write(all.toString())).isEqualTo(expected);
        assertThat(JsonText.write("\u00e9\u2028\ud83d\ude00")).isEqualTo("\"\u00e9\u2028\ud83d\ude00\"");
    }

    @Test
    void writesCompactlyInEntryOrderWithNumbersAsTheirText() {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("z", 1L);
        o.put("a", List.of(new BigDecimal("1.5E-7"), new BigInteger("123456789012345678901234567890"), true));
        o.put("m", Map.of());
        o.put("n", null);
        o.put("r", 3);
        assertThat(JsonText.write(o))
                .isEqualTo("{\"z\":1,\"a\":[1.5E-7,123456789012345678901234567890,true],\"m\":{},\"n\":null,\"r\":3}");
    }

    @Test
    void objectFormsKeepTheirAttributeNamesAndOrder() {
        WatermarkKey k = new WatermarkKey("NetX", "tz1", "block");
        assertThat(JsonText.write(JsonText.stored(k, new Watermark(5, 1, "vh"))))
                .isEqualTo(
                        "{\"chain_id\":\"NetX\",\"pkh\":\"tz1\",\"request\":\"block\",\"lvl\":5,\"round\":1,\"digest\":\"vh\"}");
        NsRecord r = new NsRecord(
                LedgerAlias.parse("db:main"),
                Optional.of("c1"),
                OptionalLong.of(1),
                Optional.empty(),
                OptionalLong.empty(),
                Optional.of("ctx"),
                "ready",
                7,
                2,
                Map.of("q", 3L),
                0,
                Map.of());
        assertThat(JsonText.write(JsonText.record(r)))
                .isEqualTo("{\"ledger_alias\":\"db:main\",\"ledger_name\":\"db\","
                        + "\"branch\":\"main\",\"commit_address\":\"c1\",\"commit_t\":1,\"default_context_address\":\"ctx\","
                        + "\"status\":\"ready\",\"updated_at\":7,\"status_v\":2,\"status_meta\":{\"q\":3},\"config_v\":0,"
                        + "\"config_meta\":{}}");
    }

    @Test
    void readsMetaAsCanonicalValues() {
        assertThat(JsonText.object("meta", null)).isEmpty();
        assertThat(JsonText.object("meta", " {\"n\":[1,2.50,\"x\",true], \"t\":2.0} "))
                .isEqualTo(Map.of("n", List.of(1L, new BigDecimal("2.5"), "x", true), "t", 2L));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "[1]",
                "{\"n\":null}",
                "\"x\"",
                "{\"a\":1,\"a\":2}",
                "{} x",
                "{\"a\":01}",
                "{'a':1}",
                "{\"a\":NaN}",
                "{\"a\":",
                "",
                "{\"a\":1e400}"
            })
    void refusesAnythingButOneObjectOfMetaValues(String text) {
        assertThatThrownBy(() -> JsonText.object("meta", text))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("meta");
    }

    @Provide
    Arbitrary<Object> values() {
        Arbitrary<Object> leaf = Arbitraries.oneOf(
                Arbitraries.strings()
                        .all()
                        .ofMaxLength(6)
                        .filter(s -> s.chars().noneMatch(c -> Character.isSurrogate((char) c)))
                        .map(s -> (Object) s),
                Arbitraries.longs().map(n -> (Object) n),
                Arbitraries.of(true, false).map(b -> (Object) b),
                Arbitraries.bigDecimals()
                        .ofScale(3)
                        .between(new BigDecimal("-1E6"), new BigDecimal("1E6"))
                        .map(d -> (Object) d));
        return Arbitraries.recursive(
                () -> leaf,
                v -> Arbitraries.oneOf(
                        v.list().ofMaxSize(3).map(l -> (Object) l),
                        Arbitraries.maps(
                                        Arbitraries.strings()
                                                .alpha()
                                                .ofMinLength(1)
                                                .ofMaxLength(3),
                                        v)
                                .ofMaxSize(3)
                                .map(m -> (Object) m)),
                3);
    }

    @Property(tries = 300)
    void whatItWritesReadsBackAsTheSameCanonicalMeta(@ForAll("values") Object value) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("v", value);
        String text = JsonText.write(meta);
        assertThat(text).doesNotContainPattern("[\\x00-\\x1f\\x7f]");
        Map<String, Object> back = JsonText.object("meta", text);
        assertThat(JsonText.write(back))
                .isEqualTo(JsonText.write(io.tidemark.spi.support.JsonValues.meta("meta", meta)));
        assertThat(JsonText.object("meta", JsonText.write(back))).isEqualTo(back);
    }
}
