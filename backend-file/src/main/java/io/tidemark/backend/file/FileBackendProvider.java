package io.tidemark.backend.file;

import com.google.auto.service.AutoService;
import io.tidemark.publisher.Publisher;
import io.tidemark.spi.BackendConfig;
import io.tidemark.spi.BackendProvider;
import io.tidemark.watermark.WatermarkStore;
import java.nio.file.Path;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Driver {@code file}: durable stores in a local directory, safe across threads and processes of one host.
 * Keys: {@code base_dir} (required; created {@code 0700} if missing) and {@code fsync} (default {@code true};
 * {@code false} gives up durability on power loss and is for tests only: it logs a warning).
 */
@AutoService(BackendProvider.class)
public final class FileBackendProvider implements BackendProvider {
  private static final Logger LOG = LoggerFactory.getLogger(FileBackendProvider.class);
  static final Set<String> KEYS = Set.of("base_dir", "fsync");

  @Override
  public String driver() {
    return "file";
  }

  @Override
  public Publisher openPublisher(BackendConfig config) {
    Path base = baseDir(config);
    return FilePublisher.open(base, fsync(config, base));
  }

  @Override
  public WatermarkStore openWatermarkStore(BackendConfig config) {
    Path base = baseDir(config);
    return FileWatermarkStore.open(base, fsync(config, base));
  }

  private static Path baseDir(BackendConfig config) {
    config.requireOnly(KEYS);
    return config.path("base_dir").orElseThrow(() -> config.fail("base_dir", "a directory path (it is required)"));
  }

  private static boolean fsync(BackendConfig config, Path base) {
    boolean fsync = config.bool("fsync", true);
    if (!fsync) {
      LOG.warn("file backend at {} runs with fsync=false: marks written just before a power loss or kernel crash may be lost; use it for tests only", base);
    }
    return fsync;
  }
}
