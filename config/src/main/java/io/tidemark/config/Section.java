package io.tidemark.config;

import io.tidemark.InvalidConfigException;
import io.tidemark.Names;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One {@code driver} + {@code config} section, as the native and the signer formats write it:
 * {@code watermark: {driver: aws, config: {region: eu-west-1}}}. The driver defaults to {@code file}; the
 * {@code config} keys are the backend's, passed through as written (discovery checks them against the keys the
 * backend declares when the config is opened). A section, a {@code config:} or a key written with no value is an
 * error: an empty block never stands for a default store.
 *
 * @param driver the backend's name, as written
 * @param settings the backend's keys and their values (String, Number or Boolean), variables resolved
 */
record Section(String driver, Map<String, Object> settings) {
    /** The driver when a section names none. */
    static final String DEFAULT_DRIVER = "file";

    private static final Set<String> KEYS = Set.of("driver", "config");

    /** Reads the section {@code name} of {@code file}, whose value is {@code body}. */
    static Section read(Path file, String name, Object body) {
        if (body == null) {
            throw new InvalidConfigException(file + ": section '" + name + "' has no value; write its driver and config"
                    + " (an empty section never stands for a default store)");
        }
        Map<String, Object> m = ConfigFiles.map(file, name, body);
        for (String k : m.keySet()) {
            if (!KEYS.contains(k)) {
                throw new InvalidConfigException(file + ": unknown key " + ConfigFiles.key(name, k)
                        + Names.didYouMean(k, KEYS) + "; a section has 'driver' and 'config'");
            }
        }
        Object d = m.get("driver");
        if (d == null && m.containsKey("driver")) {
            throw new InvalidConfigException(
                    file + ": '" + name + ".driver' has no value; write a driver name or remove it"
                            + " (the default is " + DEFAULT_DRIVER + ")");
        }
        String driver = d == null
                ? DEFAULT_DRIVER
                : Interpolation.resolve(file, name, "driver", d).toString();
        Object cfg = m.get("config");
        if (cfg == null && m.containsKey("config")) {
            throw new InvalidConfigException(file + ": '" + name + ".config' has no value; write its keys or remove it"
                    + " (an empty block never stands for a default store)");
        }
        Map<String, Object> settings = new LinkedHashMap<>();
        if (cfg != null) {
            String under = name + ".config";
            ConfigFiles.map(file, under, cfg).forEach((k, v) -> {
                if (v == null) {
                    throw new InvalidConfigException(
                            file + ": " + ConfigFiles.key(under, k) + " has no value; write a value or remove the key");
                }
                if (v instanceof Map || v instanceof List) {
                    throw new InvalidConfigException(file + ": " + ConfigFiles.key(under, k)
                            + " must be a single value, not " + ConfigFiles.kind(v));
                }
                if (!(v instanceof String || v instanceof Number || v instanceof Boolean)) {
                    throw new InvalidConfigException(
                            file + ": " + ConfigFiles.key(under, k) + " is " + ConfigFiles.kind(v)
                                    + "; expected a string, number or boolean (quote it to keep it as text)");
                }
                settings.put(k, Interpolation.resolve(file, under, k, v));
            });
        }
        return new Section(driver, settings);
    }
}
