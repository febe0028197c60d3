package io.tidemark.backend.file;

import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.Publisher;
import io.tidemark.watermark.AdvanceResult;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The process {@link CrashTest} kills: advances two keys and one ledger's commit in a loop on a shared base_dir,
 * printing each applied outcome only after the call returned.
 */
public final class CrashChild {
    static final WatermarkKey[] KEYS = {
        new WatermarkKey("NetX", "tz1crash", "block"), new WatermarkKey("NetX", "tz1crash", "attestation")
    };
    static final LedgerAlias ALIAS = LedgerAlias.parse("crash:main");

    public static void main(String[] args) {
        Path base = Path.of(args[0]);
        long start = Long.parseLong(args[1]);
        PrintStream out = System.out;
        try (WatermarkStore store = FileWatermarkStore.open(base, true);
                Publisher ns = FilePublisher.open(base, true)) {
            out.println("READY");
            out.flush();
            for (long level = start; ; level++) {
                for (int k = 0; k < KEYS.length; k++) {
                    if (store.advance(KEYS[k], new Watermark(level, 0, "d" + level))
                            instanceof AdvanceResult.Advanced) {
                        out.println("W " + k + " " + level);
                        out.flush();
                    }
                }
                if (ns.publishCommit(ALIAS, "c" + level, level).applied()) {
                    out.println("P " + level);
                    out.flush();
                }
            }
        }
    }
}
