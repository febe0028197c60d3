package io.tidemark.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.BackendConfig;
import io.tidemark.InvalidConfigException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The three formats, the two guides' examples as they are written, interpolation, and every kind of error. */
class ConfigFilesTest {
    @TempDir
    Path dir;

    private Path resource(String name) throws IOException {
        Path p = dir.resolve(name.substring(name.lastIndexOf('/') + 1));
        try (InputStream in = getClass().getResourceAsStream(name)) {
            Files.copy(in, p);
        }
        return p;
    }

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void signatoryGuideExampleLoadsAsWritten() throws IOException {
        TidemarkConfig c = TidemarkConfig.load(resource("/guides/signatory-watermark.yaml"));
        BackendConfig w = c.requireWatermark();
        assertThat(w.driver()).isEqualTo("aws");
        assertThat(w.settings()).isEqualTo(Map.of("region", "us-east-1", "table", "my_custom_watermark_table"));
        assertThat(c.publisher()).isEmpty();
        assertThatThrownBy(c::requirePublisher)
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("no publisher");
    }

    @Test
    void flureeGuideConnectionLoadsAsWrittenAndFollowsPrimaryPublisher() throws IOException {
        TidemarkConfig c = TidemarkConfig.load(resource("/guides/fluree-connection.jsonld"));
        BackendConfig p = c.requirePublisher();
        assertThat(p.driver()).isEqualTo("aws");
        assertThat(p.settings())
                .isEqualTo(Map.of("dynamodbTable", "fluree-nameservice", "dynamodbRegion", "us-east-1"));
        assertThat(c.watermark()).isEmpty();
    }

    @Test
    void flureeGuidePublisherNodeLoadsAsWritten() throws IOException {
        BackendConfig p = TidemarkConfig.load(resource("/guides/fluree-publisher-node.json"))
                .requirePublisher();
        assertThat(p.settings())
                .containsEntry("dynamodbEndpoint", "http://localhost:4566")
                .containsEntry("dynamodbTable", "fluree-nameservice");
    }

    @Test
    void nativeYamlWithBothSectionsAndInterpolation() throws IOException {
        System.setProperty("tidemark.test.dir", "/srv/tm");
        Path f = write(
                "tidemark.yaml",
                """
        publisher:
          driver: file
          config:
            base_dir: ${sys:tidemark.test.dir}/ns
            fsync: false
        watermark:
          driver: AWS
          config:
            region: eu-west-1
            table: marks
            timeout_ms: 2500
            access_key_id: ${env:PATH}
            secret_access_key: s3cr3t
        """);
        TidemarkConfig c = TidemarkConfig.load(f);
        assertThat(c.requirePublisher().settings()).isEqualTo(Map.of("base_dir", "/srv/tm/ns", "fsync", false));
        BackendConfig w = c.requireWatermark();
        assertThat(w.driver()).isEqualTo("AWS");
        assertThat(w.settings())
                .containsEntry("timeout_ms", 2500)
                .containsEntry("access_key_id", System.getenv("PATH"));
        assertThat(w.toString()).doesNotContain("s3cr3t").doesNotContain(System.getenv("PATH"));
        assertThat(w.source()).contains(f.toString());
    }

    @Test
    void nativePropertiesFile() throws IOException {
        Path f = write(
                "tidemark.properties",
                """
        publisher.driver=mem
        watermark.driver=file
        watermark.config.base_dir=/tmp/marks
        watermark.config.fsync=true
        """);
        TidemarkConfig c = TidemarkConfig.load(f);
        assertThat(c.requirePublisher().driver()).isEqualTo("mem");
        assertThat(c.requireWatermark().settings()).isEqualTo(Map.of("base_dir", "/tmp/marks", "fsync", "true"));
    }

    @Test
    void fileDriverDefaultsFollowSignatory() throws IOException {
        assertThat(TidemarkConfig.load(write("a.yaml", "watermark: {}\n")).requireWatermark())
                .isEqualTo(BackendConfig.of("file", Map.of("base_dir", "/var/lib/signatory/watermark")));
        assertThat(TidemarkConfig.load(write(
                                "b.yaml",
                                "base_dir: /data/signer\nserver: {address: ':6732'}\nwatermark:\n  driver: file\n"))
                        .requireWatermark()
                        .settings())
                .isEqualTo(Map.of("base_dir", "/data/signer/watermark"));
    }

    @Test
    void theLedgerPublisherNodeTakesEveryPublisherKeyOfTheAwsBackendInCamelCase() throws IOException {
        BackendConfig p = TidemarkConfig.load(
                        write(
                                "all.jsonld",
                                "{\"@graph\": [{\"@id\": \"ns\", \"@type\": \"Publisher\", \"dynamodbTable\": \"t\","
                                        + " \"dynamodbRegion\": \"eu-west-1\", \"dynamodbEndpoint\": \"http://localhost:8000\","
                                        + " \"dynamodbTimeoutMs\": 2500, \"dynamodbCreateTable\": true,"
                                        + " \"dynamodbAccessKeyId\": \"AKIDPLANTED\", \"dynamodbSecretAccessKey\": \"SECRETPLANTED\","
                                        + " \"dynamodbSessionToken\": \"TOKENPLANTED\"},"
                                        + " {\"@id\": \"c\", \"@type\": \"Connection\", \"primaryPublisher\": {\"@id\": \"ns\"}}]}"))
                .requirePublisher();
        assertThat(p.driver()).isEqualTo("aws");
        assertThat(p.settings())
                .isEqualTo(Map.of(
                        "dynamodbTable", "t",
                        "dynamodbRegion", "eu-west-1",
                        "dynamodbEndpoint", "http://localhost:8000",
                        "dynamodbTimeoutMs", 2500,
                        "create_table", true,
                        "access_key_id", "AKIDPLANTED",
                        "secret_access_key", "SECRETPLANTED",
                        "session_token", "TOKENPLANTED"));
        assertThat(p.toString()).doesNotContain("AKIDPLANTED", "SECRETPLANTED", "TOKENPLANTED");
        assertThat(LedgerFormat.PROPERTIES.keySet()).allMatch(k -> k.matches("dynamodb[A-Z][A-Za-z]+"));
    }

    @Test
    void aBackendKeyWrittenInItsNativeSpellingInJsonLdIsToldTheJsonLdName() throws IOException {
        assertThatThrownBy(() -> TidemarkConfig.load(write(
                        "native.jsonld",
                        "{\"@type\": \"Publisher\", \"dynamodbTable\": \"t\", \"create_table\": true}")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("'create_table'")
                .hasMessageContaining("spelled 'dynamodbCreateTable'");
        assertThatThrownBy(() -> TidemarkConfig.load(write(
                        "secret.jsonld",
                        "{\"@type\": \"Publisher\", \"dynamodbTable\": \"t\","
                                + " \"dynamodbSecretAccessKey\": \"${env:TIDEMARK_SURELY_UNSET_VARIABLE_X}\"}")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("dynamodbSecretAccessKey")
                .hasMessageNotContaining("TIDEMARK_SURELY_UNSET_VARIABLE_X");
    }

    @Test
    void typosGetADidYouMean() throws IOException {
        assertThatThrownBy(() -> TidemarkConfig.load(write("t1.yaml", "watermrk:\n  driver: aws\n")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("t1.yaml")
                .hasMessageContaining("'watermrk'")
                .hasMessageContaining("did you mean 'watermark'");
        assertThatThrownBy(() -> TidemarkConfig.load(write("t2.yaml", "publisher:\n  drivr: file\n")))
                .hasMessageContaining("'publisher.drivr'")
                .hasMessageContaining("did you mean 'driver'");
        assertThatThrownBy(() -> TidemarkConfig.load(write(
                        "t3.json", "{\"@graph\":[{\"@id\":\"ns\",\"@type\":\"Publisher\",\"dynamodbTabel\":\"x\"}]}")))
                .hasMessageContaining("'dynamodbTabel'")
                .hasMessageContaining("did you mean 'dynamodbTable'");
    }

    @Test
    void syntaxErrorsGiveTheLine() throws IOException {
        assertThatThrownBy(() -> TidemarkConfig.load(write("bad.yaml", "watermark:\n  driver: aws\n   config: [\n")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("bad.yaml: syntax error at line 3, column 10: ");
        assertThatThrownBy(() -> TidemarkConfig.load(write("bad.json", "{\n  \"@graph\": [\n    {\"@id\": }\n")))
                .hasMessageContaining("bad.json: syntax error at line 3, column 13: ")
                .hasMessageContaining("expected a valid value");
    }

    @Test
    void missingFilesVariablesAndWrongShapesAreTypedErrors() throws IOException {
        assertThatThrownBy(() -> TidemarkConfig.load(dir.resolve("nope.yaml")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("nope.yaml: no such config file");
        assertThatThrownBy(() -> TidemarkConfig.load(write(
                        "v.yaml", "watermark:\n  config:\n    secret_access_key: ${env:TIDEMARK_SURELY_UNSET}\n")))
                .hasMessageContaining("'watermark.config.secret_access_key'")
                .hasMessageNotContaining("TIDEMARK_SURELY_UNSET");
        assertThatThrownBy(() -> TidemarkConfig.load(write("w.yaml", "watermark:\n  config:\n    base_dir: [a, b]\n")))
                .hasMessageContaining("'watermark.config.base_dir' must be a single value");
        assertThatThrownBy(() -> TidemarkConfig.load(write("x.yaml", "watermark: aws\n")))
                .hasMessageContaining("'watermark' must be a map, got a string");
        assertThatThrownBy(() ->
                        TidemarkConfig.load(write("y.json", "{\"@graph\":[{\"@id\":\"s\",\"@type\":\"Storage\"}]}")))
                .hasMessageContaining("no Publisher node");
        assertThatThrownBy(() -> TidemarkConfig.load(write("z.yaml", "# nothing\n")))
                .isInstanceOf(InvalidConfigException.class);
    }

    /** Item 12: a relative base_dir names the same store from any working directory: the config file's directory. */
    @Test
    void relativePathsResolveAgainstTheConfigFile() throws IOException {
        Path conf = Files.createDirectories(dir.resolve("etc"));
        Path yaml = Files.writeString(conf.resolve("tidemark.yaml"), "watermark:\n  config: {base_dir: data/marks}\n");
        assertThat(TidemarkConfig.load(yaml).requireWatermark().path("base_dir"))
                .contains(conf.resolve("data/marks"));
        Path signatory =
                Files.writeString(conf.resolve("signatory.yaml"), "base_dir: signer\nwatermark: {driver: file}\n");
        assertThat(TidemarkConfig.load(signatory).requireWatermark().path("base_dir"))
                .contains(conf.resolve("signer/watermark"));
        Path props = Files.writeString(conf.resolve("t.properties"), "publisher.config.base_dir=../ns\n");
        assertThat(TidemarkConfig.load(props).requirePublisher().path("base_dir"))
                .contains(conf.resolve("../ns"));
        assertThat(TidemarkConfig.load(yaml).requireWatermark().directory()).contains(conf);
    }
}
