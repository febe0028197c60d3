package io.tidemark.config;

import io.tidemark.BackendConfig;
import io.tidemark.spi.BackendProvider;
import io.tidemark.spi.ConfigKey;
import io.tidemark.spi.PublisherBackend;
import io.tidemark.spi.WatermarkBackend;
import java.util.List;

/**
 * Answers to driver {@code file} in this module's tests, declaring keys as the file backend does (which cannot be a
 * test dependency here: its tests read config files): one required identity path key, {@link #directoryKey}, and
 * {@code fsync}. A test may rename the directory key to show that the signer format takes it from {@link #keys()}.
 * Opens nothing.
 */
public final class FileStandIn implements BackendProvider {
    /** The name of the directory key; {@code base_dir} as in the file backend unless a test renames it. */
    static volatile String directoryKey = "base_dir";

    @Override
    public String driver() {
        return "file";
    }

    @Override
    public List<ConfigKey> keys() {
        return List.of(
                ConfigKey.path(directoryKey, "directory of the store")
                        .withRequired()
                        .withIdentity(),
                ConfigKey.bool("fsync", "sync each write").withDefault(true));
    }

    @Override
    public PublisherBackend openPublisher(BackendConfig config) {
        throw new UnsupportedOperationException("a stand-in for the file backend in config's tests: it opens nothing");
    }

    @Override
    public WatermarkBackend openWatermarkStore(BackendConfig config) {
        throw new UnsupportedOperationException("a stand-in for the file backend in config's tests: it opens nothing");
    }
}
