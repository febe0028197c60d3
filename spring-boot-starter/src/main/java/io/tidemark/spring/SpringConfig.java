package io.tidemark.spring;

import io.tidemark.BackendConfig;
import io.tidemark.InvalidConfigException;
import io.tidemark.Names;
import io.tidemark.OperationListener;
import io.tidemark.discovery.Tidemark;
import io.tidemark.spi.ConfigKey;
import io.tidemark.spi.ConfigKey.Contract;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns a bound {@code tidemark.<section>} into a {@link BackendConfig}. Spring Boot's relaxed binding may hand over
 * a config key in another spelling than the backend's ({@code base-dir}, {@code basedir} from a properties file,
 * {@code base.dir} from {@code TIDEMARK_WATERMARK_CONFIG_BASE_DIR}, {@code dynamodbtable}): each key is matched to
 * the backend's own name ({@link io.tidemark.spi.BackendProvider#keys()}) ignoring case and every character that is
 * not a letter or digit. A key that matches none is passed on as written, so that discovery rejects it by name.
 */
final class SpringConfig {
    private SpringConfig() {}

    /**
     * The configuration of {@code section} ({@code "watermark"} or {@code "publisher"}), its error messages prefixed
     * with {@code tidemark.<section>.config}, telling {@code listeners} about every operation.
     *
     * @throws io.tidemark.NoSuchBackendException when no backend on the class path answers to the driver
     * @throws InvalidConfigException when the driver is blank or two spellings name one key
     */
    static BackendConfig of(
            String section,
            TidemarkProperties.Section properties,
            Contract contract,
            List<OperationListener> listeners) {
        String driver = properties.getDriver();
        if (driver == null || driver.isBlank()) {
            throw new InvalidConfigException("tidemark." + section + ".driver must name a backend, got "
                    + (driver == null ? "nothing" : Names.quote(driver)));
        }
        List<String> known = Tidemark.describe(driver).keys().stream()
                .filter(k -> k.appliesTo(contract))
                .map(ConfigKey::name)
                .toList();
        Map<String, String> settings = new LinkedHashMap<>();
        Map<String, String> spelledAs = new LinkedHashMap<>();
        properties.getConfig().forEach((bound, value) -> {
            String key = nativeKey(bound, known);
            String before = spelledAs.putIfAbsent(key, bound);
            if (before != null) {
                throw new InvalidConfigException("tidemark." + section + ".config sets key " + Names.quote(key)
                        + " twice, as " + Names.quote(before) + " and as " + Names.quote(bound));
            }
            settings.put(key, value);
        });
        BackendConfig config = BackendConfig.of(driver, settings).withSource("tidemark." + section + ".config");
        return listeners.isEmpty() ? config : config.withListener(all(listeners));
    }

    /**
     * One listener telling each of {@code listeners} in turn; one that throws does not keep the others from hearing
     * the event, and the first exception is rethrown at the end (the checking layer logs it).
     */
    static OperationListener all(List<OperationListener> listeners) {
        if (listeners.size() == 1) {
            return listeners.get(0);
        }
        List<OperationListener> copy = List.copyOf(listeners);
        return event -> {
            RuntimeException first = null;
            for (OperationListener l : copy) {
                try {
                    l.onOperation(event);
                } catch (RuntimeException e) {
                    if (first == null) {
                        first = e;
                    } else {
                        first.addSuppressed(e);
                    }
                }
            }
            if (first != null) {
                throw first;
            }
        };
    }

    /** The backend's name for {@code bound}: itself if known, else the one known key it matches loosely. */
    static String nativeKey(String bound, List<String> known) {
        if (known.contains(bound)) {
            return bound;
        }
        List<String> loose =
                known.stream().filter(k -> loose(k).equals(loose(bound))).toList();
        return loose.size() == 1 ? loose.get(0) : bound;
    }

    private static String loose(String key) {
        return key.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
    }
}
