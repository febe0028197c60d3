package io.tidemark.cli;

import io.tidemark.config.TidemarkConfig;
import io.tidemark.publisher.Publisher;
import io.tidemark.watermark.WatermarkStore;
import java.nio.file.Path;

/** Opens the stores a config file names, as the CLI does: the tests' one place that reads config files directly. */
final class Stores {
    private Stores() {}

    static WatermarkStore watermarkStore(Path config) {
        return TidemarkConfig.load(config).openWatermarkStore();
    }

    static Publisher publisher(Path config) {
        return TidemarkConfig.load(config).openPublisher();
    }
}
