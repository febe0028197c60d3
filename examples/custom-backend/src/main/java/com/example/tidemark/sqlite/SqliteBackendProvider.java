package com.example.tidemark.sqlite;

import com.google.auto.service.AutoService;
import io.tidemark.publisher.Publisher;
import io.tidemark.BackendConfig;
import io.tidemark.spi.BackendProvider;
import io.tidemark.watermark.WatermarkStore;
import java.nio.file.Path;
import java.util.Set;

/** Driver {@code sqlite}: both contracts in one SQLite database file. Config key: {@code path} (required). */
@AutoService(BackendProvider.class)
public final class SqliteBackendProvider implements BackendProvider {
  @Override
  public String driver() {
    return "sqlite";
  }

  @Override
  public Publisher openPublisher(BackendConfig config) {
    return new SqlitePublisher(Database.open(path(config)));
  }

  @Override
  public WatermarkStore openWatermarkStore(BackendConfig config) {
    return new SqliteWatermarkStore(Database.open(path(config)));
  }

  private static Path path(BackendConfig config) {
    config.requireOnly(Set.of("path"));
    return config.path("path").orElseThrow(() -> config.fail("path", "the SQLite database file (it is required)"));
  }
}
