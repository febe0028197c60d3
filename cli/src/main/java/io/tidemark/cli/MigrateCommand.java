package io.tidemark.cli;

import io.tidemark.InvalidConfigException;
import io.tidemark.StoreNotFoundException;
import io.tidemark.discovery.Tidemark;
import io.tidemark.config.TidemarkConfig;
import io.tidemark.publisher.CasResult;
import io.tidemark.publisher.NsRecord;
import io.tidemark.publisher.PublishResult;
import io.tidemark.publisher.Publisher;
import io.tidemark.BackendConfig;
import io.tidemark.watermark.AdvanceResult;
import io.tidemark.watermark.StoredWatermark;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkStore;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tidemark migrate}: copies every mark and record through the contract operations, so the target's own
 * monotonic rules apply: nothing newer at the target is ever lowered, and a second run finds everything present.
 * Versions are replayed with compare-and-sets up to the source's; {@code updated_at} is the target's own time.
 * Items that cannot be copied are counted and reported on one error line (each on its own with {@code --verbose}).
 * The source is opened without creating it: a contract whose source store is missing is skipped, and when every
 * source store is missing (a mistyped location) the command fails with exit 4 instead of copying an empty store.
 */
@Command(name = "migrate", mixinStandardHelpOptions = true,
    description = "Copy every mark and record from one store to another, never lowering the target.")
final class MigrateCommand implements Callable<Integer> {
  @Mixin Common common;
  @Option(names = "--from", required = true, paramLabel = "CONFIG") Path from;
  @Option(names = "--to", required = true, paramLabel = "CONFIG") Path to;
  @Option(names = "--dry-run", description = "Report what would be copied; write nothing.") boolean dryRun;

  enum Outcome { COPIED, PRESENT, NEWER_AT_TARGET, FAILED }

  @Override
  public Integer call() {
    TidemarkConfig src = TidemarkConfig.load(from);
    TidemarkConfig dst = TidemarkConfig.load(to);
    boolean marks = src.watermark().isPresent() && dst.watermark().isPresent();
    boolean records = src.publisher().isPresent() && dst.publisher().isPresent();
    if (!marks && !records) {
      throw new InvalidConfigException(from + " and " + to + " share no contract to migrate (both need 'watermark' or both 'publisher')");
    }
    if (marks && same(src.requireWatermark(), dst.requireWatermark()) || records && same(src.requirePublisher(), dst.requirePublisher())) {
      throw new InvalidConfigException("source and target are the same store; refusing to migrate onto itself");
    }
    PrintWriter out = common.out();
    Map<String, Map<Outcome, Integer>> summary = new TreeMap<>();
    // Read the source first, creating nothing: a contract whose source store is missing has nothing to copy, and
    // when every source store is missing the location is wrong (exit 4), not an empty store.
    List<StoredWatermark> srcMarks = null;
    List<NsRecord> srcRecords = null;
    StoreNotFoundException missing = null;
    if (marks) {
      try (WatermarkStore s = Tidemark.openWatermarkStore(src.requireWatermark().withCreate(false));
          Stream<StoredWatermark> all = s.list()) {
        srcMarks = all.toList();
      } catch (StoreNotFoundException e) {
        missing = e;
      }
    }
    if (records) {
      try (Publisher s = Tidemark.openPublisher(src.requirePublisher().withCreate(false));
          Stream<NsRecord> all = s.allRecords()) {
        srcRecords = all.toList();
      } catch (StoreNotFoundException e) {
        missing = missing == null ? e : missing;
      }
    }
    if (srcMarks == null && srcRecords == null) {
      throw missing;
    }
    if (srcMarks != null) {
      List<StoredWatermark> list = srcMarks;
      try (WatermarkStore d = Tidemark.openWatermarkStore(dst.requireWatermark())) {
        summary.put("marks", run("marks", list, w -> mark(d, w)));
      }
    }
    if (srcRecords != null) {
      List<NsRecord> list = srcRecords;
      try (Publisher d = Tidemark.openPublisher(dst.requirePublisher())) {
        summary.put("records", run("records", list, r -> record(d, r)));
      }
    }
    int failed = 0;
    for (Map.Entry<String, Map<Outcome, Integer>> e : summary.entrySet()) {
      Map<Outcome, Integer> c = e.getValue();
      failed += c.get(Outcome.FAILED);
      if (common.json) {
        out.println("{\"what\":\"" + e.getKey() + "\",\"dry_run\":" + dryRun + ",\"copied\":" + c.get(Outcome.COPIED)
            + ",\"already_present\":" + c.get(Outcome.PRESENT) + ",\"newer_at_target\":" + c.get(Outcome.NEWER_AT_TARGET)
            + ",\"failed\":" + c.get(Outcome.FAILED) + "}");
      } else {
        out.println(e.getKey() + (dryRun ? " (dry run)" : "") + ": " + (dryRun ? "would copy " : "copied ") + c.get(Outcome.COPIED)
            + ", already present " + c.get(Outcome.PRESENT) + ", newer at target " + c.get(Outcome.NEWER_AT_TARGET)
            + ", failed " + c.get(Outcome.FAILED));
      }
    }
    return failed == 0 ? TidemarkCli.OK : TidemarkCli.ERROR;
  }

  private <T> Map<Outcome, Integer> run(String what, List<T> items, java.util.function.Function<T, Outcome> op) {
    Map<Outcome, Integer> counts = new TreeMap<>();
    for (Outcome o : Outcome.values()) {
      counts.put(o, 0);
    }
    boolean tty = System.console() != null && !common.json;
    PrintWriter err = common.spec.commandLine().getErr();
    String firstFailure = null;
    int done = 0;
    for (T item : items) {
      Outcome o;
      try {
        o = op.apply(item);
      } catch (RuntimeException e) {
        o = Outcome.FAILED;
        String line = item + ": " + e.getMessage();
        firstFailure = firstFailure == null ? line : firstFailure;
        if (common.verbose) {
          err.println(TidemarkCli.oneLine("tidemark: " + what + ": " + line));
        }
      }
      counts.merge(o, 1, Integer::sum);
      done++;
      if (tty && (done % 10 == 0 || done == items.size())) {
        int bar = items.isEmpty() ? 30 : done * 30 / items.size();
        System.err.print("\r" + what + " [" + "#".repeat(bar) + " ".repeat(30 - bar) + "] " + done + "/" + items.size());
        if (done == items.size()) {
          System.err.println();
        }
      }
    }
    if (firstFailure != null && !common.verbose) {
      err.println(TidemarkCli.oneLine("tidemark: " + what + ": " + counts.get(Outcome.FAILED) + " failed; first: "
          + firstFailure + " (--verbose lists each)"));
    }
    return counts;
  }

  private Outcome mark(WatermarkStore target, StoredWatermark w) {
    AdvanceResult r = dryRun ? Watermark.decide(target.get(w.key()), w.mark()) : target.advance(w.key(), w.mark());
    if (r instanceof AdvanceResult.Advanced) {
      return Outcome.COPIED;
    }
    if (r instanceof AdvanceResult.Repeated) {
      return Outcome.PRESENT;
    }
    Watermark current = ((AdvanceResult.Refused) r).current();
    if (current.sameSlot(w.mark())) {
      throw new IllegalStateException("the target signed another digest at " + Render.mark(current));
    }
    return Outcome.NEWER_AT_TARGET;
  }

  private Outcome record(Publisher target, NsRecord src) {
    Optional<NsRecord> before = target.lookup(src.alias());
    if (before.isEmpty() && src.commitT().isEmpty() && src.indexT().isEmpty()) {
      throw new IllegalStateException("has no head to create it with at the target");
    }
    if (dryRun) {
      return plan(src, before);
    }
    boolean copied = false;
    boolean newer = false;
    if (src.commitT().isPresent()) {
      PublishResult r = target.publishCommit(src.alias(), src.commitAddress().get(), src.commitT().getAsLong());
      copied |= r.applied();
      newer |= r instanceof PublishResult.Stale;
    }
    if (src.indexT().isPresent()) {
      PublishResult r = target.publishIndex(src.alias(), src.indexAddress().get(), src.indexT().getAsLong());
      copied |= r.applied();
      newer |= r instanceof PublishResult.Stale;
    }
    NsRecord now = target.lookup(src.alias()).orElseThrow();
    if (now.statusV() > src.statusV() || now.configV() > src.configV()) {
      newer = true;
    }
    for (long v = now.statusV(); v < src.statusV(); v++) {
      CasResult r = target.pushStatus(src.alias(), v, src.status(), src.statusMeta());
      if (!r.applied()) {
        throw new IllegalStateException("status changed at the target during the migration");
      }
      copied = true;
    }
    for (long v = now.configV(); v < src.configV(); v++) {
      CasResult r = target.pushConfig(src.alias(), v, src.configMeta(), src.defaultContextAddress());
      if (!r.applied()) {
        throw new IllegalStateException("config changed at the target during the migration");
      }
      copied = true;
    }
    return copied ? Outcome.COPIED : newer ? Outcome.NEWER_AT_TARGET : Outcome.PRESENT;
  }

  private static Outcome plan(NsRecord src, Optional<NsRecord> target) {
    if (target.isEmpty()) {
      return Outcome.COPIED;
    }
    NsRecord t = target.get();
    boolean behind = src.commitT().orElse(-1) > t.commitT().orElse(-1) || src.indexT().orElse(-1) > t.indexT().orElse(-1)
        || src.statusV() > t.statusV() || src.configV() > t.configV();
    boolean ahead = src.commitT().orElse(-1) < t.commitT().orElse(-1) || src.indexT().orElse(-1) < t.indexT().orElse(-1)
        || src.statusV() < t.statusV() || src.configV() < t.configV();
    return behind ? Outcome.COPIED : ahead ? Outcome.NEWER_AT_TARGET : Outcome.PRESENT;
  }

  /**
   * Same backend and same settings, with {@code base_dir} / {@code path} compared as the stores resolve them: relative
   * to the config file's directory ({@link BackendConfig#path}), absolute, and, when the path exists, real (symlinks
   * and {@code ..} resolved), so two spellings of one directory are one store.
   */
  static boolean same(BackendConfig a, BackendConfig b) {
    if (Tidemark.provider(a.driver()).getClass() != Tidemark.provider(b.driver()).getClass()) {
      return false;
    }
    return normal(a).equals(normal(b));
  }

  private static Map<String, String> normal(BackendConfig c) {
    Map<String, String> m = new TreeMap<>();
    c.settings().forEach((k, v) -> m.put(k, k.equals("base_dir") || k.equals("path")
        ? c.path(k).map(MigrateCommand::real).orElse(v.toString()) : v.toString()));
    return m;
  }

  /** The real path when it exists, else the absolute, normalised one. */
  private static String real(Path p) {
    Path abs = p.toAbsolutePath().normalize();
    try {
      return abs.toRealPath().toString();
    } catch (IOException e) {
      return abs.toString();
    }
  }
}
