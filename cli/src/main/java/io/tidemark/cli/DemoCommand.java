package io.tidemark.cli;

import io.tidemark.BackendConfig;
import io.tidemark.TidemarkException;
import io.tidemark.discovery.Tidemark;
import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.NsRecord;
import io.tidemark.publisher.PublishResult;
import io.tidemark.publisher.Publisher;
import io.tidemark.tck.History;
import io.tidemark.tck.Race;
import io.tidemark.watermark.AdvanceResult;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code tidemark demo}: two signer instances race to sign the same levels and rounds with different payloads,
 * while a transactor and an indexer publish to one ledger and a watcher reads it; then it checks that no level and
 * round was signed with two payloads and that no head ever went backwards.
 *
 * <p>The race and the checks are the TCK's ({@link Race}, {@link History}), the same that rules W15 and P8 run.
 * It works on a watermark key and a ledger whose names carry a fresh 64-bit random suffix, checks that neither
 * exists before it starts, and removes exactly those two at the end (also when a check fails or an error stops
 * it), so it never reads, changes or removes anything else in the store it is pointed at.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description =
                "Race two signers and a transactor/indexer pair on one store (default: file backend in a temporary"
                        + " directory). With a config file (--config or TIDEMARK_CONFIG) it uses a fresh random key and ledger and removes them at the end.")
final class DemoCommand implements Callable<Integer> {
    static final int MIN_LEVELS = 1;
    static final int MAX_LEVELS = 1_000_000;

    @Spec
    CommandSpec spec;

    @Mixin
    Common common;

    @Option(names = "--keep", description = "Keep the temporary directory.")
    boolean keep;

    private int levels;

    private WatermarkKey key;
    private LedgerAlias ledger;
    private String store;
    /** With {@code --json}: the summary object, filled in as the demo goes. */
    private final Map<String, Object> summary = new LinkedHashMap<>();

    /** Parses and range-checks {@code --levels}: anything but a whole number in range is a usage error. */
    @Option(
            names = "--levels",
            paramLabel = "N",
            defaultValue = "200",
            description =
                    "Levels each signer signs, " + MIN_LEVELS + ".." + MAX_LEVELS + " (default ${DEFAULT-VALUE}).")
    void levels(String value) {
        try {
            levels = Integer.parseInt(value);
        } catch (NumberFormatException e) {
            levels = 0;
        }
        if (levels < MIN_LEVELS || levels > MAX_LEVELS) {
            throw new ParameterException(
                    spec.commandLine(),
                    "Invalid value for option '--levels': '" + value + "' is not a whole number in " + MIN_LEVELS + ".."
                            + MAX_LEVELS);
        }
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = common.json ? new PrintWriter(Writer.nullWriter()) : common.out();
        Path temp = null;
        BackendConfig wm;
        BackendConfig ns;
        if (common.configPath().isEmpty()) {
            temp = Files.createTempDirectory("tidemark-demo");
            wm = Common.fileStore(temp.toString());
            ns = wm;
        } else {
            wm = common.watermarkConfig();
            ns = common.publisherConfig();
        }
        store = temp == null ? common.configPath().get().toString() : "the file backend at " + temp;
        out.println("Tidemark demo on " + store);
        String run = HexFormat.of().toHexDigits(new SecureRandom().nextLong());
        key = new WatermarkKey("NetXdemo-" + run, "tz1DemoBaker", "block");
        ledger = new LedgerAlias("tidemark-demo-" + run, "main");
        try (WatermarkStore signerA = Tidemark.openWatermarkStore(wm);
                WatermarkStore signerB = Tidemark.openWatermarkStore(wm);
                Publisher transactorNs = Tidemark.openPublisher(ns);
                Publisher indexerNs = Tidemark.openPublisher(ns);
                Publisher watcherNs = Tidemark.openPublisher(ns)) {
            if (signerA.get(key).isPresent() || watcherNs.lookup(ledger).isPresent()) {
                throw new TidemarkException("demo key " + key + " or ledger " + ledger
                        + " already exists in the store; the demo touched nothing, run it again");
            }
            out.println("Scratch key " + key + " and ledger " + ledger + " (removed at the end)");
            try {
                return race(out, signerA, signerB, transactorNs, indexerNs, watcherNs);
            } finally {
                // Race.run returns only when every worker has stopped, so nothing writes the two after this.
                signerA.reset(key);
                transactorNs.delete(ledger);
            }
        } finally {
            if (temp != null && !keep) {
                delete(temp);
            }
        }
    }

    /**
     * Races the five workers with the TCK's harness ({@link Race}) and checks their histories with the TCK's
     * checks ({@link History}): the signers' calls as rule W15 checks a race on one key, the publishes as P8 does.
     */
    private int race(
            PrintWriter out,
            WatermarkStore signerA,
            WatermarkStore signerB,
            Publisher transactorNs,
            Publisher indexerNs,
            Publisher watcherNs) {
        AtomicInteger producing = new AtomicInteger(4);
        long[] seen = new long[2];
        List<Object> calls = Race.run(5, Duration.ofDays(365), (thread, sink, go) -> {
            try {
                switch (thread) {
                    case 0 -> sign("signer-A", signerA, go, sink);
                    case 1 -> sign("signer-B", signerB, go, sink);
                    case 2 -> transact(transactorNs, go, sink);
                    case 3 -> index(indexerNs, go, sink);
                    default -> watch(watcherNs, producing, go, seen);
                }
            } finally {
                if (thread < 4) {
                    producing.decrementAndGet();
                }
            }
        });
        List<History.Advance> signed = calls.stream()
                .filter(History.Advance.class::isInstance)
                .map(History.Advance.class::cast)
                .toList();
        List<History.Publish> published = calls.stream()
                .filter(History.Publish.class::isInstance)
                .map(History.Publish.class::cast)
                .toList();

        out.println("Two signer instances race to sign " + key + " levels 1.." + levels
                + ", rounds 0..1, each with its own payloads:");
        Map<String, Object> signers = new LinkedHashMap<>();
        Map<String, Object> publishers = new LinkedHashMap<>();
        for (String signer : List.of("signer-A", "signer-B")) {
            long ok = signed.stream()
                    .filter(c -> c.who().equals(signer) && c.result().maySign())
                    .count();
            out.printf("  %s  attempted %d  signed %d  refused %d%n", signer, 2 * levels, ok, 2 * levels - ok);
            signers.put(signer, counts(2 * levels, "signed", ok, "refused", 2 * levels - ok));
        }
        out.println("A transactor and an indexer publish to " + ledger + " at the same time, a watcher reads it:");
        String counts = "  %-10s  attempted %d  updated %d  unchanged %d  stale %d%n";
        for (String who : List.of("transactor", "indexer")) {
            List<History.Publish> mine =
                    published.stream().filter(p -> p.who().equals(who)).toList();
            out.printf(counts, who, mine.size(), outcomes(mine, 'U'), outcomes(mine, 'N'), outcomes(mine, 'S'));
            publishers.put(
                    who,
                    counts(
                            mine.size(),
                            "updated",
                            outcomes(mine, 'U'),
                            "unchanged",
                            outcomes(mine, 'N'),
                            "stale",
                            outcomes(mine, 'S')));
        }
        out.printf("  watcher     looked up %d times%n", seen[0]);
        summary.put("store", store);
        summary.put("key", JsonText.key(key));
        summary.put("alias", ledger.toString());
        summary.put("levels", levels);
        summary.put("signers", signers);
        summary.put("publishers", publishers);
        summary.put("lookups", seen[0]);

        out.println("Final check:");
        Map<String, Set<String>> bySlot = new HashMap<>();
        signed.stream().filter(c -> c.result().maySign()).forEach(c -> bySlot.computeIfAbsent(
                        c.candidate().level() + "/" + c.candidate().round(), k -> new TreeSet<>())
                .add(c.candidate().digest()));
        long doubles = bySlot.values().stream().filter(d -> d.size() > 1).count();
        Optional<Watermark> top = Optional.empty();
        String chain = null;
        try {
            top = History.checkAdvances(signed, true);
        } catch (AssertionError e) {
            chain = e.getMessage();
        }
        boolean ok = check(
                out,
                chain == null,
                "no level/round was signed with two payloads ("
                        + bySlot.values().stream().mapToInt(Set::size).sum() + " signatures over " + bySlot.size()
                        + " slots, "
                        + doubles + " double) and the applied marks form one increasing chain"
                        + (chain == null ? "" : ": " + chain.replaceAll("\\s+", " ")));
        ok &= check(
                out, seen[1] == 0, "no head went backwards in " + seen[0] + " lookups (" + seen[1] + " regressions)");
        Optional<Watermark> last = signerA.get(key);
        ok &= check(
                out,
                top.isPresent() && last.equals(top),
                "stored mark " + last.map(Render::mark).orElse("(none)") + " is the highest signed");
        Optional<History.Head> commit = Optional.empty();
        Optional<History.Head> index = Optional.empty();
        String heads = null;
        try {
            commit = History.checkPublishes(published, true, true);
            index = History.checkPublishes(published, false, true);
        } catch (AssertionError e) {
            heads = e.getMessage();
        }
        Optional<NsRecord> r = watcherNs.lookup(ledger);
        long commitT = r.map(x -> x.commitT().orElse(-1)).orElse(-1L);
        long indexT = r.map(x -> x.indexT().orElse(-1)).orElse(-1L);
        long lastIndex = levels >= 5 ? levels / 5 * 5 : -1;
        ok &= check(
                out,
                heads == null
                        && commitT == levels
                        && indexT == lastIndex
                        && History.Head.of(r, true).equals(commit)
                        && History.Head.of(r, false).equals(index),
                "final commit t " + commitT + " and index t " + indexT + " are the highest published"
                        + (heads == null ? "" : ": " + heads.replaceAll("\\s+", " ")));
        out.println(ok ? "ALL CHECKS PASSED" : "CHECKS FAILED");
        if (common.json) {
            Map<String, Object> o = Output.outcome(ok ? "passed" : "failed");
            o.putAll(summary);
            common.out().println(JsonText.write(o));
        }
        return ok ? TidemarkCli.OK : TidemarkCli.ERROR;
    }

    /** {@code {"attempted":n, name:count, ...}} in this order. */
    private static Map<String, Object> counts(long attempted, Object... namesAndCounts) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("attempted", attempted);
        for (int i = 0; i < namesAndCounts.length; i += 2) {
            o.put((String) namesAndCounts[i], namesAndCounts[i + 1]);
        }
        return o;
    }

    private static long outcomes(List<History.Publish> calls, char outcome) {
        return calls.stream().filter(c -> c.outcome() == outcome).count();
    }

    /** Prints one check: {@code PASS what}, or with {@code --json} {@code {"outcome":"passed","check":what}}. */
    private boolean check(PrintWriter out, boolean ok, String what) {
        out.println("  " + (ok ? "PASS" : "FAIL") + "  " + what);
        if (common.json) {
            Map<String, Object> o = Output.outcome(ok ? "passed" : "failed");
            o.put("check", what);
            common.out().println(JsonText.write(o));
        }
        return ok;
    }

    private void sign(String name, WatermarkStore store, BooleanSupplier go, List<Object> calls) {
        for (long level = 1; level <= levels && go.getAsBoolean(); level++) {
            for (int round = 0; round <= 1; round++) {
                Watermark mark = new Watermark(level, round, "payload-" + name + "-" + level + "-" + round);
                long start = System.nanoTime();
                AdvanceResult r = store.advance(key, mark);
                calls.add(new History.Advance(name, key.toString(), mark, r, start, System.nanoTime()));
            }
        }
    }

    /** Commits t = 1..levels; every 10th t also retries itself (unchanged) and an older t (stale). */
    private void transact(Publisher p, BooleanSupplier go, List<Object> calls) {
        for (long t = 1; t <= levels && go.getAsBoolean(); t++) {
            publish(p, "transactor", true, t, calls);
            if (t % 10 == 0) {
                publish(p, "transactor", true, t, calls);
                publish(p, "transactor", true, t - 3, calls);
            }
        }
    }

    /** Indexes every 5th t. */
    private void index(Publisher p, BooleanSupplier go, List<Object> calls) {
        for (long t = 5; t <= levels && go.getAsBoolean(); t += 5) {
            publish(p, "indexer", false, t, calls);
        }
    }

    private void publish(Publisher p, String who, boolean commit, long t, List<Object> calls) {
        History.Head head = new History.Head("fluree:file://demo/" + (commit ? "commit/" : "index/") + t, t);
        long start = System.nanoTime();
        PublishResult r =
                commit ? p.publishCommit(ledger, head.address(), t) : p.publishIndex(ledger, head.address(), t);
        calls.add(History.Publish.of(who, commit, head, r, start, System.nanoTime()));
    }

    /** Reads the ledger until the producers stop; counts {lookups, regressions} into {@code seen}. */
    private void watch(Publisher p, AtomicInteger producing, BooleanSupplier go, long[] seen) {
        long commit = -1;
        long index = -1;
        do {
            NsRecord r = p.lookup(ledger).orElse(null);
            seen[0]++;
            if (r != null) {
                long c = r.commitT().orElse(-1);
                long i = r.indexT().orElse(-1);
                seen[1] += (c < commit ? 1 : 0) + (i < index ? 1 : 0);
                commit = Math.max(commit, c);
                index = Math.max(index, i);
            }
        } while (producing.get() > 0 && go.getAsBoolean());
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
