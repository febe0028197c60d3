package io.tidemark.spi.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.InvalidInputException;
import io.tidemark.Limits;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

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
    assertThatThrownBy(() -> JsonValues.number("meta.x", Double.NaN)).isInstanceOf(InvalidInputException.class).hasMessageContaining("meta.x");
    assertThatThrownBy(() -> JsonValues.number("n", Double.POSITIVE_INFINITY)).isInstanceOf(InvalidInputException.class);
    assertThatThrownBy(() -> JsonValues.number("n", new BigDecimal("1".repeat(Limits.MAX_NUMBER_DIGITS + 1))))
        .isInstanceOf(InvalidInputException.class).hasMessageContaining("digits");
  }

  @Test
  void metaIsACheckedImmutableCopyWithPathsInErrors() {
    Map<String, Object> in = new HashMap<>(Map.of("a", 1.0, "list", new ArrayList<>(List.of("x", 2)), "nested", Map.of("b", true)));
    Map<String, Object> meta = JsonValues.meta("status meta", in);
    in.put("later", "ignored");
    assertThat(meta).isEqualTo(Map.of("a", 1L, "list", List.of("x", 2L), "nested", Map.of("b", true)));
    assertThatThrownBy(() -> meta.put("x", 1)).isInstanceOf(UnsupportedOperationException.class);
    assertThat(JsonValues.meta("again", meta)).isSameAs(meta);

    Map<String, Object> withNull = new HashMap<>();
    withNull.put("k", null);
    assertThatThrownBy(() -> JsonValues.meta("status meta", withNull)).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("status meta.k");
    assertThatThrownBy(() -> JsonValues.meta("m", Map.of("when", new Object()))).isInstanceOf(InvalidInputException.class)
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
    assertThatThrownBy(() -> JsonValues.meta("m", Map.of("d", tooDeep))).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("nested deeper");
    assertThatThrownBy(() -> JsonValues.meta("m", Map.of("big", "x".repeat(Limits.MAX_META_BYTES)))).isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("bytes");
  }
}
