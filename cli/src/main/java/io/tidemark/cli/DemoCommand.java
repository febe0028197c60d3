package io.tidemark.cli;

import io.tidemark.InvalidInputException;
import io.tidemark.discovery.Tidemark;
import io.tidemark.TidemarkException;
import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.NsRecord;
import io.tidemark.publisher.PublishResult;
import io.tidemark.publisher.Publisher;
import io.tidemark.BackendConfig;
import io.tidemark.watermark.AdvanceResult;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
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
 * <p>It works on a watermark key and a ledger whose names carry a fresh 64-bit random suffix, checks that neither
 * exists before it starts, and removes exactly those two at the end (also when a check fails or an error stops
 * it), so it never reads, changes or removes anything else in the store it is pointed at.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
    description = "Race two signers and a transactor/indexer pair on one store (default: file backend in a temporary"
        + " directory). With --config it uses a fresh random key and ledger and removes them at the end.")
final class DemoCommand implements Callable<Integer> {
  static final int MIN_LEVELS = 1;
  static final int MAX_LEVELS = 1_000_000;

  @Spec CommandSpec spec;
  @Mixin Common common;
  @Option(names = "--keep", description = "Keep the temporary directory.") boolean keep;
  private int levels;

  private WatermarkKey key;
  private LedgerAlias ledger;
  /** Set when the run ends early: the workers stop before the scratch key and ledger are removed. */
  private final AtomicBoolean stop = new AtomicBoolean();

  /** Parses and range-checks {@code --levels}: anything but a whole number in range is a usage error. */
  @Option(names = "--levels", paramLabel = "N", defaultValue = "200",
      description = "Levels each signer signs, " + MIN_LEVELS + ".." + MAX_LEVELS + " (default ${DEFAULT-VALUE}).")
  void levels(String value) {
    try {
      levels = Integer.parseInt(value);
    } catch (NumberFormatException e) {
      levels = 0;
    }
    if (levels < MIN_LEVELS || levels > MAX_LEVELS) {
      throw new ParameterException(spec.commandLine(), "Invalid value for option '--levels': '" + value
          + "' is not a whole number in " + MIN_LEVELS + ".." + MAX_LEVELS);
    }
  }

  private record Signed(String signer, long level, int round, String digest) {}

  @Override
  public Integer call() throws Exception {
    PrintWriter out = common.out();
    Path temp = null;
    BackendConfig wm;
    BackendConfig ns;
    if (common.config == null) {
      temp = Files.createTempDirectory("tidemark-demo");
      wm = Common.fileStore(temp.toString());
      ns = wm;
    } else {
      wm = common.watermarkConfig();
      ns = common.publisherConfig();
    }
    out.println("Tidemark demo on " + (temp == null ? common.config.toString() : "the file backend at " + temp));
    ExecutorService pool = Executors.newFixedThreadPool(5);
    String run = HexFormat.of().toHexDigits(new SecureRandom().nextLong());
    key = new WatermarkKey("NetXdemo-" + run, "tz1DemoBaker", "block");
    ledger = new LedgerAlias("tidemark-demo-" + run, "main");
    try (WatermarkStore signerA = Tidemark.openWatermarkStore(wm); WatermarkStore signerB = Tidemark.openWatermarkStore(wm);
        Publisher transactorNs = Tidemark.openPublisher(ns); Publisher indexerNs = Tidemark.openPublisher(ns);
        Publisher watcherNs = Tidemark.openPublisher(ns)) {
      if (signerA.get(key).isPresent() || watcherNs.lookup(ledger).isPresent()) {
        throw new InvalidInputException("demo key or ledger", key + " " + ledger,
            "already exists in the store; the demo touched nothing, run it again");
      }
      out.println("Scratch key " + key + " and ledger " + ledger + " (removed at the end)");
      try {
        return race(out, signerA, signerB, transactorNs, indexerNs, watcherNs, pool);
      } finally {
        stop.set(true);
        pool.shutdown();
        if (!pool.awaitTermination(1, TimeUnit.MINUTES)) {
          throw new TidemarkException("demo workers did not stop; " + key + " and " + ledger + " were left in place");
        }
        signerA.reset(key);
        transactorNs.delete(ledger);
      }
    } finally {
      pool.shutdownNow();
      if (temp != null && !keep) {
        delete(temp);
      }
    }
  }

  private int race(PrintWriter out, WatermarkStore signerA, WatermarkStore signerB, Publisher transactorNs,
      Publisher indexerNs, Publisher watcherNs, ExecutorService pool) throws Exception {
    CountDownLatch start = new CountDownLatch(1);
    AtomicBoolean producing = new AtomicBoolean(true);
    Future<List<Signed>> a = pool.submit(() -> sign("signer-A", signerA, start));
    Future<List<Signed>> b = pool.submit(() -> sign("signer-B", signerB, start));
    Future<int[]> tx = pool.submit(() -> transact(transactorNs, start));
    Future<int[]> ix = pool.submit(() -> index(indexerNs, start));
    Future<long[]> watch = pool.submit(() -> watch(watcherNs, start, producing));
    start.countDown();
    List<Signed> signedA;
    List<Signed> signedB;
    int[] txc;
    int[] ixc;
    try {
      signedA = a.get();
      signedB = b.get();
      txc = tx.get();
      ixc = ix.get();
    } finally {
      producing.set(false);
    }
    long[] seen = watch.get();

    out.println("Two signer instances race to sign " + key + " levels 1.." + levels
        + ", rounds 0..1, each with its own payloads:");
    for (List<Signed> signed : List.of(signedA, signedB)) {
      out.printf("  %s  attempted %d  signed %d  refused %d%n", signed == signedA ? "signer-A" : "signer-B", 2 * levels,
          signed.size(), 2 * levels - signed.size());
    }
    out.println("A transactor and an indexer publish to " + ledger + " at the same time, a watcher reads it:");
    String counts = "  %-10s  attempted %d  updated %d  unchanged %d  stale %d%n";
    out.printf(counts, "transactor", txc[0] + txc[1] + txc[2], txc[0], txc[1], txc[2]);
    out.printf(counts, "indexer", ixc[0] + ixc[1] + ixc[2], ixc[0], ixc[1], ixc[2]);
    out.printf("  watcher     looked up %d times%n", seen[0]);

    out.println("Final check:");
    Map<String, Set<String>> bySlot = new HashMap<>();
    Stream.concat(signedA.stream(), signedB.stream())
        .forEach(s -> bySlot.computeIfAbsent(s.level + "/" + s.round, k -> new TreeSet<>()).add(s.digest));
    long doubles = bySlot.values().stream().filter(d -> d.size() > 1).count();
    boolean ok = check(out, doubles == 0, "no level/round was signed with two payloads ("
        + (signedA.size() + signedB.size()) + " signatures over " + bySlot.size() + " slots, " + doubles + " double)");
    ok &= check(out, seen[1] == 0, "no head went backwards in " + seen[0] + " lookups (" + seen[1] + " regressions)");
    Watermark last = signerA.get(key).orElseThrow();
    Signed top = Stream.concat(signedA.stream(), signedB.stream())
        .max(Comparator.comparingLong(Signed::level).thenComparingInt(Signed::round)).orElseThrow();
    ok &= check(out, last.level() == top.level && last.round() == top.round && last.digest().equals(top.digest),
        "stored mark " + Render.mark(last) + " is the highest signed");
    NsRecord r = watcherNs.lookup(ledger).orElseThrow();
    long lastIndex = levels >= 5 ? levels / 5 * 5 : -1;
    ok &= check(out, r.commitT().orElse(-1) == levels && r.indexT().orElse(-1) == lastIndex,
        "final commit t " + r.commitT().orElse(-1) + " and index t " + r.indexT().orElse(-1)
            + " are the highest published");
    out.println(ok ? "ALL CHECKS PASSED" : "CHECKS FAILED");
    return ok ? TidemarkCli.OK : TidemarkCli.ERROR;
  }

  private static boolean check(PrintWriter out, boolean ok, String what) {
    out.println("  " + (ok ? "PASS" : "FAIL") + "  " + what);
    return ok;
  }

  private List<Signed> sign(String name, WatermarkStore store, CountDownLatch start) throws InterruptedException {
    start.await();
    List<Signed> signed = new ArrayList<>();
    for (long level = 1; level <= levels && !stop.get(); level++) {
      for (int round = 0; round <= 1; round++) {
        String digest = "payload-" + name + "-" + level + "-" + round;
        AdvanceResult r = store.advance(key, new Watermark(level, round, digest));
        if (r.maySign()) {
          signed.add(new Signed(name, level, round, digest));
        }
      }
    }
    return signed;
  }

  /** Commits t = 1..levels; every 10th t also retries itself (unchanged) and an older t (stale). */
  private int[] transact(Publisher p, CountDownLatch start) throws InterruptedException {
    start.await();
    int[] c = new int[3];
    for (long t = 1; t <= levels && !stop.get(); t++) {
      count(c, p.publishCommit(ledger, "fluree:file://demo/commit/" + t, t));
      if (t % 10 == 0) {
        count(c, p.publishCommit(ledger, "fluree:file://demo/commit/" + t, t));
        count(c, p.publishCommit(ledger, "fluree:file://demo/commit/" + (t - 3), t - 3));
      }
    }
    return c;
  }

  /** Indexes every 5th t. */
  private int[] index(Publisher p, CountDownLatch start) throws InterruptedException {
    start.await();
    int[] c = new int[3];
    for (long t = 5; t <= levels && !stop.get(); t += 5) {
      count(c, p.publishIndex(ledger, "fluree:file://demo/index/" + t, t));
    }
    return c;
  }

  private static void count(int[] c, PublishResult r) {
    c[r.applied() ? 0 : r instanceof PublishResult.Unchanged ? 1 : 2]++;
  }

  /** Reads the ledger until the producers stop; returns {lookups, regressions}. */
  private long[] watch(Publisher p, CountDownLatch start, AtomicBoolean producing) throws InterruptedException {
    start.await();
    long lookups = 0;
    long regressions = 0;
    long commit = -1;
    long index = -1;
    do {
      NsRecord r = p.lookup(ledger).orElse(null);
      lookups++;
      if (r != null) {
        long c = r.commitT().orElse(-1);
        long i = r.indexT().orElse(-1);
        regressions += (c < commit ? 1 : 0) + (i < index ? 1 : 0);
        commit = Math.max(commit, c);
        index = Math.max(index, i);
      }
    } while (producing.get() && !stop.get());
    return new long[] {lookups, regressions};
  }

  private static void delete(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
