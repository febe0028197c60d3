package io.tidemark.backend.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.BackendConfig;
import io.tidemark.BackendUnavailableException;
import io.tidemark.StoreNotFoundException;
import io.tidemark.discovery.Tidemark;
import io.tidemark.publisher.CasResult;
import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.NsRecord;
import io.tidemark.publisher.Publisher;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/** The tables exactly as the two guides create them, the items as they describe them, and the operator messages. */
@ExtendWith(DynamoDbLocal.class)
class GuideTablesTest {
    private final DynamoDbClient raw =
            DynamoDbLocal.client(DynamoDbLocal.shared().endpoint());

    /** Captures what slf4j-simple prints (it writes to the current System.err). */
    private static String logOf(Runnable r) {
        PrintStream old = System.err;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setErr(new PrintStream(buf, true, StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.setErr(old);
        }
        return buf.toString(StandardCharsets.UTF_8);
    }

    @Test
    void nameserviceOnTheGuidesCreateTableCommand() {
        String table = DynamoDbLocal.freshTable("fluree-nameservice");
        // aws dynamodb create-table --table-name fluree-nameservice --attribute-definitions
        // AttributeName=ledger_alias,AttributeType=S
        //   --key-schema AttributeName=ledger_alias,KeyType=HASH --billing-mode PAY_PER_REQUEST
        raw.createTable(CreateTableRequest.builder()
                .tableName(table)
                .attributeDefinitions(AttributeDefinition.builder()
                        .attributeName("ledger_alias")
                        .attributeType(ScalarAttributeType.S)
                        .build())
                .keySchema(KeySchemaElement.builder()
                        .attributeName("ledger_alias")
                        .keyType(KeyType.HASH)
                        .build())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .build());
        Map<String, Object> cfg = new HashMap<>(DynamoDbLocal.publisherSettings(table));
        cfg.remove("create_table");
        LedgerAlias alias = LedgerAlias.parse("mydb:main");
        try (Publisher p = Tidemark.openPublisher(BackendConfig.of("aws", cfg))) {
            p.publishCommit(alias, "fluree:s3://ledgers/mydb/commit/42", 42);
            p.publishIndex(alias, "fluree:s3://ledgers/mydb/index/40", 40);
            p.pushStatus(
                    alias, 1, "indexing", Map.of("queue_depth", 3, "progress", 0.5, "locks", java.util.List.of("a")));
            p.pushConfig(alias, 0, Map.of("index_threshold", 100), Optional.of("fluree:ctx/1"));
        }
        Map<String, AttributeValue> item = raw.getItem(b -> b.tableName(table)
                        .key(Map.of("ledger_alias", AttributeValue.fromS("mydb:main")))
                        .consistentRead(true))
                .item();
        assertThat(item.get("ledger_name").s()).isEqualTo("mydb");
        assertThat(item.get("branch").s()).isEqualTo("main");
        assertThat(item.get("commit_address").s()).isEqualTo("fluree:s3://ledgers/mydb/commit/42");
        assertThat(item.get("commit_t").n()).isEqualTo("42");
        assertThat(item.get("index_address").s()).isEqualTo("fluree:s3://ledgers/mydb/index/40");
        assertThat(item.get("index_t").n()).isEqualTo("40");
        assertThat(item.get("default_context_address").s()).isEqualTo("fluree:ctx/1");
        assertThat(item.get("status").s()).isEqualTo("indexing");
        assertThat(item.get("updated_at").n()).matches("\\d{10}");
        assertThat(item.get("status_v").n()).isEqualTo("2");
        assertThat(item.get("config_v").n()).isEqualTo("1");
        assertThat(item.get("status_meta").m().get("queue_depth").n()).isEqualTo("3");
        assertThat(item.get("status_meta").m().get("progress").n()).isEqualTo("0.5");
        assertThat(item.get("status_meta").m().get("locks").l().get(0).s()).isEqualTo("a");
        assertThat(item.get("config_meta").m().get("index_threshold").n()).isEqualTo("100");
        // Exactly the guide's attributes, plus the request token of the last compare-and-set (other tools ignore it).
        assertThat(item.keySet())
                .containsExactlyInAnyOrder(
                        "ledger_alias",
                        "ledger_name",
                        "branch",
                        "commit_address",
                        "commit_t",
                        "index_address",
                        "index_t",
                        "default_context_address",
                        "status",
                        "updated_at",
                        "status_v",
                        "status_meta",
                        "config_v",
                        "config_meta",
                        "tidemark_req");
        assertThat(item.get("tidemark_req").s()).matches("[0-9a-f-]{36}");
    }

    @Test
    void watermarkOnTheGuidesTableAndItsLogLines() {
        String table = DynamoDbLocal.freshTable("watermark");
        String created =
                logOf(() -> Tidemark.openWatermarkStore(BackendConfig.of("aws", DynamoDbLocal.watermarkSettings(table)))
                        .close());
        assertThat(created).contains("DynamoDB watermark backend created table '" + table + "'");
        TableDescription d = raw.describeTable(b -> b.tableName(table)).table();
        assertThat(d.keySchema())
                .containsExactly(
                        KeySchemaElement.builder()
                                .attributeName("idx")
                                .keyType(KeyType.HASH)
                                .build(),
                        KeySchemaElement.builder()
                                .attributeName("request")
                                .keyType(KeyType.RANGE)
                                .build());
        assertThat(d.provisionedThroughput().readCapacityUnits()).isEqualTo(5);
        assertThat(d.provisionedThroughput().writeCapacityUnits()).isEqualTo(5);
        String[] log = new String[1];
        WatermarkKey key = new WatermarkKey("NetXdQprcVkpaWU", "tz1aKTCPZHZRzNBrucPp8WTiAMzaYh84NZkC", "block");
        log[0] = logOf(() -> {
            try (WatermarkStore s =
                    Tidemark.openWatermarkStore(BackendConfig.of("aws", DynamoDbLocal.watermarkSettings(table)))) {
                s.advance(key, new Watermark(2495866, 0, "vh2g3Wz8zrL8J7qXEFykT7BbzCwW6LsyWvxvfssnhAVzw1uXfCJf"));
            }
        });
        assertThat(log[0]).contains("DynamoDB watermark backend using existing table '" + table + "'");
        Map<String, AttributeValue> item =
                raw.scan(b -> b.tableName(table)).items().get(0);
        assertThat(item)
                .isEqualTo(Map.of(
                        "idx",
                        AttributeValue.fromS("NetXdQprcVkpaWU/tz1aKTCPZHZRzNBrucPp8WTiAMzaYh84NZkC"),
                        "request",
                        AttributeValue.fromS("block"),
                        "lvl",
                        AttributeValue.fromN("2495866"),
                        "round",
                        AttributeValue.fromN("0"),
                        "digest",
                        AttributeValue.fromS("vh2g3Wz8zrL8J7qXEFykT7BbzCwW6LsyWvxvfssnhAVzw1uXfCJf")));
    }

    @Test
    void nameserviceTableLogLinesNameTheTable() {
        String table = DynamoDbLocal.freshTable("fluree-nameservice");
        BackendConfig config = BackendConfig.of("aws", DynamoDbLocal.publisherSettings(table));
        assertThat(logOf(() -> Tidemark.openPublisher(config).close()))
                .contains("DynamoDB nameservice created table '" + table + "'");
        assertThat(logOf(() -> Tidemark.openPublisher(config).close()))
                .contains("DynamoDB nameservice using existing table '" + table + "'")
                .doesNotContain("created");
    }

    @Test
    void watermarkTableCreatedAheadWithTheGuidesSchemaIsUsed() {
        String table = DynamoDbLocal.freshTable("watermark");
        raw.createTable(CreateTableRequest.builder()
                .tableName(table)
                .attributeDefinitions(
                        AttributeDefinition.builder()
                                .attributeName("idx")
                                .attributeType(ScalarAttributeType.S)
                                .build(),
                        AttributeDefinition.builder()
                                .attributeName("request")
                                .attributeType(ScalarAttributeType.S)
                                .build())
                .keySchema(
                        KeySchemaElement.builder()
                                .attributeName("idx")
                                .keyType(KeyType.HASH)
                                .build(),
                        KeySchemaElement.builder()
                                .attributeName("request")
                                .keyType(KeyType.RANGE)
                                .build())
                .provisionedThroughput(ProvisionedThroughput.builder()
                        .readCapacityUnits(5L)
                        .writeCapacityUnits(5L)
                        .build())
                .build());
        WatermarkKey key = new WatermarkKey("NetX", "tz1", "attestation");
        try (WatermarkStore s =
                Tidemark.openWatermarkStore(BackendConfig.of("aws", DynamoDbLocal.watermarkSettings(table)))) {
            assertThat(s.advance(key, new Watermark(1, 0, "d")).maySign()).isTrue();
            assertThat(s.get(key)).contains(new Watermark(1, 0, "d"));
        }
    }

    @Test
    void itemWrittenByAnotherToolWithoutVersionsGetsTheDefaultsAndRetractMovesStatusV() {
        String table = DynamoDbLocal.freshTable("fluree-nameservice");
        try (Publisher p = Tidemark.openPublisher(BackendConfig.of("aws", DynamoDbLocal.publisherSettings(table)))) {
            raw.putItem(b -> b.tableName(table)
                    .item(Map.of(
                            "ledger_alias",
                            AttributeValue.fromS("legacy:main"),
                            "commit_address",
                            AttributeValue.fromS("c7"),
                            "commit_t",
                            AttributeValue.fromN("7"))));
            LedgerAlias legacy = LedgerAlias.parse("legacy");
            NsRecord r = p.lookup(legacy).orElseThrow();
            assertThat(r.statusV()).isEqualTo(1);
            assertThat(r.configV()).isZero();
            assertThat(r.status()).isEqualTo("ready");
            assertThat(p.retract(legacy).orElseThrow().statusV())
                    .as("retract on an item without status_v")
                    .isEqualTo(2);
            raw.putItem(b -> b.tableName(table).item(Map.of("ledger_alias", AttributeValue.fromS("legacy2:main"))));
            assertThat(p.pushStatus(LedgerAlias.parse("legacy2"), 1, "busy", Map.of()))
                    .isInstanceOf(CasResult.Applied.class);
            assertThat(p.pushConfig(LedgerAlias.parse("legacy2"), 0, Map.of(), Optional.empty()))
                    .isInstanceOf(CasResult.Applied.class);
        }
    }

    @Test
    void missingNameserviceTableNamesItAndPrintsTheCreateCommandAtOpen() {
        Map<String, Object> cfg = new HashMap<>(DynamoDbLocal.publisherSettings("no-such-table"));
        cfg.remove("create_table");
        assertThatThrownBy(() -> Tidemark.openPublisher(BackendConfig.of("aws", cfg)))
                .isInstanceOf(StoreNotFoundException.class)
                .hasMessageContaining("'no-such-table'")
                .hasMessageContaining("us-east-1")
                .hasMessageContaining(DynamoDbLocal.endpoint())
                .hasMessageContaining("aws dynamodb create-table --table-name no-such-table")
                .hasMessageContaining("AttributeName=ledger_alias,KeyType=HASH --billing-mode PAY_PER_REQUEST");
    }

    @Test
    void secretsNeverAppearInMessagesOrToString() {
        Map<String, Object> cfg = new HashMap<>(DynamoDbLocal.watermarkSettings("secret-test"));
        cfg.put("secret_access_key", "SUPERSECRETVALUE");
        cfg.put("session_token", "SESSIONTOKENVALUE");
        cfg.put("endpoint", "http://127.0.0.1:" + DynamoDbLocal.freePort());
        cfg.put("timeout_ms", 800);
        BackendConfig config = BackendConfig.of("aws", cfg);
        assertThat(config.toString())
                .doesNotContain("SUPERSECRETVALUE", "SESSIONTOKENVALUE")
                .contains("secret_access_key=****");
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(() -> Tidemark.openWatermarkStore(config));
        assertThat(t).isInstanceOf(BackendUnavailableException.class);
        for (Throwable c = t; c != null; c = c.getCause()) {
            assertThat(String.valueOf(c.getMessage()))
                    .doesNotContain("SUPERSECRETVALUE", "SESSIONTOKENVALUE", DynamoDbLocal.KEY);
        }
        assertThatThrownBy(() -> Tidemark.openWatermarkStore(BackendConfig.of(
                        "aws", Map.of("region", "us-east-1", "secret_access_key", "SUPERSECRETVALUE"))))
                .hasMessageNotContaining("SUPERSECRETVALUE")
                .hasMessageContaining("access_key_id");
    }

    @Test
    void configKeysAreCheckedPerContract() {
        assertThatThrownBy(() -> Tidemark.openWatermarkStore(BackendConfig.of("aws", Map.of("table", "tbl"))))
                .hasMessageContaining("'region'");
        assertThatThrownBy(() -> Tidemark.openPublisher(BackendConfig.of("aws", Map.of("dynamodbRegion", "us-east-1"))))
                .hasMessageContaining("'dynamodbTable'");
        assertThatThrownBy(() -> Tidemark.openPublisher(
                        BackendConfig.of("aws", Map.of("dynamodbTable", "tbl", "dynamodbTimeout", 5))))
                .hasMessageContaining("did you mean 'dynamodbTimeoutMs'");
        assertThatThrownBy(() -> Tidemark.openPublisher(
                        BackendConfig.of("aws", Map.of("dynamodbTable", "tbl", "dynamodbTimeoutMs", "soon"))))
                .hasMessageContaining("'dynamodbTimeoutMs'")
                .hasMessageContaining("'soon'");
    }
}
