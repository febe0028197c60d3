package io.tidemark.backend.memory;

import io.tidemark.BackendConfig;
import io.tidemark.tck.WatermarkStoreTck;
import java.util.Map;

/** The memory backend against every W rule (durable and multi-process rules skip: it is neither). */
class MemoryWatermarkStoreTckTest extends WatermarkStoreTck {
    @Override
    protected BackendConfig newStoreConfig() {
        return BackendConfig.of("mem", Map.of());
    }
}
