package io.tidemark.backend.memory;

import io.tidemark.spi.BackendConfig;
import io.tidemark.tck.PublisherTck;
import java.util.Map;

/** The memory backend against every P rule (durable and multi-process rules skip: it is neither). */
class MemoryPublisherTckTest extends PublisherTck {
  @Override
  protected BackendConfig newStoreConfig() {
    return BackendConfig.of("memory", Map.of());
  }
}
