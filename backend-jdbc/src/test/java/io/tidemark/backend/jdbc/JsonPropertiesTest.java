package io.tidemark.backend.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.spi.support.JsonValues;
import java.math.BigDecimal;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.arbitraries.StringArbitrary;

/** The meta codec: any canonical map written as JSON text reads back equal; text that is not an object is refused. */
class JsonPropertiesTest {

    @Provide
    Arbitrary<Map<String, Object>> metas() {
        StringArbitrary text = Arbitraries.strings()
                .all()
                .excludeChars(codeUnitsOfSurrogates())
                .ofMaxLength(12);
        Arbitrary<Object> leaf = Arbitraries.oneOf(
                text.map(s -> (Object) s),
                Arbitraries.of(true, false).map(b -> (Object) b),
                Arbitraries.longs().map(n -> (Object) n),
                Arbitraries.bigDecimals()
                        .ofScale(6)
                        .between(new BigDecimal("-1e12"), new BigDecimal("1e12"))
                        .map(d -> (Object) d));
        Arbitrary<Object> list = leaf.list().ofMaxSize(3).map(l -> (Object) l);
        Arbitrary<Object> value = Arbitraries.oneOf(leaf, list);
        Arbitrary<String> keys = text.ofMinLength(1);
        return Arbitraries.maps(keys, value).ofMaxSize(5).map(m -> JsonValues.meta("meta", m));
    }

    private static char[] codeUnitsOfSurrogates() {
        char[] out = new char[Character.MAX_SURROGATE - Character.MIN_SURROGATE + 1];
        for (int i = 0; i < out.length; i++) {
            out[i] = (char) (Character.MIN_SURROGATE + i);
        }
        return out;
    }

    @Property(tries = 300)
    void writtenMetaReadsBackEqual(@ForAll("metas") Map<String, Object> meta) {
        assertThat(Json.read("meta", Json.write(meta))).isEqualTo(meta);
    }

    @Property(tries = 50)
    void nestedMetaReadsBackEqual(@ForAll("metas") Map<String, Object> inner) {
        Map<String, Object> meta = JsonValues.meta("meta", Map.of("a", List.of(inner, inner), "b", inner));
        assertThat(Json.read("meta", Json.write(meta))).isEqualTo(meta);
    }

    @Property(tries = 20)
    void textThatIsNotOneObjectIsRefused(@ForAll("notObjects") String text) {
        assertThatThrownBy(() -> Json.read("meta", text)).isInstanceOf(IllegalArgumentException.class);
    }

    @Provide
    Arbitrary<String> notObjects() {
        return Arbitraries.of("[]", "1", "\"x\"", "{} {}", "{\"a\": null}", "{", "", "null", "{\"a\":1}x");
    }
}
