package io.tidemark.backend.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.BackendConfig;
import io.tidemark.config.TidemarkConfig;
import io.tidemark.discovery.Tidemark;
import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.Publisher;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two guides' config examples, byte for byte, select the DynamoDB backend; pointed at DynamoDB Local (endpoint
 * and test keys added, nothing else changed), they work.
 */
@ExtendWith(DynamoDbLocal.class)
class ConfigExamplesTest {
    @TempDir
    Path dir;

    private Path resource(String name) throws IOException {
        Path p = dir.resolve(name);
        try (InputStream in = getClass().getResourceAsStream("/guides/" + name)) {
            Files.copy(in, p);
        }
        return p;
    }

    private static BackendConfig local(BackendConfig c, String endpointKey) {
        return c.with(endpointKey, DynamoDbLocal.endpoint())
                .with("access_key_id", DynamoDbLocal.KEY)
                .with("secret_access_key", DynamoDbLocal.SECRET);
    }

    @Test
    void signatoryExampleOpensTheWatermarkTableItNames() throws IOException {
        BackendConfig c =
                TidemarkConfig.load(resource("signatory-watermark.yaml")).requireWatermark();
        assertThat(Tidemark.describe(c.driver()).providerClass()).isEqualTo(DynamoDbBackendProvider.class.getName());
        try (WatermarkStore s = Tidemark.openWatermarkStore(local(c, "endpoint"))) {
            assertThat(s.toString()).contains("my_custom_watermark_table");
            assertThat(s.advance(new WatermarkKey("NetX", "tz1", "block"), new Watermark(1, 0, "vh"))
                            .maySign())
                    .isTrue();
        }
    }

    @Test
    void flureeConnectionExampleOpensTheNameserviceTable() throws IOException {
        BackendConfig c =
                TidemarkConfig.load(resource("fluree-connection.jsonld")).requirePublisher();
        assertThat(Tidemark.describe(c.driver()).providerClass()).isEqualTo(DynamoDbBackendProvider.class.getName());
        try (Publisher p = Tidemark.openPublisher(local(c, "dynamodbEndpoint").with("create_table", true))) {
            assertThat(p.toString()).contains("'fluree-nameservice'").contains("us-east-1");
            assertThat(p.publishCommit(LedgerAlias.parse("mydb"), "c1", 1).applied())
                    .isTrue();
        }
    }

    /**
     * The README's JSON-LD example (create_table and static credentials by their JSON-LD names), pointed at this
     * DynamoDB Local, a fresh table and the test keys: it loads into the backend's keys and creates and opens the table.
     */
    @Test
    void theReadmesJsonLdExampleCreatesAndOpensItsTable() throws IOException {
        String readme = Files.readString(Path.of("README.md"));
        Matcher m = Pattern.compile("```json\n(\\{\n  \"@context\".*?)```", Pattern.DOTALL)
                .matcher(readme);
        assertThat(m.find()).as("the JSON-LD example in README.md").isTrue();
        String example = m.group(1);
        String table = DynamoDbLocal.freshTable("readme-jsonld");
        String local = example.replace("http://localhost:8000", DynamoDbLocal.endpoint())
                .replace("\"dynamodbAccessKeyId\": \"test\"", "\"dynamodbAccessKeyId\": \"" + DynamoDbLocal.KEY + "\"")
                .replace(
                        "\"dynamodbSecretAccessKey\": \"test\"",
                        "\"dynamodbSecretAccessKey\": \"" + DynamoDbLocal.SECRET + "\"")
                .replace("fluree-nameservice", table);
        assertThat(local).isNotEqualTo(example).contains(DynamoDbLocal.KEY, DynamoDbLocal.SECRET, table);
        BackendConfig c = TidemarkConfig.load(Files.writeString(dir.resolve("connection.jsonld"), local))
                .requirePublisher();
        assertThat(c.settings())
                .containsEntry("create_table", true)
                .containsEntry("access_key_id", DynamoDbLocal.KEY)
                .containsEntry("secret_access_key", DynamoDbLocal.SECRET)
                .containsEntry("dynamodbTimeoutMs", 5000);
        try (Publisher p = Tidemark.openPublisher(c)) {
            assertThat(p.toString()).contains(table);
            assertThat(p.publishCommit(LedgerAlias.parse("mydb"), "c1", 1).applied())
                    .isTrue();
        }
    }

    @Test
    void flureeLocalStackNodeKeepsItsEndpoint() throws IOException {
        BackendConfig c =
                TidemarkConfig.load(resource("fluree-publisher-node.json")).requirePublisher();
        assertThat(c.string("dynamodbEndpoint")).contains("http://localhost:4566");
        try (Publisher p = Tidemark.openPublisher(local(c, "dynamodbEndpoint").with("create_table", true))) {
            assertThat(p.lookup(LedgerAlias.parse("nothing"))).isEmpty();
        }
    }
}
