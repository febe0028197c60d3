package io.tidemark.tck;

import io.tidemark.watermark.AdvanceResult;
import io.tidemark.watermark.StoredWatermark;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/** A live {@link WatermarkStore} seen through {@link Scratch}: only keys whose chain id starts with the prefix. */
final class ScratchWatermarkStore implements WatermarkStore, Scratch.ScratchView {
    private final WatermarkStore store;
    private final String prefix;
    private final Set<WatermarkKey> written = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<WatermarkKey, Boolean> checked = new ConcurrentHashMap<>();

    ScratchWatermarkStore(WatermarkStore store, String prefix) {
        this.store = store;
        this.prefix = prefix;
    }

    /** {@code key} if it is a scratch key (null passes, for the store to reject); else refuses the call. */
    private WatermarkKey scratch(WatermarkKey key) {
        if (key != null && !key.chainId().startsWith(prefix)) {
            throw new IllegalStateException("refused: key " + key + " is outside the scratch prefix " + prefix);
        }
        return key;
    }

    /** Before the first write to {@code key}: refuses it if the store already holds a mark there; records it. */
    private WatermarkKey writing(WatermarkKey key) {
        if (scratch(key) != null) {
            checked.computeIfAbsent(key, k -> {
                if (store.get(k).isPresent()) {
                    throw new IllegalStateException("refused: scratch key " + k + " already exists in the store");
                }
                return true;
            });
            written.add(key);
        }
        return key;
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
        return store.list().filter(w -> w.key().chainId().startsWith(prefix));
    }

    @Override
    public boolean reset(WatermarkKey key) {
        return store.reset(writing(key));
    }

    /** Refused: the store belongs to the caller, who closes it after the clean-up (rules W17 and P21 skip). */
    @Override
    public void close() {
        throw new RuleSkipped("a live store checked on scratch names is closed by its owner, not by a rule");
    }

    @Override
    public List<String> removeWritten() {
        List<String> failures = new ArrayList<>();
        for (WatermarkKey key : written) {
            try {
                store.reset(key);
            } catch (RuntimeException e) {
                failures.add("reset " + key + ": " + e.getMessage());
            }
        }
        return failures;
    }

    @Override
    public String toString() {
        return store + " (scratch keys " + prefix + "*)";
    }
}
