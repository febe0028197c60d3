package io.tidemark.config;

import io.tidemark.InvalidConfigException;
import io.tidemark.BackendConfig;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What a config file says: the backend of the publisher and of the watermark store, either of which may be
 * absent. Read it with {@link ConfigFiles#load(Path)}.
 */
public record TidemarkConfig(Path source, Optional<BackendConfig> publisher, Optional<BackendConfig> watermark) {
  public TidemarkConfig {
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(publisher, "publisher");
    Objects.requireNonNull(watermark, "watermark");
  }

  /** The publisher's backend, or an {@link InvalidConfigException} naming the file. */
  public BackendConfig requirePublisher() {
    return publisher.orElseThrow(() -> new InvalidConfigException(source + ": no publisher configured (a 'publisher:' section, "
        + "or a JSON-LD connection whose primaryPublisher is a DynamoDB Publisher node)"));
  }

  /** The watermark store's backend, or an {@link InvalidConfigException} naming the file. */
  public BackendConfig requireWatermark() {
    return watermark.orElseThrow(() -> new InvalidConfigException(source + ": no watermark store configured (a 'watermark:' section)"));
  }
}
