package io.tidemark.config;

import io.tidemark.InvalidConfigException;
import io.tidemark.Names;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ledger's (Fluree's) JSON-LD connection config: an {@code @graph} whose {@code Connection} node's
 * {@code primaryPublisher} references a {@code Publisher} node: the nameservice guide's DynamoDB publisher, opened
 * with driver {@link #DRIVER}. The node's properties ({@link #PROPERTIES}) are camelCase JSON-LD names for every key
 * the {@code aws} backend documents for publishers: {@link #TABLE} (required), {@code dynamodbRegion},
 * {@code dynamodbEndpoint} and {@code dynamodbTimeoutMs} (the guide's, and the backend's own names), and
 * {@code dynamodbCreateTable}, {@code dynamodbAccessKeyId}, {@code dynamodbSecretAccessKey},
 * {@code dynamodbSessionToken} (the backend's {@code create_table} and static credentials, secret). Storage nodes
 * are ignored (Tidemark keeps only the nameservice). A file holding just the Publisher node (as the guide's
 * LocalStack example) is read the same way. Any other key in the Publisher node is an error with a did-you-mean.
 */
final class LedgerFormat {
    private static final Logger LOG = LoggerFactory.getLogger(LedgerFormat.class);
    /** The Tidemark driver a DynamoDB Publisher node opens. */
    static final String DRIVER = "aws";
    /** The Publisher node's table key, required. */
    static final String TABLE = "dynamodbTable";
    /** The Publisher node's properties, each with the {@link #DRIVER} backend's key it sets. */
    static final Map<String, String> PROPERTIES = properties();

    private static final List<String> NODE_KEYS = nodeKeys();

    private static Map<String, String> properties() {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(TABLE, TABLE);
        m.put("dynamodbRegion", "dynamodbRegion");
        m.put("dynamodbEndpoint", "dynamodbEndpoint");
        m.put("dynamodbTimeoutMs", "dynamodbTimeoutMs");
        m.put("dynamodbCreateTable", "create_table");
        m.put("dynamodbAccessKeyId", "access_key_id");
        m.put("dynamodbSecretAccessKey", "secret_access_key");
        m.put("dynamodbSessionToken", "session_token");
        return Collections.unmodifiableMap(m);
    }

    private static List<String> nodeKeys() {
        List<String> k = new ArrayList<>(List.of("@id", "@type"));
        k.addAll(PROPERTIES.keySet());
        return List.copyOf(k);
    }

    private LedgerFormat() {}

    static TidemarkConfig read(Path file, Map<String, Object> tree) {
        List<Map<String, Object>> nodes = new ArrayList<>();
        Object graph = tree.containsKey("@graph") ? tree.get("@graph") : tree;
        for (Object n : graph instanceof List<?> l ? l : List.of(graph)) {
            nodes.add(ConfigFiles.map(file, "@graph", n));
        }
        Optional<Map<String, Object>> connection =
                nodes.stream().filter(n -> isType(n, "Connection")).findFirst();
        String ref = connection
                .map(c -> c.get("primaryPublisher"))
                .map(p -> p instanceof Map<?, ?> pm ? pm.get("@id") : p)
                .map(Object::toString)
                .orElse(null);
        Map<String, Object> publisher = null;
        for (Map<String, Object> n : nodes) {
            if (isType(n, "Publisher") && (ref == null || ref.equals(n.get("@id")))) {
                publisher = n;
            } else if (!isType(n, "Connection")) {
                LOG.debug(
                        "{}: ignoring node '{}' of type {}: Tidemark keeps only the nameservice",
                        file,
                        n.get("@id"),
                        n.get("@type"));
            }
        }
        if (publisher == null) {
            throw new InvalidConfigException(file + ": no Publisher node"
                    + (ref == null ? "" : " with @id " + Names.quote(ref) + " (the connection's primaryPublisher)"));
        }
        Map<String, Object> settings = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : publisher.entrySet()) {
            String k = e.getKey();
            if (!NODE_KEYS.contains(k)) {
                String nativeName = PROPERTIES.entrySet().stream()
                        .filter(p -> p.getValue().equals(k))
                        .map(p -> " (in JSON-LD '" + k + "' is spelled '" + p.getKey() + "')")
                        .findFirst()
                        .orElse(Names.didYouMean(k, NODE_KEYS));
                throw new InvalidConfigException(file + ": unknown key " + Names.unknownKey(k, NODE_KEYS)
                        + " in Publisher node " + Names.quote(publisher.get("@id")) + nativeName
                        + "; Tidemark reads a DynamoDB publisher: " + NODE_KEYS);
            }
            if (!k.startsWith("@")) {
                settings.put(PROPERTIES.get(k), Interpolation.resolve(file, "", k, e.getValue()));
            }
        }
        if (!settings.containsKey(TABLE)) {
            throw new InvalidConfigException(file + ": Publisher node " + Names.quote(publisher.get("@id"))
                    + " has no '" + TABLE + "' (required)");
        }
        return new TidemarkConfig(
                file, Optional.of(ConfigFiles.backend(file, "Publisher node", DRIVER, settings)), Optional.empty());
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
