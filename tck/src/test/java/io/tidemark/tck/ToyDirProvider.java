package io.tidemark.tck;

import io.tidemark.publisher.Publisher;
import io.tidemark.BackendConfig;
import io.tidemark.spi.BackendProvider;
import io.tidemark.watermark.WatermarkStore;
import java.nio.file.Path;
import java.util.Set;

/**
 * Driver {@code toydir}, so that the TCK's child JVMs can open the directory toys: {@code dir} (required) and
 * {@code separate_locks} (the flaw; default false).
 */
public final class ToyDirProvider implements BackendProvider {
  @Override
  public String driver() {
    return "toydir";
  }

  @Override
  public Publisher openPublisher(BackendConfig config) {
    return new ToyDirPublisher(dir(config));
  }

  @Override
  public WatermarkStore openWatermarkStore(BackendConfig config) {
    return new ToyDirWatermarkStore(dir(config));
  }

  private static ToyDir dir(BackendConfig config) {
    config.requireOnly(Set.of("dir", "separate_locks"));
    Path dir = config.path("dir").orElseThrow(() -> config.fail("dir", "the toy store's directory"));
    return new ToyDir(dir, config.bool("separate_locks", false));
  }
}
