package io.tidemark.backend.file;

import io.tidemark.BackendConfig;
import io.tidemark.discovery.Tidemark;
import io.tidemark.watermark.AdvanceResult;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A child JVM for {@link SpellingsRaceTest}: opens the file store at {@code args[0]}, prints {@code READY}, waits
 * for {@code GO}, then for {@code args[1]} milliseconds climbs {@link SpellingsRaceTest#KEY} one level past the
 * stored one with its own digest, printing {@code A <level> <digest>} for every {@code Advanced}, then {@code DONE}.
 */
public final class SlotChild {
    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        try (WatermarkStore store =
                Tidemark.openWatermarkStore(BackendConfig.of("file", Map.of("base_dir", args[0])))) {
            out.println("READY");
            out.flush();
            if (!"GO".equals(new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine())) {
                throw new IllegalStateException("expected GO");
            }
            String digest = "child-" + ProcessHandle.current().pid();
            for (long level : climb(store, Long.parseLong(args[1]), digest)) {
                out.println("A " + level + " " + digest);
            }
            out.println("DONE");
            out.flush();
        }
    }

    /** Climbs for {@code millis}; returns the levels this caller got {@code Advanced} for. */
    static List<Long> climb(WatermarkStore store, long millis, String digest) {
        List<Long> advanced = new ArrayList<>();
        long end = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < end) {
            long level = store.get(SpellingsRaceTest.KEY).map(Watermark::level).orElse(-1L) + 1;
            if (store.advance(SpellingsRaceTest.KEY, new Watermark(level, 0, digest))
                    instanceof AdvanceResult.Advanced) {
                advanced.add(level);
            }
        }
        return advanced;
    }

    /**
     * The same climb for a caller in another class loader (only JDK types cross): opens its own store, so every
     * Tidemark class, and all their static state, is that loader's own copy.
     */
    public static List<Long> climbIn(String baseDir, long millis, String digest) {
        try (WatermarkStore store = FileWatermarkStore.open(java.nio.file.Path.of(baseDir), true)) {
            return climb(store, millis, digest);
        }
    }
}
