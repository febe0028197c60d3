package io.tidemark.config;

import io.tidemark.BackendConfig;
import io.tidemark.InvalidConfigException;
import io.tidemark.Names;
import io.tidemark.NoSuchBackendException;
import io.tidemark.discovery.Driver;
import io.tidemark.discovery.Tidemark;
import io.tidemark.spi.ConfigKey;
import io.tidemark.spi.ConfigKey.Contract;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The signer's config file, Signatory's YAML, read as Signatory reads it: {@code watermark: {driver, config}} (the
 * driver defaults to {@code file}, the config passed through to the backend as written, see {@link Section}), and
 * Signatory's other top-level sections ({@code server}, {@code vaults}, {@code tezos}, {@code policy}) allowed and
 * ignored.
 *
 * <p>Signatory's own vocabulary: its data directory, the top-level key {@link #DATA_DIR_KEY} (default
 * {@link #DEFAULT_DATA_DIR}), and its file watermark backend, which keeps marks in {@code <data dir>/watermark}. So a
 * watermark on the {@code file} driver whose config does not name its directory gets that one. Which key of
 * Tidemark's file backend takes a directory is the backend's to say: the one path key it declares required and part
 * of the store's identity for watermark stores ({@link BackendProvider#keys()}), so this class never spells it. If
 * no {@code file} backend is on the class path the section is left as written (opening it then fails with
 * {@link NoSuchBackendException}).
 */
final class SignerFormat {
    private static final Logger LOG = LoggerFactory.getLogger(SignerFormat.class);
    /** Signatory's top-level key for its data directory (Signatory's vocabulary, not a Tidemark backend's key). */
    static final String DATA_DIR_KEY = "base_dir";
    /** Signatory's documented default data directory. */
    static final String DEFAULT_DATA_DIR = "/var/lib/signatory";
    /** Signatory's driver name for its file watermark backend, answered by Tidemark's {@code file} backend. */
    static final String FILE_DRIVER = "file";
    /** Signatory's top-level sections Tidemark does not read. */
    static final List<String> IGNORED = List.of("server", "vaults", "tezos", "policy");

    private SignerFormat() {}

    static TidemarkConfig read(Path file, Map<String, Object> tree) {
        Optional<BackendConfig> watermark = Optional.empty();
        for (Map.Entry<String, Object> e : tree.entrySet()) {
            String key = e.getKey();
            if (key.equals(NativeFormat.WATERMARK)) {
                watermark = Optional.of(watermark(file, e.getValue(), dataDir(file, tree)));
            } else if (IGNORED.contains(key)) {
                LOG.debug("{}: ignoring Signatory section '{}'", file, key);
            } else if (!key.equals(DATA_DIR_KEY)) { // the data directory is read with the watermark section
                List<String> signatory = new ArrayList<>(List.of(DATA_DIR_KEY));
                signatory.addAll(IGNORED);
                List<String> known = new ArrayList<>(NativeFormat.SECTIONS);
                known.addAll(signatory);
                throw new InvalidConfigException(file + ": unknown top-level key " + Names.unknownKey(key, known)
                        + Names.didYouMean(key, known) + "; expected " + NativeFormat.SECTIONS
                        + " (a Signatory file may also have "
                        + signatory + ")");
            }
        }
        if (watermark.isEmpty()) {
            throw new InvalidConfigException(file + ": no 'publisher:' or 'watermark:' section");
        }
        return new TidemarkConfig(file, Optional.empty(), watermark);
    }

    private static BackendConfig watermark(Path file, Object body, String dataDir) {
        Section s = Section.read(file, NativeFormat.WATERMARK, body);
        Map<String, Object> settings = new LinkedHashMap<>(s.settings());
        if (s.driver().trim().equalsIgnoreCase(FILE_DRIVER)) {
            Optional<Driver> p = fileBackend();
            List<String> keys = p.map(SignerFormat::directoryKeys).orElse(List.of());
            if (p.isPresent() && keys.stream().noneMatch(settings::containsKey)) {
                if (keys.size() != 1) {
                    throw new InvalidConfigException(
                            file + ": the file backend (" + p.get().getClass().getName()
                                    + ") declares " + keys.size()
                                    + " required path keys for a watermark store, not one; write the"
                                    + " directory in 'watermark.config'");
                }
                settings.put(keys.get(0), dataDir + (dataDir.endsWith("/") ? "" : "/") + "watermark");
            }
        }
        return ConfigFiles.backend(file, NativeFormat.WATERMARK, s.driver(), settings);
    }

    /** Signatory's data directory: the top-level {@link #DATA_DIR_KEY}, or its default. */
    private static String dataDir(Path file, Map<String, Object> tree) {
        Object base = tree.get(DATA_DIR_KEY);
        if (base == null && tree.containsKey(DATA_DIR_KEY)) {
            throw new InvalidConfigException(
                    file + ": '" + DATA_DIR_KEY + "' has no value; write a directory or remove" + " the key");
        }
        if (base instanceof Map || base instanceof List) {
            throw new InvalidConfigException(
                    file + ": '" + DATA_DIR_KEY + "' must be a single value, not " + ConfigFiles.kind(base));
        }
        String dir = base == null
                ? DEFAULT_DATA_DIR
                : Interpolation.resolve(file, "", DATA_DIR_KEY, base).toString();
        if (dir.chars().anyMatch(Character::isISOControl)) {
            throw new InvalidConfigException(file + ": '" + DATA_DIR_KEY + "' is " + Names.quote(dir)
                    + "; expected a file system path (it contains a control character)");
        }
        return dir;
    }

    /** Tidemark's file backend, if one is on the class path. */
    private static Optional<Driver> fileBackend() {
        try {
            return Optional.of(Tidemark.describe(FILE_DRIVER));
        } catch (NoSuchBackendException e) {
            return Optional.empty();
        }
    }

    /**
     * The keys {@code p} takes a watermark store's directory by: the {@link ConfigKey.Type#PATH} keys it declares
     * required and identity for watermark stores (the file backend declares one).
     */
    static List<String> directoryKeys(Driver p) {
        return p.keys().stream()
                .filter(k -> k.appliesTo(Contract.WATERMARK)
                        && k.type() == ConfigKey.Type.PATH
                        && k.required()
                        && k.identity())
                .map(ConfigKey::name)
                .toList();
    }
}
