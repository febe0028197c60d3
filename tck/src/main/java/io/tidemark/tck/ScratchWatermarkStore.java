package io.tidemark.tck;

import io.tidemark.Health;
import io.tidemark.watermark.AdvanceResult;
import io.tidemark.watermark.StoredWatermark;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** A live {@link WatermarkStore} seen through {@link Scratch}: only keys whose chain id starts with the prefix. */
final class ScratchWatermarkStore implements WatermarkStore, Scratch.ScratchView {
    private final WatermarkStore store;
    private final ScratchNames<WatermarkKey> names;

    ScratchWatermarkStore(WatermarkStore store, String prefix) {
        this.store = store;
        this.names = new ScratchNames<>(
                prefix, "key", WatermarkKey::chainId, k -> store.get(k).isPresent());
    }

    private WatermarkKey scratch(WatermarkKey k) {
        return names.scratch(k);
    }

    private WatermarkKey writing(WatermarkKey k) {
        return names.writing(k);
    }

    @Override
    public AdvanceResult advance(WatermarkKey key, Watermark mark) {
        return store.advance(writing(key), mark);
    }

    @Override
    public Optional<Watermark> get(WatermarkKey key) {
        return store.get(scratch(key));
    }

    @Override
    public Stream<StoredWatermark> list() {
        return store.list().filter(w -> names.isScratch(w.key()));
    }

    @Override
    public boolean reset(WatermarkKey key) {
        return store.reset(writing(key));
    }

    /** The live store's check: it has no side effects, so nothing to keep apart. */
    @Override
    public Health check() {
        return store.check();
    }

    /** Refused: the store belongs to the caller, who closes it after the clean-up (rules W17 and P21 skip). */
    @Override
    public void close() {
        throw new RuleSkipped("a live store checked on scratch names is closed by its owner, not by a rule");
    }

    @Override
    public List<String> removeWritten() {
        return names.removeWritten("reset", store::reset);
    }

    @Override
    public String toString() {
        return store + " (scratch keys " + names.prefix() + "*)";
    }
}
