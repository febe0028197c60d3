package com.example.tidemark.sqlite;

import com.google.auto.service.AutoService;
import io.tidemark.BackendConfig;
import io.tidemark.spi.BackendProvider;
import io.tidemark.spi.ConfigKey;
import io.tidemark.spi.PublisherBackend;
import io.tidemark.spi.WatermarkBackend;
import java.nio.file.Path;
import java.util.List;

/**
 * Driver {@code sqlite}: both contracts in one SQLite database file. Discovery checks the config against
 * {@link #keys()} (unknown keys, the required {@code path}) and wraps what the open methods return in Tidemark's
 * checking layer, which validates arguments, rejects calls after close and supplies the clock.
 */
@AutoService(BackendProvider.class)
public final class SqliteBackendProvider implements BackendProvider {
  @Override
  public String driver() {
    return "sqlite";
  }

  @Override
  public List<ConfigKey> keys() {
    return List.of(ConfigKey.path("path", "the SQLite database file, created if missing").withRequired()
        .withIdentity());
  }

  @Override
  public PublisherBackend openPublisher(BackendConfig config) {
    return new SqlitePublisher(Database.open(path(config)));
  }

  @Override
  public WatermarkBackend openWatermarkStore(BackendConfig config) {
    return new SqliteWatermarkStore(Database.open(path(config)));
  }

  private static Path path(BackendConfig config) {
    return config.path("path").orElseThrow(() -> config.fail("path", "the SQLite database file (it is required)"));
  }
}
