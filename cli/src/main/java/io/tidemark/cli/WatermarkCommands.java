package io.tidemark.cli;

import io.tidemark.watermark.AdvanceResult;
import io.tidemark.watermark.StoredWatermark;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tidemark watermark advance|get|list|reset}. */
@Command(name = "watermark", mixinStandardHelpOptions = true, description = "Signer watermarks.",
    subcommands = {WatermarkCommands.Advance.class, WatermarkCommands.Get.class, WatermarkCommands.ListMarks.class,
        WatermarkCommands.Reset.class})
final class WatermarkCommands {

  /** The key options. */
  static final class KeyOptions {
    @Option(names = "--chain", required = true, description = "Chain id, e.g. NetXdQprcVkpaWU") String chain;
    @Option(names = "--pkh", required = true, description = "Public key hash") String pkh;
    @Option(names = "--kind", required = true, description = "Request kind: block, preattestation, attestation, ...") String kind;

    WatermarkKey key() {
      return new WatermarkKey(chain, pkh, kind);
    }
  }

  @Command(name = "advance", mixinStandardHelpOptions = true, description = "Store a mark if it is higher; print ADVANCED, REPEATED or REFUSED.")
  static final class Advance implements Callable<Integer> {
    @Mixin Common common;
    @ArgGroup(exclusive = false, multiplicity = "1") KeyOptions key;
    @Option(names = "--level", required = true) long level;
    @Option(names = "--round", required = true) int round;
    @Option(names = "--digest", required = true) String digest;

    @Override
    public Integer call() {
      WatermarkKey k = key.key();
      Watermark m = new Watermark(level, round, digest);
      try (WatermarkStore s = common.openWatermarkStore()) {
        AdvanceResult r = s.advance(k, m);
        common.out().println(Render.advance(k, m, r, common.json));
        return r.maySign() ? TidemarkCli.OK : TidemarkCli.NOT_APPLIED;
      }
    }
  }

  @Command(name = "get", mixinStandardHelpOptions = true, description = "Print the stored mark of a key.")
  static final class Get implements Callable<Integer> {
    @Mixin Common common;
    @ArgGroup(exclusive = false, multiplicity = "1") KeyOptions key;

    @Override
    public Integer call() {
      WatermarkKey k = key.key();
      try (WatermarkStore s = common.openWatermarkStore()) {
        Optional<Watermark> m = s.get(k);
        common.out().println(m.map(w -> Render.stored(k, w, common.json)).orElse(common.json ? "{}" : "NOT FOUND " + k));
        return m.isPresent() ? TidemarkCli.OK : TidemarkCli.NOT_FOUND;
      }
    }
  }

  @Command(name = "list", mixinStandardHelpOptions = true, description = "Print every stored mark.")
  static final class ListMarks implements Callable<Integer> {
    @Mixin Common common;

    @Override
    public Integer call() {
      try (WatermarkStore s = common.openWatermarkStore(); Stream<StoredWatermark> all = s.list()) {
        all.forEach(w -> common.out().println(Render.stored(w.key(), w.mark(), common.json)));
        return TidemarkCli.OK;
      }
    }
  }

  @Command(name = "reset", mixinStandardHelpOptions = true,
      description = "Remove the mark of a key (admin: the next advance starts afresh, so only do this deliberately).")
  static final class Reset implements Callable<Integer> {
    @Mixin Common common;
    @ArgGroup(exclusive = false, multiplicity = "1") KeyOptions key;

    @Override
    public Integer call() {
      WatermarkKey k = key.key();
      try (WatermarkStore s = common.openWatermarkStore()) {
        boolean removed = s.reset(k);
        common.out().println(common.json ? "{\"removed\":" + removed + "}" : (removed ? "RESET " : "NOT FOUND ") + k);
        return removed ? TidemarkCli.OK : TidemarkCli.NOT_FOUND;
      }
    }
  }
}
