package io.tidemark.spring;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.discovery.Tidemark;
import io.tidemark.spi.ConfigKey;
import io.tidemark.spi.ConfigKey.Contract;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The configuration metadata the annotation processor generates (IDE completion): every property with its
 * description, the driver hints, and config-key hints that match what the file and DynamoDB backends accept.
 */
class MetadataTest {
    private static JsonNode metadata() throws IOException {
        try (InputStream in = MetadataTest.class
                .getClassLoader()
                .getResourceAsStream("META-INF/spring-configuration-metadata.json")) {
            assertThat(in).as("generated metadata on the class path").isNotNull();
            return new ObjectMapper().readTree(in);
        }
    }

    private static JsonNode named(JsonNode array, String name) {
        return StreamSupport.stream(array.spliterator(), false)
                .filter(n -> n.path("name").asText().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no " + name + " in " + array));
    }

    private static List<String> values(JsonNode hint) {
        return StreamSupport.stream(hint.path("values").spliterator(), false)
                .map(v -> v.path("value").asText())
                .toList();
    }

    @Test
    void everyPropertyIsDescribed() throws IOException {
        JsonNode properties = metadata().path("properties");
        for (String section : List.of("watermark", "publisher")) {
            JsonNode driver = named(properties, "tidemark." + section + ".driver");
            assertThat(driver.path("type").asText()).isEqualTo("java.lang.String");
            assertThat(driver.path("description").asText()).startsWith("Backend driver: file, mem, aws");
            JsonNode config = named(properties, "tidemark." + section + ".config");
            assertThat(config.path("type").asText()).isEqualTo("java.util.Map<java.lang.String,java.lang.String>");
            assertThat(config.path("description").asText()).contains("base-dir, base_dir and BASE_DIR are base_dir");
        }
        assertThat(properties).hasSize(4);
    }

    @Test
    void driverHints() throws IOException {
        JsonNode hints = metadata().path("hints");
        for (String section : List.of("watermark", "publisher")) {
            JsonNode hint = named(hints, "tidemark." + section + ".driver");
            assertThat(values(hint)).containsExactly("file", "mem", "aws", "postgresql");
            hint.path("values")
                    .forEach(v -> assertThat(v.path("description").asText()).contains("io.tidemark:tidemark-backend-"));
        }
    }

    /** The hint a config key gets: its drivers' descriptions, defaults, whether required or secret. */
    private static Map<String, String> expectedKeyHints(Contract contract) {
        Map<String, List<String>> byKey = new LinkedHashMap<>();
        for (String driver : List.of("file", "aws")) {
            for (ConfigKey k : Tidemark.describe(driver).keys()) {
                if (k.appliesTo(contract)) {
                    byKey.computeIfAbsent(k.name(), x -> new ArrayList<>())
                            .add(driver + ": " + k.description()
                                    + k.defaultValue()
                                            .map(v -> " (default " + v + ")")
                                            .orElse("")
                                    + (k.required() ? " (required)" : "")
                                    + (k.secret() ? " (secret)" : "") + ".");
                }
            }
        }
        Map<String, String> expected = new LinkedHashMap<>();
        byKey.forEach((k, d) -> expected.put(k, String.join(" ", d)));
        return expected;
    }

    @ParameterizedTest
    @EnumSource(Contract.class)
    void configKeyHintsAreTheBackendsKeys(Contract contract) throws IOException {
        String section = contract == Contract.WATERMARK ? "watermark" : "publisher";
        JsonNode hint = named(metadata().path("hints"), "tidemark." + section + ".config.keys");
        Map<String, String> actual = new LinkedHashMap<>();
        hint.path("values")
                .forEach(v -> actual.put(
                        v.path("value").asText(), v.path("description").asText()));
        assertThat(actual)
                .as("additional-spring-configuration-metadata.json lists the keys of file and aws for " + section)
                .containsExactlyInAnyOrderEntriesOf(expectedKeyHints(contract));
    }
}
