package io.tidemark.backend.file;

import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.nio.file.Path;

/** Child JVM for the attack tests: {@code base chain pkh kind level round digest}; prints the advance's result. */
public final class AttackAdvanceChild {
    public static void main(String[] a) {
        try (WatermarkStore store = FileWatermarkStore.open(Path.of(a[0]), true)) {
            Object r = store.advance(
                    new WatermarkKey(a[1], a[2], a[3]),
                    new Watermark(Long.parseLong(a[4]), Integer.parseInt(a[5]), a[6]));
            System.out.println(r.getClass().getSimpleName() + " " + r);
            System.out.flush();
        }
    }
}
