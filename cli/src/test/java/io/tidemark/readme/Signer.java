package io.tidemark.readme;

import io.tidemark.config.TidemarkConfig;
import io.tidemark.watermark.AdvanceResult;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.nio.file.Path;

/** A signer: one store for the whole process, opened at start-up, shared by every thread, closed at shutdown. */
public final class Signer implements AutoCloseable {
    private final WatermarkStore marks;

    public Signer(Path configFile) {
        marks = TidemarkConfig.load(configFile).openWatermarkStore(); // once, at start-up
    }

    /** Called from any thread: the store is thread-safe. */
    public boolean maySign(String chainId, String publicKeyHash, long level, int round, String digest) {
        WatermarkKey key = new WatermarkKey(chainId, publicKeyHash, "block");
        AdvanceResult r = marks.advance(key, new Watermark(level, round, digest));
        return r.maySign(); // Advanced or Repeated; Refused(current) otherwise: do not sign
    }

    @Override
    public void close() {
        marks.close(); // once, at shutdown
    }
}
