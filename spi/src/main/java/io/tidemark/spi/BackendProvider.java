package io.tidemark.spi;

import io.tidemark.publisher.Publisher;
import io.tidemark.watermark.WatermarkStore;
import java.util.Set;

/**
 * What a backend author implements, like a JDBC {@code Driver}: registered as a {@link java.util.ServiceLoader}
 * service ({@code META-INF/services/io.tidemark.spi.BackendProvider}, or {@code provides} in a module) and
 * chosen by {@link io.tidemark.Tidemark} when a config's driver equals {@link #driver()} or one of
 * {@link #aliases()}, ignoring case. Must have a public no-argument constructor and be cheap to construct.
 *
 * <p>Both open methods validate the whole config first ({@link BackendConfig#requireOnly}, typed getters) and
 * throw {@link io.tidemark.InvalidConfigException} naming the key; either may throw
 * {@link UnsupportedOperationException} with a clear message when the backend does not keep that contract.
 * The stores returned must keep the contracts of {@link Publisher} and {@link WatermarkStore}; the
 * {@code tidemark-tck} suites check it.
 */
public interface BackendProvider {

  /** The primary driver name, for example {@code file}. */
  String driver();

  /** Other names the backend answers to, for example {@code memory} for {@code mem}. */
  default Set<String> aliases() {
    return Set.of();
  }

  /** Opens a nameservice on {@code config}. */
  Publisher openPublisher(BackendConfig config);

  /** Opens a watermark store on {@code config}. */
  WatermarkStore openWatermarkStore(BackendConfig config);
}
