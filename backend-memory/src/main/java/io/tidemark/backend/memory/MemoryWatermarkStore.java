package io.tidemark.backend.memory;

import io.tidemark.Health;
import io.tidemark.spi.Checked;
import io.tidemark.spi.WatermarkBackend;
import io.tidemark.watermark.AdvanceResult;
import io.tidemark.watermark.StoredWatermark;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * A watermark store in a {@link ConcurrentHashMap} of immutable marks. {@link #advance} decides inside
 * {@code compute}, so the decision and the write are one atomic step per key; other keys are not blocked.
 */
public final class MemoryWatermarkStore implements WatermarkBackend {
    private final ConcurrentHashMap<WatermarkKey, Watermark> marks = new ConcurrentHashMap<>();

    MemoryWatermarkStore() {}

    /** A new, empty {@link WatermarkStore} that lives in this JVM, behind the checking layer. */
    public static WatermarkStore open() {
        return Checked.watermarkStore(new MemoryWatermarkStore());
    }

    @Override
    public AdvanceResult advance(WatermarkKey key, Watermark mark) {
        AdvanceResult[] result = new AdvanceResult[1];
        marks.compute(key, (k, stored) -> {
            result[0] = Watermark.decide(Optional.ofNullable(stored), mark);
            return result[0] instanceof AdvanceResult.Advanced ? mark : stored;
        });
        return result[0];
    }

    @Override
    public Optional<Watermark> get(WatermarkKey key) {
        return Optional.ofNullable(marks.get(key));
    }

    @Override
    public Stream<StoredWatermark> list() {
        List<StoredWatermark> snapshot = marks.entrySet().stream()
                .map(e -> new StoredWatermark(e.getKey(), e.getValue()))
                .toList();
        return snapshot.stream();
    }

    @Override
    public boolean reset(WatermarkKey key) {
        return marks.remove(key) != null;
    }

    /** Always reachable: the data lives in this object. */
    @Override
    public Health check() {
        return new Health.Reachable("in-memory, " + marks.size() + " marks");
    }

    @Override
    public void close() {
        // the map goes with the store: nothing to release
    }

    @Override
    public String toString() {
        return "memory watermark store";
    }
}
