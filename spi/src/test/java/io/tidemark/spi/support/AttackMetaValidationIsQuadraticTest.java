package io.tidemark.spi.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.tidemark.InvalidInputException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Adversarial review of "bound the work by the input's length" (issue 10 item 7). {@code JsonValues.canonical}
 * builds each element's field name for messages eagerly ({@code field + "." + key}, then {@code field + "[" + i +
 * "]"} for every list element) and checks {@link io.tidemark.Limits#MAX_META_BYTES} only after the whole copy. A map
 * with one long key whose value is a long list costs (key length x list length) char copies before it is refused:
 * 300 K chars x 60 K elements = 18 G chars. The same happens for a planted 1 MiB nameservice file read under the
 * alias's lock (NsRecord's constructor calls {@code JsonValues.meta}).
 */
class AttackMetaValidationIsQuadraticTest {
  @Test
  void oneLongKeyOverALongListIsRefusedQuickly() {
    String key = "k".repeat(300_000);
    List<Long> list = Collections.nCopies(60_000, 0L);
    long start = System.nanoTime();
    Throwable t = catchThrowable(() -> JsonValues.meta("status meta", Map.of(key, list)));
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertThat(t).isInstanceOf(InvalidInputException.class);
    assertThat(millis).as("ms to refuse a ~420 KB meta map (over the 64 KiB limit)").isLessThan(1_000);
  }
}
