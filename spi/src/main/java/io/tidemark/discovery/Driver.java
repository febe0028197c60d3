package io.tidemark.discovery;

import io.tidemark.spi.ConfigKey;
import java.util.List;
import java.util.Set;

/**
 * What discovery knows about a backend on the class path, without the means to open it: stores are opened only
 * through {@link Tidemark#openPublisher} and {@link Tidemark#openWatermarkStore}, which apply the checking layer.
 *
 * @param name the primary driver name
 * @param aliases the other names it answers to
 * @param keys the config keys it accepts ({@link io.tidemark.spi.BackendProvider#keys()})
 * @param providerClass the class name of its provider, for diagnostics
 */
public record Driver(String name, Set<String> aliases, List<ConfigKey> keys, String providerClass) {
    /** Copies the collections. */
    public Driver {
        aliases = Set.copyOf(aliases);
        keys = List.copyOf(keys);
    }
}
