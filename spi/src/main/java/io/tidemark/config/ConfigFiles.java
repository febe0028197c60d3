package io.tidemark.config;

import io.tidemark.InvalidConfigException;
import io.tidemark.spi.BackendConfig;
import io.tidemark.spi.support.Names;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.commons.configuration2.BaseHierarchicalConfiguration;
import org.apache.commons.configuration2.FileBasedConfiguration;
import org.apache.commons.configuration2.JSONConfiguration;
import org.apache.commons.configuration2.PropertiesConfiguration;
import org.apache.commons.configuration2.YAMLConfiguration;
import org.apache.commons.configuration2.ex.ConfigurationException;
import org.apache.commons.configuration2.interpol.ConfigurationInterpolator;
import org.apache.commons.configuration2.interpol.DefaultLookups;
import org.apache.commons.configuration2.tree.ImmutableNode;
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
 * Values may use {@code ${env:NAME}} and {@code ${sys:NAME}}. Every error is an {@link InvalidConfigException}
 * naming the file, the key and the value (secrets as {@code ****}), with a did-you-mean hint for unknown keys and
 * the parser's line number for syntax errors.
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
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new InvalidConfigException(file + ": cannot be read: " + e.getMessage(), e);
    }
    FileBasedConfiguration cfg;
    if (name.endsWith(".properties")) {
      cfg = new PropertiesConfiguration();
    } else if (name.endsWith(".json") || name.endsWith(".jsonld") || (!name.endsWith(".yaml") && !name.endsWith(".yml")
        && text.stripLeading().startsWith("{"))) {
      cfg = new JSONConfiguration();
    } else {
      cfg = new YAMLConfiguration();
    }
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      cfg.read(r);
    } catch (ConfigurationException | IOException | RuntimeException e) {
      throw new InvalidConfigException(file + ": syntax error: " + causes(e), e);
    }
    if (cfg instanceof PropertiesConfiguration p) {
      Map<String, Object> tree = new LinkedHashMap<>();
      for (Iterator<String> keys = p.getKeys(); keys.hasNext(); ) {
        String key = keys.next();
        put(file, tree, key, p.getProperty(key));
      }
      return tree;
    }
    Object root = tree(((BaseHierarchicalConfiguration) cfg).getNodeModel().getInMemoryRepresentation());
    if (!(root instanceof Map)) {
      throw new InvalidConfigException(file + ": expected a map of sections at the top level");
    }
    @SuppressWarnings("unchecked")
    Map<String, Object> m = (Map<String, Object>) root;
    return m;
  }

  private static void put(Path file, Map<String, Object> tree, String dotted, Object value) {
    String[] parts = dotted.split("\\.", 3);
    Map<String, Object> at = tree;
    for (int i = 0; i < parts.length - 1; i++) {
      Object next = at.computeIfAbsent(parts[i], k -> new LinkedHashMap<String, Object>());
      if (!(next instanceof Map)) {
        throw new InvalidConfigException(file + ": key '" + dotted + "' conflicts with the value of '" + parts[i] + "'");
      }
      @SuppressWarnings("unchecked")
      Map<String, Object> nm = (Map<String, Object>) next;
      at = nm;
    }
    at.put(parts[parts.length - 1], value);
  }

  /** Turns the parsed node tree into maps, lists (repeated names) and scalars. */
  private static Object tree(ImmutableNode node) {
    if (node.getChildren().isEmpty()) {
      return node.getValue();
    }
    Map<String, Object> m = new LinkedHashMap<>();
    for (ImmutableNode child : node.getChildren()) {
      Object v = tree(child);
      if (m.containsKey(child.getNodeName())) {
        Object prev = m.get(child.getNodeName());
        @SuppressWarnings("unchecked")
        List<Object> list = prev instanceof Repeated ? (List<Object>) prev : new Repeated(prev);
        list.add(v);
        m.put(child.getNodeName(), list);
      } else {
        m.put(child.getNodeName(), v);
      }
    }
    return m;
  }

  /** A list made of repeated node names. */
  private static final class Repeated extends ArrayList<Object> {
    private static final long serialVersionUID = 1L;

    Repeated(Object first) {
      add(first);
    }
  }

  private static String causes(Throwable e) {
    StringBuilder b = new StringBuilder();
    for (Throwable t = e; t != null; t = t.getCause()) {
      String m = t.getMessage();
      if (m != null && b.indexOf(m) < 0) {
        if (b.length() > 0) {
          b.append(": ");
        }
        b.append(m.replaceAll("\\s+", " ").trim());
      }
    }
    return b.toString();
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
        Object base = tree.get("base_dir");
        watermark = Optional.of(section(file, key, e.getValue(),
            Optional.of(Path.of(base == null ? SIGNATORY_BASE_DIR : interpolate(file, "base_dir", base).toString(), "watermark").toString())));
      } else {
        throw new InvalidConfigException(file + ": unknown top-level key '" + key + "'" + Names.didYouMean(key, SECTIONS)
            + "; expected " + SECTIONS);
      }
    }
    if (publisher.isEmpty() && watermark.isEmpty()) {
      throw new InvalidConfigException(file + ": no 'publisher:' or 'watermark:' section");
    }
    return new TidemarkConfig(file, publisher, watermark);
  }

  private static BackendConfig section(Path file, String name, Object body, Optional<String> defaultFileBaseDir) {
    Map<String, Object> m = body == null ? Map.of() : map(file, name, body);
    for (String k : m.keySet()) {
      if (!SECTION_KEYS.contains(k)) {
        throw new InvalidConfigException(file + ": unknown key '" + name + "." + k + "'" + Names.didYouMean(k, SECTION_KEYS)
            + "; a section has 'driver' and 'config'");
      }
    }
    Object d = m.get("driver");
    String driver = d == null ? "file" : interpolate(file, name + ".driver", d).toString();
    Map<String, Object> settings = new LinkedHashMap<>();
    Object cfg = m.get("config");
    if (cfg != null) {
      map(file, name + ".config", cfg).forEach((k, v) -> {
        if (v instanceof Map || v instanceof List) {
          throw new InvalidConfigException(file + ": '" + name + ".config." + k + "' must be a single value, not a "
              + (v instanceof Map ? "map" : "list"));
        }
        if (v != null) {
          settings.put(k, interpolate(file, name + ".config." + k, v));
        }
      });
    }
    if (driver.equalsIgnoreCase("file") && !settings.containsKey("base_dir") && defaultFileBaseDir.isPresent()) {
      settings.put("base_dir", defaultFileBaseDir.get());
    }
    return BackendConfig.of(driver, settings).withSourceFile(file);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Path file, String key, Object v) {
    if (!(v instanceof Map)) {
      throw new InvalidConfigException(file + ": '" + key + "' must be a map, got " + shown(key, v));
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
    Object r = INTERPOLATOR.interpolate(s);
    if (r == null || r.toString().contains("${")) {
      throw new InvalidConfigException(file + ": '" + key + "' refers to " + (BackendConfig.isSecret(key) ? "a variable" : "'" + s + "'")
          + " which is not set (only ${env:NAME} and ${sys:NAME} are understood)");
    }
    return r.toString();
  }

  private static String shown(String key, Object v) {
    return BackendConfig.isSecret(key) ? "****" : "'" + v + "'";
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
      throw new InvalidConfigException(file + ": no Publisher node" + (ref == null ? "" : " with @id '" + ref + "' (the connection's primaryPublisher)"));
    }
    Map<String, Object> settings = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : publisher.entrySet()) {
      String k = e.getKey();
      if (!FLUREE_PUBLISHER_KEYS.contains(k)) {
        throw new InvalidConfigException(file + ": unknown key '" + k + "' in Publisher node '" + publisher.get("@id") + "'"
            + Names.didYouMean(k, FLUREE_PUBLISHER_KEYS) + "; Tidemark reads a DynamoDB publisher: " + FLUREE_PUBLISHER_KEYS);
      }
      if (!k.startsWith("@")) {
        settings.put(k, interpolate(file, k, e.getValue()));
      }
    }
    if (!settings.containsKey("dynamodbTable")) {
      throw new InvalidConfigException(file + ": Publisher node '" + publisher.get("@id") + "' has no 'dynamodbTable' (required)");
    }
    return new TidemarkConfig(file, Optional.of(BackendConfig.of("aws", settings).withSourceFile(file)), Optional.empty());
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
