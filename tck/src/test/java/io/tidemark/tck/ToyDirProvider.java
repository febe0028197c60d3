package io.tidemark.tck;

import io.tidemark.BackendConfig;
import io.tidemark.spi.BackendProvider;
import io.tidemark.spi.ConfigKey;
import io.tidemark.spi.PublisherBackend;
import io.tidemark.spi.WatermarkBackend;
import java.nio.file.Path;
import java.util.List;

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
    public List<ConfigKey> keys() {
        return List.of(
                ConfigKey.path("dir", "the toy store's directory")
                        .withRequired()
                        .withIdentity(),
                ConfigKey.bool("separate_locks", "the flaw: each handle keeps its own lock")
                        .withDefault(false));
    }

    @Override
    public PublisherBackend openPublisher(BackendConfig config) {
        return new ToyDirPublisher(dir(config));
    }

    @Override
    public WatermarkBackend openWatermarkStore(BackendConfig config) {
        return new ToyDirWatermarkStore(dir(config));
    }

    private static ToyDir dir(BackendConfig config) {
        Path dir = config.path("dir").orElseThrow(() -> config.fail("dir", "the toy store's directory"));
        return new ToyDir(dir, config.bool("separate_locks", false));
    }
}
