package io.tidemark.micrometer;

import io.tidemark.BackendConfig;
import java.util.Map;

/** The metrics contract on the memory backend, configured by its alias {@code memory}. */
class MemoryMetricsTest extends MetricsContractTest {
    @Override
    BackendConfig watermarkConfig() {
        return BackendConfig.of("memory", Map.of());
    }

    @Override
    BackendConfig publisherConfig() {
        return BackendConfig.of("memory", Map.of());
    }

    @Override
    String backend() {
        return "mem";
    }
}
