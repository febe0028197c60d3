package io.tidemark.tck;

import io.tidemark.publisher.CasResult;
import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.NsRecord;
import io.tidemark.publisher.Publisher;
import io.tidemark.watermark.AdvanceResult;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.BooleanSupplier;
import java.util.function.UnaryOperator;

/**
 * The racing workloads, run by threads in the test JVM and by {@link TckRacer} in child JVMs. The keys and aliases
 * below are logical names: the rules pass them through their fixture ({@link Fixture#key}), child JVMs use them as
 * they are (the multi-process rules run only in the JUnit suites, whose names are the logical ones).
 */
final class Workloads {
    static final WatermarkKey RACE_KEY = new WatermarkKey("TCK-race", "tz1RaceKey", "block");
    static final LedgerAlias RACE_ALIAS = new LedgerAlias("tck-race", "main");
    static final LedgerAlias CAS_ALIAS = new LedgerAlias("tck-cas", "main");

    private Workloads() {}

    /** The keys of W16's trials, one per trial, as {@code names} spells them. */
    static List<WatermarkKey> slotKeys(int trials, UnaryOperator<WatermarkKey> names) {
        List<WatermarkKey> keys = new ArrayList<>();
        for (int trial = 0; trial < trials; trial++) {
            keys.add(names.apply(new WatermarkKey("TCK-slot", "tz1SlotKey", "trial-" + trial)));
        }
        return keys;
    }

    /**
     * W15: random marks that climb slowly (level = op/3 + 0..2, round 0..2, digest a or b) so that racers keep
     * colliding on the same levels and rounds with both equal and different digests.
     */
    static void advanceChain(
            WatermarkStore store,
            WatermarkKey key,
            String who,
            long seed,
            int maxOps,
            BooleanSupplier go,
            List<History.Advance> out) {
        Random rnd = new Random(seed ^ who.hashCode());
        for (int i = 0; i < maxOps && go.getAsBoolean(); i++) {
            Watermark m = new Watermark(i / 3 + rnd.nextInt(3), rnd.nextInt(3), rnd.nextBoolean() ? "vhA" : "vhB");
            long start = System.nanoTime();
            AdvanceResult r = store.advance(key, m);
            out.add(new History.Advance(who, key.toString(), m, r, start, System.nanoTime()));
        }
    }

    /**
     * W16: every racer signs its own digest at one level and round, on each of {@code keys} (fresh) in turn.
     * {@code together} runs before each trial; a barrier there makes all racers hit each fresh key at once, so a
     * read-then-write backend cannot escape by the racers drifting apart.
     */
    static void sameSlot(
            WatermarkStore store, List<WatermarkKey> keys, String who, Runnable together, List<History.Advance> out) {
        for (int trial = 0; trial < keys.size(); trial++) {
            WatermarkKey key = keys.get(trial);
            together.run();
            Watermark m = new Watermark(1_000 + trial, 7, "digest-of-" + who);
            long start = System.nanoTime();
            AdvanceResult r = store.advance(key, m);
            out.add(new History.Advance(who, key.toString(), m, r, start, System.nanoTime()));
        }
    }

    /** P8/P9: commit (or index) heads with slowly climbing random t and one of two addresses per t. */
    static void publishChain(
            Publisher publisher,
            LedgerAlias alias,
            String who,
            boolean commit,
            long seed,
            int maxOps,
            BooleanSupplier go,
            List<History.Publish> out) {
        Random rnd = new Random(seed ^ who.hashCode());
        for (int i = 0; i < maxOps && go.getAsBoolean(); i++) {
            long t = i / 3 + rnd.nextInt(3);
            History.Head h = new History.Head((commit ? "commit/" : "index/") + t + (rnd.nextBoolean() ? "a" : "b"), t);
            long start = System.nanoTime();
            var r = commit
                    ? publisher.publishCommit(alias, h.address(), t)
                    : publisher.publishIndex(alias, h.address(), t);
            out.add(History.Publish.of(who, commit, h, r, start, System.nanoTime()));
        }
    }

    /** P14: a compare-and-set loop: read status_v, push a new status expecting it. */
    static void statusCas(
            Publisher publisher, LedgerAlias alias, String who, int maxOps, BooleanSupplier go, List<History.Cas> out) {
        for (int i = 0; i < maxOps && go.getAsBoolean(); i++) {
            long v = publisher.lookup(alias).map(NsRecord::statusV).orElseThrow();
            CasResult r = publisher.pushStatus(alias, v, "busy", Map.of("who", who, "op", i));
            out.add(History.Cas.of(who, v, r));
        }
    }
}
