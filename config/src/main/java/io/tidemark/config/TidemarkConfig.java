package io.tidemark.config;

import io.tidemark.BackendConfig;
import io.tidemark.InvalidConfigException;
import io.tidemark.discovery.Tidemark;
import io.tidemark.publisher.Publisher;
import io.tidemark.watermark.WatermarkStore;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What a config file says: the backend of the publisher and of the watermark store, either of which may be
 * absent. Read one with {@link #load(Path)}, then open what it names:
 *
 * <pre>{@code
 * try (WatermarkStore marks = TidemarkConfig.load(Path.of("signatory.yaml")).openWatermarkStore()) { ... }
 * }</pre>
 *
 * @param source the file read
 * @param publisher the publisher's backend, if the file configures one
 * @param watermark the watermark store's backend, if the file configures one
 */
public record TidemarkConfig(Path source, Optional<BackendConfig> publisher, Optional<BackendConfig> watermark) {
    /** @throws NullPointerException if an argument is null */
    public TidemarkConfig {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(publisher, "publisher");
        Objects.requireNonNull(watermark, "watermark");
    }

    /**
     * Reads {@code file}, in whichever of the three formats it is written:
     * <ul>
     *   <li>the <b>ledger's JSON-LD connection config</b> (a document with {@code @graph} or {@code @type}): the
     *       {@code Publisher} node the {@code Connection}'s {@code primaryPublisher} references, as driver {@code aws};
     *   </li>
     *   <li>the <b>native</b> {@code tidemark.yaml} / {@code .properties} (a document with a {@code publisher:}
     *       section): {@code publisher:} and {@code watermark:} sections, each {@code driver} (default {@code file})
     *       and {@code config} (the backend's keys, passed through as written);</li>
     *   <li>the <b>signer's YAML</b> (Signatory's file: no {@code publisher:} section): its {@code watermark:}
     *       section as above, Signatory's other top-level sections allowed and ignored; a watermark on the file
     *       driver without its directory gets Signatory's, {@code <base_dir>/watermark} (top-level {@code base_dir},
     *       default {@code /var/lib/signatory}).</li>
     * </ul>
     * Values may use {@code ${env:NAME}} and {@code ${sys:NAME}}. Relative paths resolve against the file's real
     * directory, links followed ({@link BackendConfig#withSourceFile(Path, Path)}). The backend's own keys are
     * checked when the config is opened ({@link Tidemark#openPublisher(BackendConfig)}), against the keys the
     * backend declares.
     *
     * <p>Every failure is one {@link InvalidConfigException} whose one-line message starts with the file name and
     * names the key, with a did-you-mean for a mistyped section; a key written with no value is an error, never
     * replaced by a default. A syntax error gives the line, the column and what the parser expected, never text of
     * the document (a value there may be a secret), and keeps no parser exception as its cause. Files larger than
     * 1 MiB, nested deeper than 32 levels, or whose YAML aliases refer to the collection they are in or expand the
     * document beyond 100,000 values, are refused without being built.
     *
     * @throws InvalidConfigException if the file is missing, unreadable, malformed, or says something not understood
     */
    public static TidemarkConfig load(Path file) {
        return ConfigFiles.load(file);
    }

    /** The publisher's backend, or an {@link InvalidConfigException} naming the file. */
    public BackendConfig requirePublisher() {
        return publisher.orElseThrow(
                () -> new InvalidConfigException(source + ": no publisher configured (a 'publisher:' "
                        + "section, or a JSON-LD connection whose primaryPublisher is a DynamoDB Publisher node)"));
    }

    /** The watermark store's backend, or an {@link InvalidConfigException} naming the file. */
    public BackendConfig requireWatermark() {
        return watermark.orElseThrow(
                () -> new InvalidConfigException(source + ": no watermark store configured (a 'watermark:' section)"));
    }

    /**
     * Opens the publisher this file configures, through {@link Tidemark#openPublisher(BackendConfig)} (which checks
     * the keys against the backend's and applies the checking layer).
     *
     * @throws InvalidConfigException if the file configures no publisher, or its keys do not fit the backend
     * @throws io.tidemark.NoSuchBackendException if no backend answers to the driver
     */
    public Publisher openPublisher() {
        return Tidemark.openPublisher(requirePublisher());
    }

    /**
     * Opens the watermark store this file configures, through {@link Tidemark#openWatermarkStore(BackendConfig)}.
     *
     * @throws InvalidConfigException if the file configures no watermark store, or its keys do not fit the backend
     * @throws io.tidemark.NoSuchBackendException if no backend answers to the driver
     */
    public WatermarkStore openWatermarkStore() {
        return Tidemark.openWatermarkStore(requireWatermark());
    }
}
