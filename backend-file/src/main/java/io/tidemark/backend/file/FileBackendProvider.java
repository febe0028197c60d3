package io.tidemark.backend.file;

import com.google.auto.service.AutoService;
import io.tidemark.publisher.Publisher;
import io.tidemark.BackendConfig;
import io.tidemark.spi.BackendProvider;
import io.tidemark.watermark.WatermarkStore;
import java.nio.file.Path;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Driver {@code file}: durable stores in a local directory, safe across threads and processes of one host.
 * Keys: {@code base_dir} (required; created {@code 0700} if missing unless the config says
 * {@link BackendConfig#create()} false), {@code fsync} (default {@code true}; {@code false} gives up durability on
 * power loss and is for tests only: it logs a warning) and {@code allow_loose_permissions} (default {@code false}:
 * a store directory not owned by this user, or writable by its group or others, is refused).
 */
@AutoService(BackendProvider.class)
public final class FileBackendProvider implements BackendProvider {
  private static final Logger LOG = LoggerFactory.getLogger(FileBackendProvider.class);
  static final Set<String> KEYS = Set.of("base_dir", "fsync", "allow_loose_permissions");

  @Override
  public String driver() {
    return "file";
  }

  @Override
  public Publisher openPublisher(BackendConfig config) {
    return FilePublisher.open(baseDir(config), options(config));
  }

  @Override
  public WatermarkStore openWatermarkStore(BackendConfig config) {
    return FileWatermarkStore.open(baseDir(config), options(config));
  }

  private static Path baseDir(BackendConfig config) {
    config.requireOnly(KEYS);
    return config.path("base_dir").orElseThrow(() -> config.fail("base_dir", "a directory path (it is required)"));
  }

  private static FileOptions options(BackendConfig config) {
    boolean fsync = config.bool("fsync", true);
    if (!fsync) {
      LOG.warn("file backend at {} runs with fsync=false: marks written just before a power loss or kernel crash may be"
          + " lost; use it for tests only", baseDir(config));
    }
    return new FileOptions(fsync, config.create(), config.bool("allow_loose_permissions", false), RealDisk.INSTANCE);
  }
}
