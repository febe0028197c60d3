package io.tidemark.tck;

import io.tidemark.spi.support.CloseGuard;
import io.tidemark.spi.support.Validate;
import io.tidemark.watermark.AdvanceResult;
import io.tidemark.watermark.StoredWatermark;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/** A simple correct store with one switchable flaw, to prove the TCK catches each flaw. */
final class ToyWatermarkStore implements WatermarkStore {
  enum Flaw { NONE, NOT_ATOMIC, ACCEPTS_EQUAL_ROUNDS, IGNORES_DIGEST, STALE_REFUSAL }

  private final Flaw flaw;
  private final Map<WatermarkKey, Watermark> marks = new ConcurrentHashMap<>();
  private final Map<WatermarkKey, Watermark> firstEver = new ConcurrentHashMap<>();
  private final CloseGuard guard = new CloseGuard("toy store");

  ToyWatermarkStore(Flaw flaw) {
    this.flaw = flaw;
  }

  @Override
  public AdvanceResult advance(WatermarkKey key, Watermark mark) {
    Validate.advance(key, mark);
    guard.check();
    if (flaw == Flaw.NOT_ATOMIC) {
      AdvanceResult r = Watermark.decide(Optional.ofNullable(marks.get(key)), mark);
      LockSupport.parkNanos(2_000_000); // widen the read-then-write window: 2 ms outlasts a slow thread wake-up on a loaded VM
      if (r instanceof AdvanceResult.Advanced) {
        marks.put(key, mark);
      }
      return r;
    }
    synchronized (this) {
      Optional<Watermark> stored = Optional.ofNullable(marks.get(key));
      AdvanceResult r = Watermark.decide(stored, mark);
      if (stored.isPresent() && stored.get().sameSlot(mark) && !stored.get().equals(mark)) {
        if (flaw == Flaw.ACCEPTS_EQUAL_ROUNDS) {
          r = new AdvanceResult.Advanced(stored);
        } else if (flaw == Flaw.IGNORES_DIGEST) {
          r = new AdvanceResult.Repeated(stored.get());
        }
      }
      if (flaw == Flaw.STALE_REFUSAL && r instanceof AdvanceResult.Refused) {
        r = new AdvanceResult.Refused(firstEver.get(key));
      }
      if (r instanceof AdvanceResult.Advanced) {
        marks.put(key, mark);
        firstEver.putIfAbsent(key, mark);
      }
      return r;
    }
  }

  @Override
  public Optional<Watermark> get(WatermarkKey key) {
    guard.check();
    return Optional.ofNullable(marks.get(key));
  }

  @Override
  public Stream<StoredWatermark> list() {
    guard.check();
    List<StoredWatermark> l = marks.entrySet().stream().map(e -> new StoredWatermark(e.getKey(), e.getValue())).toList();
    return l.stream();
  }

  @Override
  public boolean reset(WatermarkKey key) {
    guard.check();
    firstEver.remove(key);
    return marks.remove(key) != null;
  }

  @Override
  public void close() {
    guard.close();
  }
}
