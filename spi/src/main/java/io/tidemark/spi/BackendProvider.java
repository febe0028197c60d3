package io.tidemark.spi;

import io.tidemark.BackendConfig;
import java.util.List;
import java.util.Set;

/**
 * What a backend author implements, like a JDBC {@code Driver}: registered as a {@link java.util.ServiceLoader}
 * service ({@code META-INF/services/io.tidemark.spi.BackendProvider}, or {@code provides} in a module) and
 * chosen by {@link io.tidemark.discovery.Tidemark} when a config's driver equals {@link #driver()} or one of
 * {@link #aliases()}, ignoring case. Must have a public no-argument constructor and be cheap to construct.
 *
 * <p>A backend implements the storage operations only ({@link WatermarkBackend}, {@link PublisherBackend}).
 * Discovery checks the config against {@link #keys()} before calling an open method (unknown keys, required
 * keys), and wraps what the open method returns in the checking layer ({@link Checked}): argument validation,
 * the closed state and the clock live there, written once for every backend. A backend that offers its own
 * factories (for example one taking a ready-made client) returns {@code Checked.watermarkStore(...)} from them so
 * that those stores get the same checks.
 *
 * <p>Both open methods read the config with its typed getters, which throw {@link io.tidemark.InvalidConfigException}
 * naming the key; either may throw {@link UnsupportedOperationException} with a clear message when the backend
 * does not keep that contract. The {@code tidemark-tck} suites check the contracts.
 */
public interface BackendProvider {

    /** The primary driver name, for example {@code file}. */
    String driver();

    /** Other names the backend answers to, for example {@code memory} for {@code mem}. */
    default Set<String> aliases() {
        return Set.of();
    }

    /**
     * Every config key this backend accepts, in the order help texts should show them. Keys not listed are refused
     * before an open method is called.
     */
    List<ConfigKey> keys();

    /** Opens the storage of a nameservice on {@code config} (already checked against {@link #keys()}). */
    PublisherBackend openPublisher(BackendConfig config);

    /** Opens the storage of a watermark store on {@code config} (already checked against {@link #keys()}). */
    WatermarkBackend openWatermarkStore(BackendConfig config);
}
