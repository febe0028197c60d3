package io.tidemark.cli;

import io.tidemark.BackendConfig;
import io.tidemark.InvalidConfigException;
import io.tidemark.config.TidemarkConfig;
import io.tidemark.discovery.Driver;
import io.tidemark.discovery.Tidemark;
import io.tidemark.publisher.Publisher;
import io.tidemark.spi.ConfigKey;
import io.tidemark.watermark.WatermarkStore;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import picocli.CommandLine.Option;

/**
 * Options every command that opens a store takes (the config file, and the {@link Output} options), where the
 * stores come from, and the steps every command shares: open a store, run the operation, print its line, map the
 * outcome to an exit code ({@link TidemarkCli}).
 *
 * <p>The config file is {@code -c/--config FILE}, else the file the environment variable {@link #ENV} names (when
 * set and not empty), else none: the file backend under {@link #DEFAULT_DIR}.
 */
final class Common extends Output {
    /** Where data lives when no config file is given. */
    static final String DEFAULT_DIR = "./tidemark-data";
    /** The environment variable naming the config file when {@code --config} is not given. */
    static final String ENV = "TIDEMARK_CONFIG";

    @Option(
            names = {"-c", "--config"},
            paramLabel = "FILE",
            description =
                    "Config file (tidemark.yaml, .properties, Signatory YAML or Fluree JSON-LD). Default: the file"
                            + " " + ENV + " names, else the file backend under " + DEFAULT_DIR + ".")
    Path config;

    BackendConfig publisherConfig() {
        return configPath().map(p -> TidemarkConfig.load(p).requirePublisher()).orElseGet(Common::defaultConfig);
    }

    BackendConfig watermarkConfig() {
        return configPath().map(p -> TidemarkConfig.load(p).requireWatermark()).orElseGet(Common::defaultConfig);
    }

    static BackendConfig defaultConfig() {
        return fileStore(DEFAULT_DIR);
    }

    /**
     * A file-backend config keeping its data under {@code dir}: the one path key the file backend marks as naming
     * its store ({@link ConfigKey#identity()}) set to {@code dir}.
     */
    static BackendConfig fileStore(String dir) {
        Driver file = Tidemark.describe("file");
        List<String> keys = file.keys().stream()
                .filter(k -> k.identity() && k.type() == ConfigKey.Type.PATH)
                .map(ConfigKey::name)
                .distinct()
                .toList();
        if (keys.size() != 1) {
            throw new InvalidConfigException("the file backend names its directory by " + keys.size() + " path keys "
                    + keys + ", expected one; pass --config");
        }
        return BackendConfig.of(file.name(), Map.of(keys.get(0), dir));
    }

    /** Whether a command may create a missing store (it writes) or needs an existing one (it reads or removes). */
    enum Access {
        /** Create the store if it is missing. */
        CREATE,
        /** Create nothing: a missing store is a {@link io.tidemark.StoreNotFoundException} (exit 4). */
        EXISTING
    }

    /** Opens the publisher with {@code access}, runs {@code command} on it and closes it; the command's exit code. */
    int withPublisher(Access access, Function<Publisher, Integer> command) {
        try (Publisher p = access == Access.CREATE ? openPublisher() : openExistingPublisher()) {
            return command.apply(p);
        }
    }

    /** Opens the watermark store with {@code access}, runs {@code command} on it and closes it; its exit code. */
    int withWatermarkStore(Access access, Function<WatermarkStore, Integer> command) {
        try (WatermarkStore s = access == Access.CREATE ? openWatermarkStore() : openExistingWatermarkStore()) {
            return command.apply(s);
        }
    }

    /** Prints {@code line}; {@link TidemarkCli#OK} when {@code ok}, else {@link TidemarkCli#NOT_APPLIED}. */
    int print(String line, boolean ok) {
        out().println(line);
        return ok ? TidemarkCli.OK : TidemarkCli.NOT_APPLIED;
    }

    /**
     * Prints {@code found} rendered, or when it is empty {@code NOT FOUND name} (with {@code --json} the object
     * {@code {"outcome":"not_found", ...subject}}); {@link TidemarkCli#OK} or {@link TidemarkCli#NOT_FOUND}.
     */
    <T> int printFound(Optional<T> found, Function<T, String> render, Object name, Map<String, Object> subject) {
        if (found.isEmpty()) {
            Map<String, Object> o = outcome("not_found");
            o.putAll(subject);
            emit(o, "NOT FOUND " + name);
            return TidemarkCli.NOT_FOUND;
        }
        out().println(render.apply(found.get()));
        return TidemarkCli.OK;
    }

    /** Prints each item rendered, one a line, and closes the stream; {@link TidemarkCli#OK}. */
    <T> int printEach(Stream<T> items, Function<T, String> render) {
        try (items) {
            items.forEach(x -> out().println(render.apply(x)));
        }
        return TidemarkCli.OK;
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

    /** The config file: {@code --config}, else the one {@link #ENV} names; empty for the default store. */
    Optional<Path> configPath() {
        if (config != null) {
            return Optional.of(config);
        }
        return fromEnv().map(Path::of);
    }

    /** Where the config file comes from, for error messages: {@code --config}, {@link #ENV}, or empty. */
    Optional<String> configSource() {
        return config != null ? Optional.of("--config") : fromEnv().map(v -> ENV);
    }

    private Optional<String> fromEnv() {
        String v = ((TidemarkCli) spec.root().userObject()).env.get(ENV);
        return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
    }
}
