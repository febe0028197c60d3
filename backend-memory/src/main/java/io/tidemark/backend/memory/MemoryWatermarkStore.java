package io.tidemark.backend.memory;

import io.tidemark.spi.support.CloseGuard;
import io.tidemark.spi.support.Validate;
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
 * A {@link WatermarkStore} in a {@link ConcurrentHashMap} of immutable marks. {@link #advance} decides inside
 * {@code compute}, so the decision and the write are one atomic step per key; other keys are not blocked.
 */
public final class MemoryWatermarkStore implements WatermarkStore {
  private final ConcurrentHashMap<WatermarkKey, Watermark> marks = new ConcurrentHashMap<>();
  private final CloseGuard guard = new CloseGuard("memory watermark store");

  @Override
  public AdvanceResult advance(WatermarkKey key, Watermark mark) {
    Validate.advance(key, mark);
    guard.check();
    AdvanceResult[] result = new AdvanceResult[1];
    marks.compute(key, (k, stored) -> {
      result[0] = Watermark.decide(Optional.ofNullable(stored), mark);
      return result[0] instanceof AdvanceResult.Advanced ? mark : stored;
    });
    return result[0];
  }

  @Override
  public Optional<Watermark> get(WatermarkKey key) {
    Validate.present("key", key);
    guard.check();
    return Optional.ofNullable(marks.get(key));
  }

  @Override
  public Stream<StoredWatermark> list() {
    guard.check();
    List<StoredWatermark> snapshot = marks.entrySet().stream().map(e -> new StoredWatermark(e.getKey(), e.getValue())).toList();
    return snapshot.stream();
  }

  @Override
  public boolean reset(WatermarkKey key) {
    Validate.present("key", key);
    guard.check();
    return marks.remove(key) != null;
  }

  @Override
  public void close() {
    guard.close(); // the map goes with the store: nothing to release
  }
}
