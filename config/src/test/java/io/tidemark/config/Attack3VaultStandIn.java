package io.tidemark.config;

import io.tidemark.BackendConfig;
import io.tidemark.spi.BackendProvider;
import io.tidemark.spi.ConfigKey;
import io.tidemark.spi.PublisherBackend;
import io.tidemark.spi.WatermarkBackend;
import java.util.List;

/** A backend declaring a secret key whose name the name heuristic does not recognise ({@code api_key}). */
public final class Attack3VaultStandIn implements BackendProvider {
    @Override
    public String driver() {
        return "a3vault";
    }

    @Override
    public List<ConfigKey> keys() {
        return List.of(
                ConfigKey.text("table", "table").withIdentity(),
                ConfigKey.text("api_key", "the service's API key").withSecret());
    }

    @Override
    public PublisherBackend openPublisher(BackendConfig config) {
        throw new UnsupportedOperationException("stand-in");
    }

    @Override
    public WatermarkBackend openWatermarkStore(BackendConfig config) {
        throw new UnsupportedOperationException("stand-in");
    }
}
