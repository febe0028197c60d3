package io.tidemark.config;

import io.tidemark.InvalidConfigException;
import io.tidemark.BackendConfig;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import org.apache.commons.configuration2.interpol.ConfigurationInterpolator;
import org.apache.commons.configuration2.interpol.DefaultLookups;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the three config formats Tidemark accepts, chosen by the file's extension ({@code .yaml}/{@code .yml},
 * {@code .json}/{@code .jsonld}, {@code .properties}; otherwise by its first character):
 * <ul>
 *   <li><b>Native / Signatory-style YAML or properties</b>: top-level {@code publisher:} and {@code watermark:}
 *       sections, each {@code driver} (default {@code file}) and {@code config} (the backend's keys). A watermark on
 *       the file driver without {@code base_dir} uses Signatory's: {@code <base_dir>/watermark}, with the top-level
 *       {@code base_dir} or {@code /var/lib/signatory}. Signatory's other top-level sections ({@code server},
 *       {@code vaults}, {@code tezos}, {@code policy}) are ignored; any other key is an error.</li>
 *   <li><b>Fluree JSON-LD connection config</b>: an {@code @graph} whose {@code Connection} node's
 *       {@code primaryPublisher} references a {@code Publisher} node with {@code dynamodbTable} (required),
 *       {@code dynamodbRegion}, {@code dynamodbEndpoint}, {@code dynamodbTimeoutMs}: driver {@code aws}. Storage
 *       nodes are ignored (Tidemark keeps only the nameservice). A file holding just the Publisher node (as the
 *       guide's LocalStack example) is read the same way.</li>
 * </ul>
 * Values may use {@code ${env:NAME}} and {@code ${sys:NAME}}. Relative paths in the file resolve against the
 * file's real directory, links followed ({@code file.toRealPath().getParent()}, see {@link BackendConfig}).
 *
 * <p>Every error is one {@link InvalidConfigException} naming the file and the key, with a did-you-mean hint for
 * unknown keys. A key written with no value ({@code base_dir:} in YAML) is an error like an empty string, never
 * dropped or replaced by a default. A syntax error gives the line, the column and what the parser expected, never the text of the
 * document (a value there may be a secret) and never the parser's exception as its cause. Files are read only up
 * to {@link #MAX_FILE_BYTES}; YAML aliases may not refer to the list or map they are in, nor expand the document
 * beyond {@link #MAX_VALUES} values; nesting is limited to {@link #MAX_DEPTH} levels. So a hostile file fails
 * quickly with a one-line message, and no {@link Error} escapes.
 */
public final class ConfigFiles {
  private static final Logger LOG = LoggerFactory.getLogger(ConfigFiles.class);
  private static final Set<String> SECTIONS = Set.of("publisher", "watermark");
  private static final Set<String> SIGNATORY_SECTIONS = Set.of("base_dir", "server", "vaults", "tezos", "policy");
  private static final Set<String> SECTION_KEYS = Set.of("driver", "config");
  private static final Set<String> FLUREE_PUBLISHER_KEYS = Set.of("@id", "@type", "dynamodbTable", "dynamodbRegion",
      "dynamodbEndpoint", "dynamodbTimeoutMs");
  /** Signatory's documented default {@code base_dir}. */
  public static final String SIGNATORY_BASE_DIR = "/var/lib/signatory";
  /** Largest config file read, in bytes (1 MiB): larger files are refused unread. */
  public static final int MAX_FILE_BYTES = 1 << 20;
  /** Most values (scalars, lists and maps) a YAML document may expand to through its aliases. */
  public static final int MAX_VALUES = 100_000;
  /** Deepest nesting of lists and maps in a config file. */
  public static final int MAX_DEPTH = 32;

  private ConfigFiles() {}

  /** Reads {@code file}; see the class comment for the formats. */
  public static TidemarkConfig load(Path file) {
    if (!Files.exists(file)) {
      throw new InvalidConfigException(file + ": no such config file");
    }
    if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
      throw new InvalidConfigException(file + ": not a readable file");
    }
    Map<String, Object> tree = parse(file);
    return tree.containsKey("@graph") || tree.containsKey("@type") ? fluree(file, tree) : sections(file, tree);
  }

  // ---- parsing ----

  private static Map<String, Object> parse(Path file) {
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    String text = read(file);
    Object root;
    if (name.endsWith(".properties")) {
      return properties(file, text);
    } else if (name.endsWith(".json") || name.endsWith(".jsonld") || (!name.endsWith(".yaml") && !name.endsWith(".yml")
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
      throw new InvalidConfigException(file + ": larger than " + MAX_FILE_BYTES + " bytes; a config file is small");
    }
    CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
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
        throw conflict(file, dotted, String.join(".", java.util.Arrays.copyOf(parts, i + 1)));
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

  // ---- native and Signatory-style sections ----

  private static TidemarkConfig sections(Path file, Map<String, Object> tree) {
    Optional<BackendConfig> publisher = Optional.empty();
    Optional<BackendConfig> watermark = Optional.empty();
    for (Map.Entry<String, Object> e : tree.entrySet()) {
      String key = e.getKey();
      if (SIGNATORY_SECTIONS.contains(key)) {
        LOG.debug("{}: ignoring Signatory section '{}'", file, key);
      } else if (key.equals("publisher")) {
        publisher = Optional.of(section(file, key, e.getValue(), Optional.empty()));
      } else if (key.equals("watermark")) {
        watermark = Optional.of(section(file, key, e.getValue(), Optional.of(signatoryWatermarkDir(file, tree))));
      } else {
        throw new InvalidConfigException(file + ": unknown top-level key " + Names.unknownKey(key, SECTIONS) + Names.didYouMean(key, SECTIONS)
            + "; expected " + SECTIONS);
      }
    }
    if (publisher.isEmpty() && watermark.isEmpty()) {
      throw new InvalidConfigException(file + ": no 'publisher:' or 'watermark:' section");
    }
    return new TidemarkConfig(file, publisher, watermark);
  }

  /** {@code <base_dir>/watermark}, with Signatory's top-level {@code base_dir} or its default. */
  private static String signatoryWatermarkDir(Path file, Map<String, Object> tree) {
    Object base = tree.get("base_dir");
    if (base == null && tree.containsKey("base_dir")) {
      throw new InvalidConfigException(file + ": 'base_dir' has no value; write a directory or remove the key");
    }
    if (base instanceof Map || base instanceof List) {
      throw new InvalidConfigException(file + ": 'base_dir' must be a single value, not " + kind(base));
    }
    String dir = base == null ? SIGNATORY_BASE_DIR : interpolate(file, "base_dir", base).toString();
    if (dir.chars().anyMatch(Character::isISOControl)) {
      throw new InvalidConfigException(file + ": 'base_dir' is " + Names.quote(dir)
          + "; expected a file system path (it contains a control character)");
    }
    return dir.endsWith("/") ? dir + "watermark" : dir + "/watermark";
  }

  private static BackendConfig section(Path file, String name, Object body, Optional<String> defaultFileBaseDir) {
    if (body == null) {
      throw new InvalidConfigException(file + ": section '" + name + "' has no value; write its driver and config"
          + " (an empty section never stands for a default store)");
    }
    Map<String, Object> m = map(file, name, body);
    for (String k : m.keySet()) {
      if (!SECTION_KEYS.contains(k)) {
        String shown = Names.unknownKey(k, SECTION_KEYS);
        throw new InvalidConfigException(file + ": unknown key " + (shown.startsWith("'") ? Names.quote(name + "." + k)
            : name + "." + shown) + Names.didYouMean(k, SECTION_KEYS)
            + "; a section has 'driver' and 'config'");
      }
    }
    Object d = m.get("driver");
    if (d == null && m.containsKey("driver")) {
      throw new InvalidConfigException(file + ": '" + name + ".driver' has no value; write a driver name or remove it"
          + " (the default is file)");
    }
    String driver = d == null ? "file" : interpolate(file, name + ".driver", d).toString();
    Map<String, Object> settings = new LinkedHashMap<>();
    Object cfg = m.get("config");
    if (cfg == null && m.containsKey("config")) {
      throw new InvalidConfigException(file + ": '" + name + ".config' has no value; write its keys or remove it"
          + " (an empty block never stands for a default store)");
    }
    if (cfg != null) {
      map(file, name + ".config", cfg).forEach((k, v) -> {
        if (v instanceof Map || v instanceof List) {
          throw new InvalidConfigException(file + ": '" + name + ".config." + Names.escape(k) + "' must be a single value, not a "
              + (v instanceof Map ? "map" : "list"));
        }
        settings.put(k, interpolate(file, name + ".config." + k, v)); // null: BackendConfig.of names the key
      });
    }
    if (driver.equalsIgnoreCase("file") && !settings.containsKey("base_dir") && defaultFileBaseDir.isPresent()) {
      settings.put("base_dir", defaultFileBaseDir.get());
    }
    return backend(file, name, driver, settings);
  }

  /** {@link BackendConfig#of}, its errors naming the file and section. */
  private static BackendConfig backend(Path file, String section, String driver, Map<String, Object> settings) {
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
      throw new InvalidConfigException(file + ": cannot resolve its real directory (" + e.getClass().getSimpleName()
          + ")");
    }
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Path file, String key, Object v) {
    if (!(v instanceof Map)) {
      throw new InvalidConfigException(file + ": '" + key + "' must be a map, got " + kind(v));
    }
    return (Map<String, Object>) v;
  }

  private static final ConfigurationInterpolator INTERPOLATOR = new ConfigurationInterpolator();

  static {
    INTERPOLATOR.registerLookup("env", DefaultLookups.ENVIRONMENT.getLookup());
    INTERPOLATOR.registerLookup("sys", DefaultLookups.SYSTEM_PROPERTIES.getLookup());
  }

  /** Resolves {@code ${env:NAME}} and {@code ${sys:NAME}}; an unresolved reference is an error naming the key. */
  private static Object interpolate(Path file, String key, Object v) {
    if (!(v instanceof String s) || !s.contains("${")) {
      return v;
    }
    String shown = BackendConfig.isSecret(key) ? "a variable" : Names.quote(s);
    Object r;
    try {
      r = INTERPOLATOR.interpolate(s);
    } catch (RuntimeException e) { // commons-text: "Infinite loop in property interpolation of ..."
      throw new InvalidConfigException(file + ": '" + Names.escape(key) + "' refers to " + shown
          + " whose value refers to itself (directly or through other variables)");
    }
    if (r == null || r.toString().contains("${")) {
      throw new InvalidConfigException(file + ": '" + Names.escape(key) + "' refers to " + shown
          + " which is not set (only ${env:NAME} and ${sys:NAME} are understood)");
    }
    return r.toString();
  }

  /** What a value is, for a message that must not show it: "a string", "a list", ... */
  private static String kind(Object v) {
    return v == null ? "nothing" : v instanceof String ? "a string" : v instanceof List ? "a list"
        : v instanceof Number ? "a number" : v instanceof Boolean ? "a boolean" : "a " + v.getClass().getSimpleName();
  }

  // ---- Fluree JSON-LD ----

  private static TidemarkConfig fluree(Path file, Map<String, Object> tree) {
    List<Map<String, Object>> nodes = new ArrayList<>();
    Object graph = tree.containsKey("@graph") ? tree.get("@graph") : tree;
    for (Object n : graph instanceof List<?> l ? l : List.of(graph)) {
      nodes.add(map(file, "@graph", n));
    }
    Optional<Map<String, Object>> connection = nodes.stream().filter(n -> isType(n, "Connection")).findFirst();
    String ref = connection.map(c -> c.get("primaryPublisher")).map(p -> p instanceof Map<?, ?> pm ? pm.get("@id") : p)
        .map(Object::toString).orElse(null);
    Map<String, Object> publisher = null;
    for (Map<String, Object> n : nodes) {
      if (isType(n, "Publisher") && (ref == null || ref.equals(n.get("@id")))) {
        publisher = n;
      } else if (!isType(n, "Connection")) {
        LOG.debug("{}: ignoring node '{}' of type {}: Tidemark keeps only the nameservice", file, n.get("@id"), n.get("@type"));
      }
    }
    if (publisher == null) {
      throw new InvalidConfigException(file + ": no Publisher node" + (ref == null ? ""
          : " with @id " + Names.quote(ref) + " (the connection's primaryPublisher)"));
    }
    Map<String, Object> settings = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : publisher.entrySet()) {
      String k = e.getKey();
      if (!FLUREE_PUBLISHER_KEYS.contains(k)) {
        throw new InvalidConfigException(file + ": unknown key " + Names.unknownKey(k, FLUREE_PUBLISHER_KEYS) + " in Publisher node "
            + Names.quote(publisher.get("@id"))
            + Names.didYouMean(k, FLUREE_PUBLISHER_KEYS) + "; Tidemark reads a DynamoDB publisher: " + FLUREE_PUBLISHER_KEYS);
      }
      if (!k.startsWith("@")) {
        settings.put(k, interpolate(file, k, e.getValue()));
      }
    }
    if (!settings.containsKey("dynamodbTable")) {
      throw new InvalidConfigException(file + ": Publisher node " + Names.quote(publisher.get("@id"))
          + " has no 'dynamodbTable' (required)");
    }
    return new TidemarkConfig(file, Optional.of(backend(file, "Publisher node", "aws", settings)), Optional.empty());
  }

  private static boolean isType(Map<String, Object> node, String type) {
    Object t = node.get("@type");
    for (Object x : t instanceof List<?> l ? l : List.of(String.valueOf(t))) {
      String s = String.valueOf(x);
      if (s.equals(type) || s.endsWith("#" + type) || s.endsWith("/" + type)) {
        return true;
      }
    }
    return false;
  }
}
