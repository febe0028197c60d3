package io.tidemark.cli;

import io.tidemark.discovery.Tidemark;
import io.tidemark.config.TidemarkConfig;
import io.tidemark.publisher.Publisher;
import io.tidemark.BackendConfig;
import io.tidemark.watermark.WatermarkStore;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** Options every command takes, and where the stores come from. */
final class Common {
  /** Where data lives when no {@code --config} is given. */
  static final String DEFAULT_DIR = "./tidemark-data";

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(names = "--config", paramLabel = "FILE",
      description = "Config file (tidemark.yaml, .properties, Signatory YAML or Fluree JSON-LD). Default: file backend under " + DEFAULT_DIR)
  Path config;

  @Option(names = "--json", description = "Print one JSON object per line.")
  boolean json;

  @Option(names = "--verbose", description = "Print stack traces of errors.")
  boolean verbose;

  PrintWriter out() {
    return spec.commandLine().getOut();
  }

  BackendConfig publisherConfig() {
    return config == null ? defaultConfig() : TidemarkConfig.load(config).requirePublisher();
  }

  BackendConfig watermarkConfig() {
    return config == null ? defaultConfig() : TidemarkConfig.load(config).requireWatermark();
  }

  static BackendConfig defaultConfig() {
    return BackendConfig.of("file", Map.of("base_dir", DEFAULT_DIR));
  }

  /** Opens the publisher, creating its store if it is missing (for commands that write). */
  Publisher openPublisher() {
    return Tidemark.openPublisher(publisherConfig());
  }

  /** Opens the watermark store, creating it if it is missing (for commands that write). */
  WatermarkStore openWatermarkStore() {
    return Tidemark.openWatermarkStore(watermarkConfig());
  }

  /**
   * Opens the publisher without creating anything: for commands that only read or remove. A missing store
   * throws {@link io.tidemark.StoreNotFoundException} naming where it looked (the CLI exits {@code 4}).
   */
  Publisher openExistingPublisher() {
    return Tidemark.openPublisher(publisherConfig().withCreate(false));
  }

  /** Opens the watermark store without creating anything; as {@link #openExistingPublisher()}. */
  WatermarkStore openExistingWatermarkStore() {
    return Tidemark.openWatermarkStore(watermarkConfig().withCreate(false));
  }

  Optional<Path> configPath() {
    return Optional.ofNullable(config);
  }
}
