package io.tidemark.backend.jdbc;

import io.tidemark.BackendConfig;
import io.tidemark.OutcomeUnknownException;
import io.tidemark.TidemarkException;
import io.tidemark.discovery.Tidemark;
import io.tidemark.watermark.AdvanceResult;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One signer of {@link DoubleSignRaceTest}: for every key of a fixed ladder it advances to each slot (level, round)
 * with a digest of its own, and records what each call answered. Runs in threads of the test JVM and as the main of
 * child JVMs (args: name, keys, config as key=value; it prints READY, waits for GO on stdin, prints one line per call).
 */
final class DoubleSignRace {
    /** The slots every signer walks through for each key, in order. */
    static final int[][] SLOTS = {{5, 0}, {5, 1}, {6, 0}, {6, 0}, {7, 3}};

    /** One answered call: the slot, the digest sent and the outcome (ADVANCED, REPEATED, REFUSED, UNKNOWN, ERROR). */
    record Call(String key, long level, int round, String digest, String outcome) {
        String line() {
            return key + "|" + level + "|" + round + "|" + digest + "|" + outcome;
        }

        static Call parse(String line) {
            String[] f = line.split("\\|", -1);
            return new Call(f[0], Long.parseLong(f[1]), Integer.parseInt(f[2]), f[3], f[4]);
        }

        boolean accepted() {
            return outcome.equals("ADVANCED") || outcome.equals("REPEATED");
        }
    }

    private DoubleSignRace() {}

    static WatermarkKey key(String table, int i) {
        return new WatermarkKey("NetRace", "tz1" + table + "k" + i, "block");
    }

    /** Walks every key through {@link #SLOTS} as signer {@code name}, each slot with its own digest. */
    static List<Call> sign(WatermarkStore store, String table, String name, int keys) {
        List<Call> calls = new ArrayList<>();
        for (int i = 0; i < keys; i++) {
            WatermarkKey key = key(table, i);
            for (int s = 0; s < SLOTS.length; s++) {
                Watermark mark = new Watermark(SLOTS[s][0], SLOTS[s][1], name + "-" + s);
                String outcome;
                try {
                    AdvanceResult r = store.advance(key, mark);
                    outcome = r instanceof AdvanceResult.Advanced
                            ? "ADVANCED"
                            : r instanceof AdvanceResult.Repeated ? "REPEATED" : "REFUSED";
                } catch (OutcomeUnknownException e) {
                    outcome = "UNKNOWN";
                } catch (TidemarkException e) {
                    outcome = "ERROR " + e.getClass().getSimpleName() + ": " + e.getMessage();
                }
                calls.add(new Call(key.publicKeyHash(), mark.level(), mark.round(), mark.digest(), outcome));
            }
        }
        return calls;
    }

    public static void main(String[] args) throws Exception {
        String name = args[0];
        int keys = Integer.parseInt(args[1]);
        String table = args[2];
        Map<String, Object> settings = new HashMap<>();
        for (int i = 3; i < args.length; i++) {
            String[] kv = args[i].split("=", 2);
            settings.put(kv[0], kv[1]);
        }
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        try (WatermarkStore store = Tidemark.openWatermarkStore(BackendConfig.of("postgresql", settings))) {
            store.get(key(table, 0)); // warm the pool before the start
            out.println("READY");
            out.flush();
            new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            for (Call c : sign(store, table, name, keys)) {
                out.println(c.line());
            }
        }
        out.println("DONE");
        out.flush();
    }
}
