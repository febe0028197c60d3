package io.tidemark.micrometer.readme;

import io.micrometer.core.instrument.MeterRegistry;
import io.tidemark.BackendConfig;
import io.tidemark.discovery.Tidemark;
import io.tidemark.micrometer.TidemarkMetrics;
import io.tidemark.watermark.WatermarkStore;

/** A signer's store with metrics: one TidemarkMetrics on the application's registry serves every store. */
public final class MeteredSigner {
    private MeteredSigner() {}

    public static WatermarkStore open(BackendConfig config, MeterRegistry registry) {
        TidemarkMetrics metrics = new TidemarkMetrics(registry);
        return Tidemark.openWatermarkStore(config.withListener(metrics)); // once, at start-up
    }
}
