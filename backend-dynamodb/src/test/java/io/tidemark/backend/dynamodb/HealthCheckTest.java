package io.tidemark.backend.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.BackendConfig;
import io.tidemark.Health;
import io.tidemark.discovery.Tidemark;
import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.Publisher;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * {@code check()} on DynamoDB: one {@code DescribeTable}. A running DynamoDB Local with the right table is
 * Reachable; a stopped one is Unreachable within the configured timeout (plus the grace {@link FaultTest} allows),
 * naming the endpoint and never a credential; started again, Reachable. A deleted table or a table of another key
 * schema is Unreachable with the reason. A check writes nothing.
 */
@ExtendWith(DynamoDbLocal.class)
class HealthCheckTest {
    private static final long TIMEOUT_MS = 1_500;

    private static Map<String, Object> watermark(String endpoint, String table) {
        Map<String, Object> m = new HashMap<>(DynamoDbLocal.watermarkSettingsFor(endpoint, table));
        m.put("timeout_ms", TIMEOUT_MS);
        return m;
    }

    private static Map<String, Object> publisher(String endpoint, String table) {
        Map<String, Object> m = new HashMap<>(DynamoDbLocal.publisherSettingsFor(endpoint, table));
        m.put("dynamodbTimeoutMs", TIMEOUT_MS);
        return m;
    }

    @Test
    void runningIsReachableStoppedIsUnreachableWithinTheTimeoutAndStartedAgainReachable() {
        DynamoDbLocal.Server server = new DynamoDbLocal.Server(DynamoDbLocal.freePort(), null).start();
        String endpoint = server.endpoint().toString();
        try (WatermarkStore store =
                        Tidemark.openWatermarkStore(BackendConfig.of("aws", watermark(endpoint, "watermark")));
                Publisher publisher =
                        Tidemark.openPublisher(BackendConfig.of("aws", publisher(endpoint, "fluree-nameservice")))) {
            assertThat(store.check())
                    .isEqualTo(new Health.Reachable("DynamoDB watermark store on table 'watermark' in region us-east-1"
                            + " at endpoint " + endpoint + ": table ACTIVE, key schema [idx HASH S, request RANGE S]"));
            assertThat(publisher.check())
                    .isEqualTo(new Health.Reachable(
                            "DynamoDB publisher on table 'fluree-nameservice' in region" + " us-east-1 at endpoint "
                                    + endpoint + ": table ACTIVE, key schema [ledger_alias HASH S]"));

            server.stop();
            for (var target : new AutoCloseable[] {store, publisher}) {
                long start = System.nanoTime();
                Health h = target instanceof WatermarkStore s ? s.check() : ((Publisher) target).check();
                long ms = (System.nanoTime() - start) / 1_000_000;
                assertThat(h).isInstanceOf(Health.Unreachable.class);
                String reason = ((Health.Unreachable) h).reason();
                assertThat(reason)
                        .startsWith("check ")
                        .contains("at endpoint " + endpoint, "cannot reach DynamoDB")
                        .doesNotContain(DynamoDbLocal.SECRET, DynamoDbLocal.KEY);
                assertThat(ms)
                        .as("time to report it, configured timeout %d ms", TIMEOUT_MS)
                        .isLessThan(TIMEOUT_MS + 3_000);
            }

            server.start(); // in memory: the tables are gone, so the check says so
            assertThat(store.check()).isInstanceOf(Health.Unreachable.class);
            assertThat(((Health.Unreachable) store.check()).reason())
                    .contains("the table does not exist", "aws dynamodb create-table --table-name watermark");
        } finally {
            server.stop();
        }
    }

    @Test
    void aDeletedTableOrAnotherKeySchemaIsUnreachableAndACheckWritesNothing() {
        String endpoint = DynamoDbLocal.endpoint();
        String table = DynamoDbLocal.freshTable("health");
        String other = DynamoDbLocal.freshTable("health-other");
        try (DynamoDbClient client = DynamoDbLocal.client(DynamoDbLocal.shared().endpoint());
                WatermarkStore store =
                        Tidemark.openWatermarkStore(BackendConfig.of("aws", watermark(endpoint, table)))) {
            WatermarkKey key = new WatermarkKey("NetX", "tz1health", "block");
            store.advance(key, new Watermark(3, 0, "d"));
            for (int i = 0; i < 3; i++) {
                assertThat(store.check().reachable()).isTrue();
            }
            assertThat(client.scan(b -> b.tableName(table)).count())
                    .as("items after checks")
                    .isEqualTo(1);

            // A watermark store pointed at a table of the nameservice's shape opens, and its check says why not.
            client.createTable(b -> b.tableName(other)
                    .attributeDefinitions(AttributeDefinition.builder()
                            .attributeName("ledger_alias")
                            .attributeType(ScalarAttributeType.S)
                            .build())
                    .keySchema(KeySchemaElement.builder()
                            .attributeName("ledger_alias")
                            .keyType(KeyType.HASH)
                            .build())
                    .billingMode(BillingMode.PAY_PER_REQUEST));
            try (WatermarkStore wrong =
                    Tidemark.openWatermarkStore(BackendConfig.of("aws", watermark(endpoint, other)))) {
                Health h = wrong.check();
                assertThat(h).isInstanceOf(Health.Unreachable.class);
                assertThat(((Health.Unreachable) h).reason())
                        .endsWith(
                                "the table's key schema is [ledger_alias HASH S], expected [idx HASH S, request RANGE S]"
                                        + " (another table?)");
            }

            client.deleteTable(b -> b.tableName(table));
            Health gone = store.check();
            assertThat(gone).isInstanceOf(Health.Unreachable.class);
            assertThat(((Health.Unreachable) gone).reason()).contains("table '" + table + "'", "does not exist");
            assertThat(client.listTables().tableNames())
                    .as("a check creates nothing")
                    .doesNotContain(table);
        }
    }

    @Test
    void aClosedStoreIsUnreachableWithoutARequest() {
        Publisher p = Tidemark.openPublisher(BackendConfig.of(
                "aws", publisher(DynamoDbLocal.endpoint(), DynamoDbLocal.freshTable("health-closed"))));
        p.publishCommit(LedgerAlias.parse("h"), "c1", 1);
        p.close();
        Health h = p.check();
        assertThat(h).isInstanceOf(Health.Unreachable.class);
        assertThat(((Health.Unreachable) h).reason()).endsWith("is closed");
    }
}
