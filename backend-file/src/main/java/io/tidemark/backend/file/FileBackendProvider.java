package io.tidemark.backend.file;

import com.google.auto.service.AutoService;
import io.tidemark.BackendConfig;
import io.tidemark.spi.BackendProvider;
import io.tidemark.spi.ConfigKey;
import io.tidemark.spi.PublisherBackend;
import io.tidemark.spi.WatermarkBackend;
import java.nio.file.Path;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Driver {@code file}: durable stores in a local directory, safe across threads and processes of one host. Its keys
 * are {@link #keys()}: {@code base_dir} (required; created {@code 0700} if missing unless the config says
 * {@link BackendConfig#create()} false), {@code fsync} (default {@code true}; {@code false} gives up durability on
 * power loss and is for tests only: it logs a warning) and {@code allow_loose_permissions} (default {@code false}:
 * a store directory not owned by this user, or writable by its group or others, is refused).
 */
@AutoService(BackendProvider.class)
public final class FileBackendProvider implements BackendProvider {
    private static final Logger LOG = LoggerFactory.getLogger(FileBackendProvider.class);
    private static final ConfigKey BASE_DIR = ConfigKey.path(
                    "base_dir",
                    "directory holding the store (created 0700"
                            + " if missing); two configs with the same base_dir share one store")
            .withRequired()
            .withIdentity();
    private static final ConfigKey FSYNC = ConfigKey.bool(
                    "fsync",
                    "sync each write to disk before returning; false"
                            + " loses recent marks on power loss, for tests only")
            .withDefault(true);
    private static final ConfigKey ALLOW_LOOSE_PERMISSIONS = ConfigKey.bool(
                    "allow_loose_permissions",
                    "open a store"
                            + " directory owned by another user or writable by its group or others, with a warning, instead of refusing"
                            + " it")
            .withDefault(false);
    private static final List<ConfigKey> KEYS = List.of(BASE_DIR, FSYNC, ALLOW_LOOSE_PERMISSIONS);

    /**
     * The configuration of a file store in {@code baseDir}, with every other key at its default: the way to configure
     * this backend in code ({@code Tidemark.openWatermarkStore(FileBackendProvider.config(dir))}).
     */
    public static BackendConfig config(Path baseDir) {
        return BackendConfig.of("file", java.util.Map.of(BASE_DIR.name(), baseDir.toString()));
    }

    @Override
    public String driver() {
        return "file";
    }

    @Override
    public List<ConfigKey> keys() {
        return KEYS;
    }

    @Override
    public PublisherBackend openPublisher(BackendConfig config) {
        return new FilePublisher(baseDir(config), options(config));
    }

    @Override
    public WatermarkBackend openWatermarkStore(BackendConfig config) {
        return new FileWatermarkStore(baseDir(config), options(config));
    }

    private static Path baseDir(BackendConfig config) {
        return config.path(BASE_DIR.name())
                .orElseThrow(() -> config.fail(BASE_DIR.name(), "a directory path (it is required)"));
    }

    private static FileOptions options(BackendConfig config) {
        boolean fsync = bool(config, FSYNC);
        if (!fsync) {
            LOG.warn(
                    "file backend at {} runs with fsync=false: marks written just before a power loss or kernel crash may"
                            + " be lost; use it for tests only",
                    baseDir(config));
        }
        return new FileOptions(fsync, config.create(), bool(config, ALLOW_LOOSE_PERMISSIONS), RealDisk.INSTANCE);
    }

    /** The value of a boolean key, or its declared default. */
    private static boolean bool(BackendConfig config, ConfigKey key) {
        return config.bool(key.name(), Boolean.parseBoolean(key.defaultValue().orElseThrow()));
    }
}
