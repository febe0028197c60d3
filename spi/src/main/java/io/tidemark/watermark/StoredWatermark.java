package io.tidemark.watermark;

import java.util.Objects;

/** One entry of {@link WatermarkStore#list()}: a key and its stored mark. */
public record StoredWatermark(WatermarkKey key, Watermark mark) {
    public StoredWatermark {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(mark, "mark");
    }
}
