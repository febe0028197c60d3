package io.tidemark.tck;

import io.tidemark.publisher.CasResult;
import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.NsRecord;
import io.tidemark.publisher.Publisher;
import io.tidemark.watermark.AdvanceResult;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BooleanSupplier;

/** The racing workloads, run by threads in the test JVM and by {@link TckRacer} in child JVMs. */
final class Workloads {
  static final WatermarkKey RACE_KEY = new WatermarkKey("TCK-race", "tz1RaceKey", "block");
  static final LedgerAlias RACE_ALIAS = new LedgerAlias("tck-race", "main");
  static final LedgerAlias CAS_ALIAS = new LedgerAlias("tck-cas", "main");

  private Workloads() {}

  static WatermarkKey slotKey(int trial) {
    return new WatermarkKey("TCK-slot", "tz1SlotKey", "trial-" + trial);
  }

  /**
   * W15: random marks that climb slowly (level = op/3 + 0..2, round 0..2, digest a or b) so that racers keep
   * colliding on the same levels and rounds with both equal and different digests.
   */
  static void advanceChain(WatermarkStore store, String who, long seed, int maxOps, BooleanSupplier go, List<History.Advance> out) {
    Random rnd = new Random(seed ^ who.hashCode());
    for (int i = 0; i < maxOps && go.getAsBoolean(); i++) {
      Watermark m = new Watermark(i / 3 + rnd.nextInt(3), rnd.nextInt(3), rnd.nextBoolean() ? "vhA" : "vhB");
      long start = System.nanoTime();
      AdvanceResult r = store.advance(RACE_KEY, m);
      out.add(new History.Advance(who, RACE_KEY.toString(), m, r, start, System.nanoTime()));
    }
  }

  /**
   * W16: every racer signs its own digest at one level and round, on {@code trials} fresh keys in turn.
   * {@code together} runs before each trial; a barrier there makes all racers hit each fresh key at once, so a
   * read-then-write backend cannot escape by the racers drifting apart.
   */
  static void sameSlot(WatermarkStore store, String who, int trials, Runnable together, List<History.Advance> out) {
    for (int trial = 0; trial < trials; trial++) {
      WatermarkKey key = slotKey(trial);
      together.run();
      Watermark m = new Watermark(1_000 + trial, 7, "digest-of-" + who);
      long start = System.nanoTime();
      AdvanceResult r = store.advance(key, m);
      out.add(new History.Advance(who, key.toString(), m, r, start, System.nanoTime()));
    }
  }

  /** P8/P9: commit (or index) heads with slowly climbing random t and one of two addresses per t. */
  static void publishChain(Publisher publisher, String who, boolean commit, long seed, int maxOps, BooleanSupplier go,
      List<History.Publish> out) {
    Random rnd = new Random(seed ^ who.hashCode());
    for (int i = 0; i < maxOps && go.getAsBoolean(); i++) {
      long t = i / 3 + rnd.nextInt(3);
      History.Head h = new History.Head((commit ? "commit/" : "index/") + t + (rnd.nextBoolean() ? "a" : "b"), t);
      long start = System.nanoTime();
      var r = commit ? publisher.publishCommit(RACE_ALIAS, h.address(), t) : publisher.publishIndex(RACE_ALIAS, h.address(), t);
      out.add(History.Publish.of(who, commit, h, r, start, System.nanoTime()));
    }
  }

  /** P14: a compare-and-set loop: read status_v, push a new status expecting it. */
  static void statusCas(Publisher publisher, String who, int maxOps, BooleanSupplier go, List<History.Cas> out) {
    for (int i = 0; i < maxOps && go.getAsBoolean(); i++) {
      long v = publisher.lookup(CAS_ALIAS).map(NsRecord::statusV).orElseThrow();
      CasResult r = publisher.pushStatus(CAS_ALIAS, v, "busy", Map.of("who", who, "op", i));
      out.add(History.Cas.of(who, v, r));
    }
  }
}
