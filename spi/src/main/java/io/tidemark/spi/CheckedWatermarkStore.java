package io.tidemark.spi;

import static io.tidemark.spi.support.Validate.present;

import io.tidemark.watermark.AdvanceResult;
import io.tidemark.watermark.StoredWatermark;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.util.Optional;
import java.util.stream.Stream;

/** The checking layer's {@link WatermarkStore}; see {@link Checked}. */
final class CheckedWatermarkStore implements WatermarkStore {
    private final WatermarkBackend backend;
    private final CloseState lifecycle;

    CheckedWatermarkStore(WatermarkBackend backend) {
        this.backend = backend;
        this.lifecycle = new CloseState(backend);
    }

    @Override
    public AdvanceResult advance(WatermarkKey key, Watermark mark) {
        present("key", key);
        present("mark", mark);
        return lifecycle.call(() -> backend.advance(key, mark));
    }

    @Override
    public Optional<Watermark> get(WatermarkKey key) {
        present("key", key);
        return lifecycle.call(() -> backend.get(key));
    }

    @Override
    public Stream<StoredWatermark> list() {
        return lifecycle.call(() -> backend.list());
    }

    @Override
    public boolean reset(WatermarkKey key) {
        present("key", key);
        return lifecycle.call(() -> backend.reset(key));
    }

    @Override
    public void close() {
        lifecycle.close(backend::close);
    }

    @Override
    public String toString() {
        return backend.toString();
    }
}
