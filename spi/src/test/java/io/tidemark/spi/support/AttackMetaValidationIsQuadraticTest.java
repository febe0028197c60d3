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
    /**
     * Not a speed claim: a guard against work that grows with the product of the sizes. The input is sized so that
     * the quadratic copy (1.2 M chars x 240 K elements, about 16 times the reviewer's 3.2 s case) cannot finish within
     * the 30 s guard, while a refusal bounded by the 64 KiB limit takes microseconds.
     */
    @Test
    void oneLongKeyOverALongListIsRefusedWithoutQuadraticWork() {
        String key = "k".repeat(1_200_000);
        List<Long> list = Collections.nCopies(240_000, 0L);
        Throwable t = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
                java.time.Duration.ofSeconds(30),
                () -> catchThrowable(() -> JsonValues.meta("status meta", Map.of(key, list))));
        assertThat(t).isInstanceOf(InvalidInputException.class);
    }
}
