package io.tidemark.tck;

import io.tidemark.BackendConfig;
import io.tidemark.discovery.Tidemark;
import io.tidemark.publisher.Publisher;
import io.tidemark.watermark.WatermarkStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The child-JVM side of the multi-process rules (W19, P23). Not for direct use.
 *
 * <p>Arguments: {@code <scenario> <who> <threads> <millis> <maxOps> <seed> <driver> [key=value...]}. It opens the
 * store with {@link Tidemark}, prints {@code READY}, waits for {@code GO} on standard input, races, prints one
 * history line per call and then {@code DONE}.
 */
public final class TckRacer {
    private TckRacer() {}

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        String scenario = args[0];
        String who = args[1];
        int threads = Integer.parseInt(args[2]);
        Duration budget = Duration.ofMillis(Long.parseLong(args[3]));
        int maxOps = Integer.parseInt(args[4]);
        long seed = Long.parseLong(args[5]);
        Map<String, Object> settings = new LinkedHashMap<>();
        for (int i = 7; i < args.length; i++) {
            int eq = args[i].indexOf('=');
            settings.put(args[i].substring(0, eq), args[i].substring(eq + 1));
        }
        BackendConfig config = BackendConfig.of(args[6], settings);
        boolean watermark = scenario.equals("advance-chain") || scenario.equals("same-slot");
        try (WatermarkStore store = watermark ? Tidemark.openWatermarkStore(config) : null;
                Publisher publisher = watermark ? null : Tidemark.openPublisher(config)) {
            out.println("READY");
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            if (!"GO".equals(in.readLine())) {
                throw new IllegalStateException("expected GO");
            }
            Runnable together = Race.barrier(threads);
            List<?> calls = Race.run(threads, budget, (thread, sink, go) -> {
                String me = who + "t" + thread;
                @SuppressWarnings({"unchecked", "rawtypes"})
                List<Object> raw = (List) sink;
                switch (scenario) {
                    case "advance-chain" -> Workloads.advanceChain(
                            store, Workloads.RACE_KEY, me, seed, maxOps, go, cast(raw));
                    case "same-slot" -> Workloads.sameSlot(
                            store, Workloads.slotKeys(maxOps, k -> k), me, together, cast(raw));
                    case "publish-chain" -> Workloads.publishChain(
                            publisher, Workloads.RACE_ALIAS, me, thread % 2 == 0, seed, maxOps, go, cast(raw));
                    case "status-cas" -> Workloads.statusCas(publisher, Workloads.CAS_ALIAS, me, maxOps, go, cast(raw));
                    default -> throw new IllegalArgumentException("unknown scenario " + scenario);
                }
            });
            for (Object c : calls) {
                out.println(
                        c instanceof History.Advance a
                                ? History.encode(a)
                                : c instanceof History.Publish p ? History.encode(p) : History.encode((History.Cas) c));
            }
            out.println("DONE");
            out.flush();
        }
    }

    @SuppressWarnings("unchecked")
    private static <T> List<T> cast(List<Object> l) {
        return (List<T>) l;
    }
}
