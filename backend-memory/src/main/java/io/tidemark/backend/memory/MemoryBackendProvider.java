package io.tidemark.backend.memory;

import com.google.auto.service.AutoService;
import io.tidemark.publisher.Publisher;
import io.tidemark.spi.BackendConfig;
import io.tidemark.spi.BackendProvider;
import io.tidemark.watermark.WatermarkStore;
import java.util.Set;

/**
 * Driver {@code mem} (alias {@code memory}): stores that live in this JVM only. Every open returns a new, empty
 * store; nothing survives {@code close()}. For tests and single-process tools. Takes no config keys.
 */
@AutoService(BackendProvider.class)
public final class MemoryBackendProvider implements BackendProvider {
  @Override
  public String driver() {
    return "mem";
  }

  @Override
  public Set<String> aliases() {
    return Set.of("memory");
  }

  @Override
  public Publisher openPublisher(BackendConfig config) {
    config.requireOnly(Set.of());
    return new MemoryPublisher();
  }

  @Override
  public WatermarkStore openWatermarkStore(BackendConfig config) {
    config.requireOnly(Set.of());
    return new MemoryWatermarkStore();
  }
}
