package io.tidemark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.BackendConfig;
import io.tidemark.config.TidemarkConfig;
import io.tidemark.discovery.Tidemark;
import io.tidemark.spi.BackendProvider;
import io.tidemark.spi.ConfigKey;
import io.tidemark.spi.ConfigKey.Contract;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The config module's three formats agree with the keys the real backends declare ({@link BackendProvider#keys()}):
 * every key a format emits is one the backend takes for that contract, every key the backend requires is there,
 * and the native format passes every declared key through unchanged. Fails when a backend renames a key a format
 * writes. Here because this module is the one that sees the config module and every backend (the backends' tests
 * read config files, so the config module cannot depend on them).
 */
class ConfigFormatsAgreeWithProvidersTest {
    @TempDir
    Path dir;

    private static Set<String> keys(String driver, Contract contract) {
        return Tidemark.describe(driver).keys().stream()
                .filter(k -> k.appliesTo(contract))
                .map(ConfigKey::name)
                .collect(Collectors.toSet());
    }

    private static Set<String> required(String driver, Contract contract) {
        return Tidemark.describe(driver).keys().stream()
                .filter(k -> k.appliesTo(contract) && k.required())
                .map(ConfigKey::name)
                .collect(Collectors.toSet());
    }

    /** What discovery checks before opening: only declared keys, every required key set. */
    private static void assertOpensWithoutKeyErrors(BackendConfig c, Contract contract) {
        c.requireOnly(keys(c.driver(), contract));
        assertThat(c.settings().keySet()).containsAll(required(c.driver(), contract));
    }

    /** The guides' examples (as in the config module's test resources). */
    private static final String FLUREE_CONNECTION =
            """
      {"@context": {"@vocab": "https://ns.flur.ee/system#"},
       "@graph": [{"@id": "s3Storage", "@type": "Storage", "s3Bucket": "fluree-production-data"},
                  {"@id": "dynamodbNs", "@type": "Publisher", "dynamodbTable": "fluree-nameservice",
                   "dynamodbRegion": "us-east-1"},
                  {"@id": "connection", "@type": "Connection", "primaryPublisher": {"@id": "dynamodbNs"}}]}
      """;

    private static final String FLUREE_PUBLISHER_NODE =
            """
      {"@id": "dynamodbNs", "@type": "Publisher", "dynamodbTable": "fluree-nameservice",
       "dynamodbEndpoint": "http://localhost:4566", "dynamodbRegion": "us-east-1"}
      """;
    private static final String SIGNATORY_WATERMARK =
            """
      watermark:
        driver: aws
        config:
          region: us-east-1
          # Optional: override default table name
          table: my_custom_watermark_table
      """;

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void theRealBackendsAreOnTheClassPath() {
        assertThat(Tidemark.drivers()).contains("aws", "file", "mem");
    }

    @Test
    void theLedgerFormatEmitsTheAwsPublisherKeys() throws IOException {
        List<String> emitted = List.of("dynamodbTable", "dynamodbRegion", "dynamodbEndpoint", "dynamodbTimeoutMs");
        assertThat(keys("aws", Contract.PUBLISHER)).containsAll(emitted);
        assertThat(emitted).containsAll(required("aws", Contract.PUBLISHER));
        for (String guide : List.of(FLUREE_CONNECTION, FLUREE_PUBLISHER_NODE)) {
            assertOpensWithoutKeyErrors(
                    TidemarkConfig.load(write("guide.jsonld", guide)).requirePublisher(), Contract.PUBLISHER);
        }
        Path all = Files.writeString(
                dir.resolve("all.jsonld"),
                "{\"@type\": \"Publisher\", \"dynamodbTable\": \"t\","
                        + " \"dynamodbRegion\": \"eu-west-1\", \"dynamodbEndpoint\": \"http://localhost:8000\","
                        + " \"dynamodbTimeoutMs\": 2500}");
        BackendConfig c = TidemarkConfig.load(all).requirePublisher();
        assertThat(c.driver()).isEqualTo("aws");
        assertThat(c.settings().keySet()).containsExactlyInAnyOrderElementsOf(emitted);
        assertOpensWithoutKeyErrors(c, Contract.PUBLISHER);
    }

    /**
     * The JSON-LD Publisher node can set every publisher key the aws backend declares (each under its camelCase
     * property, as the backend's README table maps them), and nothing else.
     */
    @Test
    void theLedgerFormatCanSetEveryAwsPublisherKey() throws IOException {
        Map<String, String> properties = new LinkedHashMap<>();
        Matcher row = Pattern.compile("(?m)^\\| `([a-z_A-Z]+)` \\| `(dynamodb[A-Za-z]+)` \\|")
                .matcher(Files.readString(Path.of("../backend-dynamodb/README.md")));
        while (row.find()) {
            properties.put(row.group(2), row.group(1));
        }
        assertThat(properties.values())
                .as("the README's publisher keys")
                .containsExactlyInAnyOrderElementsOf(keys("aws", Contract.PUBLISHER));
        StringBuilder node = new StringBuilder("{\"@type\": \"Publisher\"");
        for (String p : properties.keySet()) {
            Object value = p.equals("dynamodbCreateTable")
                    ? "true"
                    : p.equals("dynamodbTimeoutMs") ? "2500" : "\"v-" + p + "\"";
            node.append(", \"").append(p).append("\": ").append(value);
        }
        BackendConfig c = TidemarkConfig.load(
                        write("every.jsonld", node.append("}").toString()))
                .requirePublisher();
        for (Map.Entry<String, String> e : properties.entrySet()) {
            assertThat(c.settings()).as(e.getKey()).containsKey(e.getValue());
        }
        assertThat(c.settings().keySet()).containsExactlyInAnyOrderElementsOf(keys("aws", Contract.PUBLISHER));
        assertOpensWithoutKeyErrors(c, Contract.PUBLISHER);
        assertThat(c.toString()).doesNotContain("v-dynamodbSecretAccessKey", "v-dynamodbSessionToken");
    }

    @Test
    void theSignerFormatGivesTheFileBackendItsRequiredDirectory() throws IOException {
        List<String> dirKeys = Tidemark.describe("file").keys().stream()
                .filter(k -> k.appliesTo(Contract.WATERMARK)
                        && k.type() == ConfigKey.Type.PATH
                        && k.required()
                        && k.identity())
                .map(ConfigKey::name)
                .toList();
        assertThat(dirKeys).hasSize(1);
        assertThat(required("file", Contract.WATERMARK)).containsExactlyElementsOf(dirKeys);
        BackendConfig defaulted = TidemarkConfig.load(Files.writeString(dir.resolve("s.yaml"), "watermark: {}\n"))
                .requireWatermark();
        assertThat(defaulted.settings()).containsOnlyKeys(dirKeys);
        assertThat(defaulted.path(dirKeys.get(0))).contains(Path.of("/var/lib/signatory/watermark"));
        assertOpensWithoutKeyErrors(defaulted, Contract.WATERMARK);
        assertOpensWithoutKeyErrors(
                TidemarkConfig.load(write("signatory.yaml", SIGNATORY_WATERMARK))
                        .requireWatermark(),
                Contract.WATERMARK);
    }

    /** Each backend, each contract: a native file naming every declared key loads into exactly those keys. */
    @Test
    void theNativeFormatPassesEveryDeclaredKeyThrough() throws IOException {
        for (String driver : Tidemark.drivers()) {
            for (Contract contract : Contract.values()) {
                List<ConfigKey> declared = Tidemark.describe(driver).keys().stream()
                        .filter(k -> k.appliesTo(contract))
                        .toList();
                String section = contract == Contract.PUBLISHER ? "publisher" : "watermark";
                // a publisher section makes the file native (without one it would be read as the signer's)
                String yaml = (contract == Contract.PUBLISHER ? "" : "publisher: {driver: mem}\n") + section
                        + ":\n  driver: "
                        + driver + "\n  config: {"
                        + declared.stream()
                                .map(k -> k.name() + ": " + sample(k))
                                .collect(Collectors.joining(", ")) + "}\n";
                Path f = Files.writeString(dir.resolve(driver + "-" + section + ".yaml"), yaml);
                TidemarkConfig loaded = TidemarkConfig.load(f);
                BackendConfig c =
                        contract == Contract.PUBLISHER ? loaded.requirePublisher() : loaded.requireWatermark();
                assertThat(c.settings().keySet())
                        .as(driver + " " + contract)
                        .containsExactlyInAnyOrderElementsOf(
                                declared.stream().map(ConfigKey::name).toList());
                assertOpensWithoutKeyErrors(c, contract);
            }
        }
    }

    private static String sample(ConfigKey k) {
        return switch (k.type()) {
            case TEXT -> "text";
            case PATH -> "data/" + k.name();
            case WHOLE_NUMBER -> "1";
            case BOOLEAN -> "true";
        };
    }
}
