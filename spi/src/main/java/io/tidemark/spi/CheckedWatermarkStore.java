package io.tidemark.spi;

import static io.tidemark.spi.support.Validate.present;

import io.tidemark.Health;
import io.tidemark.watermark.AdvanceResult;
import io.tidemark.watermark.StoredWatermark;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The checking layer's {@link WatermarkStore}; see {@link Checked}. Each call is one {@code try}: validation and the
 * backend call inside it, the outcome (or what was thrown) handed to the {@link Recorder} once.
 */
final class CheckedWatermarkStore implements WatermarkStore {
    private final WatermarkBackend backend;
    private final CloseState lifecycle;
    private final Recorder recorder;

    CheckedWatermarkStore(WatermarkBackend backend, Recorder recorder) {
        this.backend = backend;
        this.lifecycle = new CloseState(backend);
        this.recorder = recorder;
    }

    private static String kind(WatermarkKey key) {
        return key == null ? null : key.requestKind();
    }

    @Override
    public AdvanceResult advance(WatermarkKey key, Watermark mark) {
        long start = recorder.start();
        AdvanceResult r;
        try {
            present("key", key);
            present("mark", mark);
            r = lifecycle.call(() -> backend.advance(key, mark));
        } catch (RuntimeException | Error e) {
            recorder.failed(start, "advance", kind(key), e);
            throw e;
        }
        recorder.completed(start, "advance", key.requestKind(), r, Recorder::advance);
        return r;
    }

    @Override
    public Optional<Watermark> get(WatermarkKey key) {
        long start = recorder.start();
        Optional<Watermark> r;
        try {
            present("key", key);
            r = lifecycle.call(() -> backend.get(key));
        } catch (RuntimeException | Error e) {
            recorder.failed(start, "get", kind(key), e);
            throw e;
        }
        recorder.completed(start, "get", key.requestKind(), r, Recorder::found);
        return r;
    }

    @Override
    public Stream<StoredWatermark> list() {
        long start = recorder.start();
        Stream<StoredWatermark> r;
        try {
            r = lifecycle.call(backend::list);
        } catch (RuntimeException | Error e) {
            recorder.failed(start, "list", null, e);
            throw e;
        }
        recorder.completed(start, "list", null, r, Recorder::listed);
        return r;
    }

    @Override
    public boolean reset(WatermarkKey key) {
        long start = recorder.start();
        boolean r;
        try {
            present("key", key);
            r = lifecycle.call(() -> backend.reset(key));
        } catch (RuntimeException | Error e) {
            recorder.failed(start, "reset", kind(key), e);
            throw e;
        }
        recorder.completed(start, "reset", key.requestKind(), r, Recorder::removed);
        return r;
    }

    @Override
    public Health check() {
        long start = recorder.start();
        Health r = lifecycle.check(backend::check);
        recorder.completed(start, "check", null, r, Recorder::health);
        return r;
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
