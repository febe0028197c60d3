package io.tidemark.tck;

import io.tidemark.spi.support.CloseGuard;
import io.tidemark.spi.support.Json;
import io.tidemark.spi.support.JsonForms;
import io.tidemark.spi.support.Validate;
import io.tidemark.watermark.AdvanceResult;
import io.tidemark.watermark.StoredWatermark;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** A watermark store in a {@link ToyDir}: durable and shared by processes; per-handle locks with the flaw. */
final class ToyDirWatermarkStore implements WatermarkStore {
  private final ToyDir dir;
  private final CloseGuard guard = new CloseGuard("toy directory store");

  ToyDirWatermarkStore(ToyDir dir) {
    this.dir = dir;
  }

  @Override
  public AdvanceResult advance(WatermarkKey key, Watermark mark) {
    Validate.advance(key, mark);
    guard.check();
    return dir.locked(() -> {
      AdvanceResult r = Watermark.decide(read(key), mark);
      if (r instanceof AdvanceResult.Advanced) {
        dir.write(key.toString(), Json.write(JsonForms.of(key, mark)));
      }
      return r;
    });
  }

  private Optional<Watermark> read(WatermarkKey key) {
    return dir.read(key.toString()).map(t -> JsonForms.storedWatermark((Map<?, ?>) Json.parse(t)).mark());
  }

  @Override
  public Optional<Watermark> get(WatermarkKey key) {
    Validate.present("key", key);
    guard.check();
    return dir.locked(() -> read(key));
  }

  @Override
  public Stream<StoredWatermark> list() {
    guard.check();
    return dir.locked(() -> dir.all().stream().map(t -> JsonForms.storedWatermark((Map<?, ?>) Json.parse(t))).toList())
        .stream();
  }

  @Override
  public boolean reset(WatermarkKey key) {
    Validate.present("key", key);
    guard.check();
    return dir.locked(() -> dir.delete(key.toString()));
  }

  @Override
  public void close() {
    if (guard.close()) {
      dir.close();
    }
  }
}
