package io.tidemark.config;

import io.tidemark.BackendConfig;
import io.tidemark.InvalidConfigException;
import io.tidemark.Names;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Reads a config file into a tree (maps, lists, scalars) and hands it to the format it is written in:
 * {@link LedgerFormat} (JSON-LD: {@code @graph} or {@code @type} at the top), {@link NativeFormat} (a
 * {@code publisher:} section) or {@link SignerFormat} (otherwise: Signatory's file has no publisher). The syntax is
 * chosen by the extension ({@code .yaml}/{@code .yml}, {@code .json}/{@code .jsonld}, {@code .properties}), else by
 * the first character. Also the helpers the formats share: {@link #backend}, {@link #map}, {@link #kind},
 * {@link #key}.
 */
final class ConfigFiles {
    /** Largest config file read, in bytes (1 MiB): larger files are refused unread. */
    static final int MAX_FILE_BYTES = 1 << 20;
    /** Most values (scalars, lists and maps) a YAML document may expand to through its aliases. */
    static final int MAX_VALUES = 100_000;
    /** Deepest nesting of lists and maps in a config file. */
    static final int MAX_DEPTH = 32;

    private ConfigFiles() {}

    /** See {@link TidemarkConfig#load(Path)}. */
    static TidemarkConfig load(Path file) {
        if (!Files.exists(file)) {
            throw new InvalidConfigException(file + ": no such config file");
        }
        if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
            throw new InvalidConfigException(file + ": not a readable file");
        }
        Map<String, Object> tree = parse(file);
        if (tree.containsKey("@graph") || tree.containsKey("@type")) {
            return LedgerFormat.read(file, tree);
        }
        return tree.containsKey(NativeFormat.PUBLISHER) ? NativeFormat.read(file, tree) : SignerFormat.read(file, tree);
    }

    // ---- parsing ----

    private static Map<String, Object> parse(Path file) {
        String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
        String text = read(file);
        Object root;
        if (name.endsWith(".properties")) {
            return properties(file, text);
        } else if (name.endsWith(".json")
                || name.endsWith(".jsonld")
                || (!name.endsWith(".yaml")
                        && !name.endsWith(".yml")
                        && text.stripLeading().startsWith("{"))) {
            root = ConfigSyntax.json(file, text);
            if (!(root instanceof Map)) {
                throw new InvalidConfigException(file + ": expected a JSON object at the top level");
            }
        } else {
            root = ConfigSyntax.yaml(file, text);
            if (root == null) {
                return new LinkedHashMap<>();
            }
            if (!(root instanceof Map)) {
                throw new InvalidConfigException(file + ": expected a map of sections at the top level");
            }
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> m = (Map<String, Object>) root;
        return m;
    }

    /** The file as text: at most {@link #MAX_FILE_BYTES}, strict UTF-8, a leading byte order mark dropped. */
    private static String read(Path file) {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_FILE_BYTES + 1);
        } catch (IOException e) {
            throw new InvalidConfigException(file + ": cannot be read: " + e.getMessage(), e);
        }
        if (bytes.length > MAX_FILE_BYTES) {
            throw new InvalidConfigException(
                    file + ": larger than " + MAX_FILE_BYTES + " bytes; a config file is small");
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8
                .newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult r = decoder.decode(in, out, true);
        if (r.isError()) {
            throw new InvalidConfigException(file + ": not valid UTF-8 at byte " + in.position());
        }
        decoder.flush(out);
        String text = out.flip().toString();
        return text.startsWith("\uFEFF") ? text.substring(1) : text;
    }

    /** A {@code .properties} file as a tree: {@code a.b.c=v} becomes {@code {a: {b: {c: v}}}} (at most 3 levels). */
    private static Map<String, Object> properties(Path file, String text) {
        Map<String, Object> ordered = new LinkedHashMap<>();
        Properties p = new Properties() {
            private static final long serialVersionUID = 1L;

            @Override
            public synchronized Object put(Object key, Object value) {
                ordered.put((String) key, value);
                return super.put(key, value);
            }
        };
        try {
            p.load(new StringReader(text));
        } catch (IOException | IllegalArgumentException e) {
            throw ConfigSyntax.propertiesError(file, text);
        }
        Map<String, Object> tree = new LinkedHashMap<>();
        ordered.forEach((k, v) -> put(file, tree, k, v));
        return tree;
    }

    private static void put(Path file, Map<String, Object> tree, String dotted, Object value) {
        String[] parts = dotted.split("\\.", 3);
        Map<String, Object> at = tree;
        for (int i = 0; i < parts.length - 1; i++) {
            Object next = at.computeIfAbsent(parts[i], k -> new LinkedHashMap<String, Object>());
            if (!(next instanceof Map)) {
                throw conflict(file, dotted, String.join(".", Arrays.copyOf(parts, i + 1)));
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> nm = (Map<String, Object>) next;
            at = nm;
        }
        if (at.get(parts[parts.length - 1]) instanceof Map) {
            throw conflict(file, dotted, dotted);
        }
        at.put(parts[parts.length - 1], value);
    }

    private static InvalidConfigException conflict(Path file, String dotted, String prefix) {
        return new InvalidConfigException(file + ": key " + Names.quote(dotted) + " conflicts with the keys under "
                + Names.quote(prefix) + ": a key cannot hold both a value and other keys");
    }

    // ---- shared by the formats ----

    /** {@link BackendConfig#of}, read from {@code file}; its errors name the file and the section. */
    static BackendConfig backend(Path file, String section, String driver, Map<String, Object> settings) {
        try {
            return BackendConfig.of(driver, settings).withSourceFile(file, realDirectory(file));
        } catch (InvalidConfigException e) {
            throw new InvalidConfigException(file + ": " + section + ": " + e.getMessage());
        }
    }

    /** The directory {@code file} really is in, links to it or to a directory above it followed. */
    private static Path realDirectory(Path file) {
        try {
            return file.toRealPath().getParent();
        } catch (IOException e) {
            throw new InvalidConfigException(file + ": cannot resolve its real directory ("
                    + e.getClass().getSimpleName() + ")");
        }
    }

    /** {@code v} as a map, or an error naming {@code key} and what {@code v} is. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Path file, String key, Object v) {
        if (!(v instanceof Map)) {
            throw new InvalidConfigException(file + ": '" + key + "' must be a map, got " + kind(v));
        }
        return (Map<String, Object>) v;
    }

    /** What a value is, for a message that must not show it: "a string", "a list", ... */
    static String kind(Object v) {
        return v == null
                ? "nothing"
                : v instanceof String
                        ? "a string"
                        : v instanceof List
                                ? "a list"
                                : v instanceof Map
                                        ? "a map"
                                        : v instanceof Number
                                                ? "a number"
                                                : v instanceof Boolean
                                                        ? "a boolean"
                                                        : "a " + v.getClass().getSimpleName();
    }

    /**
     * The key {@code under.key} ({@code key} at the top level, when {@code under} is empty) for a message: quoted when
     * {@code key} reads as a name; otherwise only its length. A broken file can turn a value (a secret) into a key, so
     * a key that does not read as a name is never shown.
     */
    static String key(String under, String key) {
        String shown = Names.unknownKey(key, List.of());
        if (under.isEmpty()) {
            return shown.startsWith("'") ? shown : "a key " + shown;
        }
        return shown.startsWith("'")
                ? Names.quote(under + "." + key)
                : "a key under " + Names.quote(under) + " " + shown;
    }
}
