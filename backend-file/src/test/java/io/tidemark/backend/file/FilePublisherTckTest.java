package io.tidemark.backend.file;

import io.tidemark.spi.BackendConfig;
import io.tidemark.tck.TckCapability;
import io.tidemark.tck.PublisherTck;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;

/** The file backend against every P rule, durable and multi-process ones included. */
class FilePublisherTckTest extends PublisherTck {
  @TempDir
  Path tmp;

  @Override
  protected BackendConfig newStoreConfig() {
    try {
      return BackendConfig.of("file", Map.of("base_dir", Files.createTempDirectory(tmp, "store").toString()));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Override
  protected Set<TckCapability> capabilities() {
    return EnumSet.allOf(TckCapability.class);
  }
}
