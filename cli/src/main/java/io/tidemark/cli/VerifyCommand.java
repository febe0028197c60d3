package io.tidemark.cli;

import io.tidemark.publisher.CasResult;
import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.NsRecord;
import io.tidemark.publisher.PublishResult;
import io.tidemark.publisher.Publisher;
import io.tidemark.watermark.AdvanceResult;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code tidemark verify}: a non-destructive subset of the TCK against the configured live backend, on a scratch
 * key prefix ({@code tidemark-verify-<random>}) that it removes afterwards: the operator's check that the real table,
 * permissions and network behave before going live.
 */
@Command(name = "verify", mixinStandardHelpOptions = true,
    description = "Check the configured backend against the core TCK rules, on scratch keys it cleans up.")
final class VerifyCommand implements Callable<Integer> {
  @Mixin Common common;

  private record Rule(String id, String what, Supplier<String> check) {}

  /** A rule failed; the message says what was seen. */
  private static final class Failed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Failed(String message) {
      super(message);
    }
  }

  private static void expect(boolean ok, String seen) {
    if (!ok) {
      throw new Failed(seen);
    }
  }

  @Override
  public Integer call() throws Exception {
    String scratch = "tidemark-verify-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt());
    List<Rule> rules = new ArrayList<>();
    List<AutoCloseable> open = new ArrayList<>();
    List<Runnable> cleanup = new ArrayList<>();
    boolean anything = false;
    Optional<io.tidemark.config.TidemarkConfig> file = common.configPath().map(io.tidemark.config.TidemarkConfig::load);
    if (file.isEmpty() || file.get().watermark().isPresent()) {
      WatermarkStore s = common.openWatermarkStore();
      open.add(s);
      watermarkRules(s, scratch, rules, cleanup);
      anything = true;
    }
    if (file.isEmpty() || file.get().publisher().isPresent()) {
      Publisher p = common.openPublisher();
      open.add(p);
      publisherRules(p, new LedgerAlias(scratch, "main"), rules, cleanup);
      anything = true;
    }
    PrintWriter out = common.out();
    int passed = 0;
    int failed = 0;
    try {
      out.printf("%-5s %-5s %s%n", "RULE", "RESULT", "CHECK");
      for (Rule r : rules) {
        String result;
        String detail;
        try {
          detail = r.check.get();
          result = "PASS";
          passed++;
        } catch (RuntimeException e) {
          detail = e.getMessage();
          result = "FAIL";
          failed++;
        }
        out.printf("%-5s %-5s %s%s%n", r.id, result, r.what, detail == null || detail.isEmpty() ? "" : ": " + detail);
      }
    } finally {
      cleanup.forEach(c -> {
        try {
          c.run();
        } catch (RuntimeException e) {
          out.println("cleanup failed: " + e.getMessage());
        }
      });
      for (AutoCloseable c : open) {
        c.close();
      }
    }
    out.println(passed + " passed, " + failed + " failed" + (anything ? " (scratch keys " + scratch + " removed)" : ""));
    return failed == 0 ? TidemarkCli.OK : TidemarkCli.ERROR;
  }

  private static void watermarkRules(WatermarkStore s, String scratch, List<Rule> rules, List<Runnable> cleanup) {
    WatermarkKey k = new WatermarkKey(scratch, "tz1verify", "block");
    WatermarkKey other = new WatermarkKey(scratch, "tz1verify", "attestation");
    WatermarkKey slot = new WatermarkKey(scratch, "tz1verify", "race");
    cleanup.add(() -> List.of(k, other, slot).forEach(s::reset));
    Watermark m10 = new Watermark(10, 0, "vhA");
    rules.add(new Rule("W1", "first advance on an empty key", () -> {
      AdvanceResult r = s.advance(k, m10);
      expect(r.equals(new AdvanceResult.Advanced(Optional.empty())), "got " + r);
      expect(s.get(k).equals(Optional.of(m10)), "get returned " + s.get(k));
      return "";
    }));
    rules.add(new Rule("W2", "higher level advances", () -> {
      AdvanceResult r = s.advance(k, new Watermark(11, 0, "vhB"));
      expect(r.equals(new AdvanceResult.Advanced(Optional.of(m10))), "got " + r);
      return "";
    }));
    rules.add(new Rule("W3", "equal level, higher round advances", () -> {
      AdvanceResult r = s.advance(k, new Watermark(11, 1, "vhC"));
      expect(r instanceof AdvanceResult.Advanced, "got " + r);
      return "";
    }));
    rules.add(new Rule("W4", "same mark again is REPEATED", () -> {
      AdvanceResult r = s.advance(k, new Watermark(11, 1, "vhC"));
      expect(r.equals(new AdvanceResult.Repeated(new Watermark(11, 1, "vhC"))), "got " + r);
      return "";
    }));
    rules.add(new Rule("W5", "same level and round, other digest is REFUSED", () -> {
      AdvanceResult r = s.advance(k, new Watermark(11, 1, "vhc"));
      expect(r.equals(new AdvanceResult.Refused(new Watermark(11, 1, "vhC"))), "got " + r);
      return "";
    }));
    rules.add(new Rule("W6", "lower round is REFUSED", () -> {
      expect(s.advance(k, new Watermark(11, 0, "vhC")) instanceof AdvanceResult.Refused, "not refused");
      return "";
    }));
    rules.add(new Rule("W7", "lower level is REFUSED whatever the round", () -> {
      expect(s.advance(k, new Watermark(10, 99, "vhC")) instanceof AdvanceResult.Refused, "not refused");
      return "";
    }));
    rules.add(new Rule("W10", "kinds are independent", () -> {
      expect(s.advance(other, new Watermark(9, 0, "vhA")) instanceof AdvanceResult.Advanced, "attestation 9 held back by block 11");
      return "";
    }));
    rules.add(new Rule("W12", "reset removes the mark", () -> {
      expect(s.reset(other), "reset returned false");
      expect(s.get(other).isEmpty(), "mark still there");
      return "";
    }));
    rules.add(new Rule("W16", "racers at one level/round: exactly one wins", () -> {
      List<AdvanceResult> results = race(4, i -> s.advance(slot, new Watermark(100, 0, "racer-" + i)));
      long winners = results.stream().filter(r -> r instanceof AdvanceResult.Advanced).count();
      expect(winners == 1, winners + " racers advanced");
      return "4 racers, 1 winner";
    }));
  }

  private static void publisherRules(Publisher p, LedgerAlias a, List<Rule> rules, List<Runnable> cleanup) {
    cleanup.add(() -> p.delete(a));
    rules.add(new Rule("P1", "first commit creates the record", () -> {
      PublishResult r = p.publishCommit(a, "verify/c1", 1);
      expect(r instanceof PublishResult.Updated u && u.previous().isEmpty(), "got " + r);
      NsRecord c = r.current();
      expect(c.status().equals("ready") && c.statusV() == 1 && c.configV() == 0, "defaults were " + c.status() + "/" + c.statusV() + "/" + c.configV());
      return "";
    }));
    rules.add(new Rule("P2", "higher commit t updates", () -> {
      expect(p.publishCommit(a, "verify/c2", 2).applied(), "not applied");
      return "";
    }));
    rules.add(new Rule("P3", "same t and address is UNCHANGED", () -> {
      expect(p.publishCommit(a, "verify/c2", 2) instanceof PublishResult.Unchanged, "not unchanged");
      return "";
    }));
    rules.add(new Rule("P4", "same t, other address is STALE", () -> {
      expect(p.publishCommit(a, "verify/other", 2) instanceof PublishResult.Stale, "not stale");
      return "";
    }));
    rules.add(new Rule("P5", "lower t is STALE", () -> {
      expect(p.publishCommit(a, "verify/c1", 1) instanceof PublishResult.Stale, "not stale");
      return "";
    }));
    rules.add(new Rule("P7", "index publish leaves the commit alone", () -> {
      NsRecord r = p.publishIndex(a, "verify/i1", 1).current();
      expect(r.commitT().orElse(-1) == 2 && r.commitAddress().orElse("").equals("verify/c2"), "commit is now " + r.commitT());
      return "";
    }));
    rules.add(new Rule("P10", "retract bumps status_v", () -> {
      NsRecord r = p.retract(a).orElseThrow(() -> new Failed("record vanished"));
      expect(r.status().equals("retracted") && r.statusV() == 2, "got " + r.status() + " v" + r.statusV());
      return "";
    }));
    rules.add(new Rule("P12", "status compare-and-set on status_v", () -> {
      expect(p.pushStatus(a, 2, "ready", Map.of("checked", true)).applied(), "expected v2 not applied");
      expect(!p.pushStatus(a, 2, "ready", Map.of()).applied(), "stale v2 applied");
      return "";
    }));
    rules.add(new Rule("P13", "config compare-and-set on config_v", () -> {
      expect(p.pushConfig(a, 0, Map.of("n", 1), Optional.empty()).applied(), "expected v0 not applied");
      expect(!p.pushConfig(a, 0, Map.of(), Optional.empty()).applied(), "stale v0 applied");
      return "";
    }));
    rules.add(new Rule("P14", "racing compare-and-sets: exactly one wins", () -> {
      List<CasResult> results = race(4, i -> p.pushStatus(a, 3, "racer-" + i, Map.of()));
      long winners = results.stream().filter(CasResult::applied).count();
      expect(winners == 1, winners + " applied");
      return "4 racers, 1 winner";
    }));
  }

  private static <T> List<T> race(int n, java.util.function.IntFunction<T> op) {
    ExecutorService pool = Executors.newFixedThreadPool(n);
    try {
      CountDownLatch start = new CountDownLatch(1);
      List<Future<T>> fs = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int id = i;
        fs.add(pool.submit(() -> {
          start.await();
          return op.apply(id);
        }));
      }
      start.countDown();
      List<T> out = new ArrayList<>();
      for (Future<T> f : fs) {
        out.add(f.get());
      }
      return out;
    } catch (Exception e) {
      throw new Failed("race failed: " + (e.getCause() == null ? e : e.getCause()).getMessage());
    } finally {
      pool.shutdownNow();
    }
  }
}
