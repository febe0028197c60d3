package io.tidemark.backend.memory;

import com.google.auto.service.AutoService;
import io.tidemark.BackendConfig;
import io.tidemark.spi.BackendProvider;
import io.tidemark.spi.ConfigKey;
import io.tidemark.spi.PublisherBackend;
import io.tidemark.spi.WatermarkBackend;
import java.util.List;
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
    public List<ConfigKey> keys() {
        return List.of();
    }

    @Override
    public PublisherBackend openPublisher(BackendConfig config) {
        return new MemoryPublisher();
    }

    @Override
    public WatermarkBackend openWatermarkStore(BackendConfig config) {
        return new MemoryWatermarkStore();
    }
}
