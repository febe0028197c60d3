package io.tidemark.config;

import io.tidemark.BackendConfig;
import io.tidemark.InvalidConfigException;
import io.tidemark.Names;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The native {@code tidemark.yaml} / {@code tidemark.properties}: a {@code publisher:} and a {@code watermark:}
 * section, each a {@link Section} (driver + config, passed through to the backend as written). No other top-level
 * key is allowed, and no default fills a missing value: what the file says is what is opened.
 */
final class NativeFormat {
    static final String PUBLISHER = "publisher";
    static final String WATERMARK = "watermark";
    static final List<String> SECTIONS = List.of(PUBLISHER, WATERMARK);

    private NativeFormat() {}

    static TidemarkConfig read(Path file, Map<String, Object> tree) {
        Optional<BackendConfig> publisher = Optional.empty();
        Optional<BackendConfig> watermark = Optional.empty();
        for (Map.Entry<String, Object> e : tree.entrySet()) {
            String key = e.getKey();
            if (!SECTIONS.contains(key)) {
                throw new InvalidConfigException(file + ": unknown top-level key " + Names.unknownKey(key, SECTIONS)
                        + Names.didYouMean(key, SECTIONS) + "; expected " + SECTIONS
                        + " (Signatory's sections belong in a"
                        + " Signatory file, which has no publisher)");
            }
            Section s = Section.read(file, key, e.getValue());
            BackendConfig c = ConfigFiles.backend(file, key, s.driver(), s.settings());
            if (key.equals(PUBLISHER)) {
                publisher = Optional.of(c);
            } else {
                watermark = Optional.of(c);
            }
        }
        return new TidemarkConfig(file, publisher, watermark);
    }
}
