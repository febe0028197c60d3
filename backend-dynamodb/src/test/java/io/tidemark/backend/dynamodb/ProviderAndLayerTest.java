package io.tidemark.backend.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.BackendConfig;
import io.tidemark.InvalidInputException;
import io.tidemark.discovery.Tidemark;
import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.Publisher;
import io.tidemark.spi.ConfigKey;
import io.tidemark.spi.ConfigKey.Contract;
import io.tidemark.spi.ConfigKey.Type;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The provider's key descriptions (issue 11: keys come from {@code keys()}, not from literals elsewhere), the defaults
 * and identity they give, and that stores opened directly on a caller's client cross the same checking layer as
 * those discovery opens; and who closes the client.
 */
@ExtendWith(DynamoDbLocal.class)
class ProviderAndLayerTest {
    private static final Set<String> CREDENTIALS = Set.of("access_key_id", "secret_access_key", "session_token");
    private final List<ConfigKey> keys = new DynamoDbBackendProvider().keys();

    private Set<String> names(Predicate<ConfigKey> which) {
        return keys.stream().filter(which).map(ConfigKey::name).collect(Collectors.toSet());
    }

    private ConfigKey key(String name) {
        return keys.stream().filter(k -> k.name().equals(name)).findFirst().orElseThrow();
    }

    @Test
    void keysDescribeEachContractsGuideKeysAndTheCredentials() {
        assertThat(names(k -> k.appliesTo(Contract.PUBLISHER)))
                .containsExactlyInAnyOrder(
                        "dynamodbTable",
                        "dynamodbRegion",
                        "dynamodbEndpoint",
                        "dynamodbTimeoutMs",
                        "create_table",
                        "access_key_id",
                        "secret_access_key",
                        "session_token");
        assertThat(names(k -> k.appliesTo(Contract.WATERMARK)))
                .containsExactlyInAnyOrder(
                        "table",
                        "region",
                        "endpoint",
                        "timeout_ms",
                        "billing_mode",
                        "read_capacity",
                        "write_capacity",
                        "access_key_id",
                        "secret_access_key",
                        "session_token");
        assertThat(names(ConfigKey::required)).containsExactlyInAnyOrder("dynamodbTable", "region");
        assertThat(names(ConfigKey::secret)).isEqualTo(CREDENTIALS);
        assertThat(names(ConfigKey::identity))
                .containsExactlyInAnyOrder(
                        "dynamodbTable", "dynamodbRegion", "dynamodbEndpoint", "table", "region", "endpoint");
        assertThat(key("table").defaultValue()).contains("watermark");
        assertThat(key("dynamodbRegion").defaultValue()).contains("us-east-1");
        assertThat(key("timeout_ms").defaultValue()).contains("5000");
        assertThat(key("dynamodbTimeoutMs").defaultValue()).contains("5000");
        assertThat(key("create_table").defaultValue()).contains("false");
        assertThat(key("billing_mode").defaultValue()).contains("PROVISIONED");
        assertThat(key("read_capacity").defaultValue()).contains("5");
        assertThat(key("write_capacity").defaultValue()).contains("5");
        assertThat(key("create_table").type()).isEqualTo(Type.BOOLEAN);
        assertThat(key("timeout_ms").type()).isEqualTo(Type.WHOLE_NUMBER);
        assertThat(key("dynamodbTimeoutMs").type()).isEqualTo(Type.WHOLE_NUMBER);
        assertThat(key("read_capacity").type()).isEqualTo(Type.WHOLE_NUMBER);
        assertThat(key("write_capacity").type()).isEqualTo(Type.WHOLE_NUMBER);
        assertThat(names(k -> k.type() == Type.TEXT)).hasSize(keys.size() - 5);
        assertThat(keys).extracting(ConfigKey::name).doesNotHaveDuplicates();
    }

    @Test
    void theDescribedDefaultsAreTheOnesUsed() {
        Connection wm = Connection.from(
                BackendConfig.of("aws", Map.of("region", "eu-west-1")), DynamoDbBackendProvider.WATERMARK);
        assertThat(wm.table()).isEqualTo("watermark");
        assertThat(wm.region()).isEqualTo("eu-west-1");
        assertThat(wm.endpoint()).isEmpty();
        assertThat(wm.timeout()).isEqualTo(Duration.ofMillis(5000));
        Capacity capacity = Capacity.from(BackendConfig.of("aws", Map.of("region", "eu-west-1")));
        assertThat(capacity).isEqualTo(Capacity.GUIDE);
        assertThat(capacity.mode().toString())
                .isEqualTo(key("billing_mode").defaultValue().orElseThrow());
        assertThat(capacity.read())
                .hasToString(key("read_capacity").defaultValue().orElseThrow());
        assertThat(capacity.write())
                .hasToString(key("write_capacity").defaultValue().orElseThrow());
        Connection ns = Connection.from(
                BackendConfig.of("aws", Map.of("dynamodbTable", "fluree-nameservice")),
                DynamoDbBackendProvider.PUBLISHER);
        assertThat(ns.region()).isEqualTo("us-east-1");
        assertThat(ns.timeout()).isEqualTo(Duration.ofMillis(5000));
    }

    @Test
    void sameStoreComesFromTheIdentityKeys() {
        BackendConfig a = BackendConfig.of("aws", Map.of("region", "eu-west-1"));
        BackendConfig b = BackendConfig.of(
                "dynamodb",
                Map.of(
                        "region",
                        "eu-west-1",
                        "table",
                        "watermark",
                        "timeout_ms",
                        900,
                        "access_key_id",
                        "k",
                        "secret_access_key",
                        "s"));
        assertThat(Tidemark.sameStore(a, b, Contract.WATERMARK))
                .as("default table, other non-identity keys")
                .isTrue();
        assertThat(Tidemark.sameStore(a, b.with("table", "other"), Contract.WATERMARK))
                .isFalse();
        assertThat(Tidemark.sameStore(a, b.with("endpoint", "http://localhost:8000"), Contract.WATERMARK))
                .isFalse();
        assertThat(Tidemark.sameStore(a, b.with("region", "us-east-1"), Contract.WATERMARK))
                .isFalse();
        BackendConfig p = BackendConfig.of("aws", Map.of("dynamodbTable", "ns"));
        assertThat(Tidemark.sameStore(
                        p, p.with("dynamodbRegion", "us-east-1").with("create_table", true), Contract.PUBLISHER))
                .as("default region")
                .isTrue();
        assertThat(Tidemark.sameStore(p, p.with("dynamodbRegion", "eu-west-1"), Contract.PUBLISHER))
                .isFalse();
    }

    @Test
    void aWatermarkStoreOpenedOnACallersClientIsCheckedAndLeavesTheClientOpen() {
        String table = DynamoDbLocal.freshTable("direct-wm");
        try (DynamoDbClient client = DynamoDbLocal.client(DynamoDbLocal.shared().endpoint())) {
            WatermarkStore s = DynamoDbWatermarkStore.open(client, table);
            assertThat(s.toString())
                    .startsWith("DynamoDB watermark store on table '" + table + "' in region us-east-1");
            WatermarkKey key = new WatermarkKey("NetX", "tz1direct", "block");
            assertThatThrownBy(() -> s.advance(key, null))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("mark");
            assertThat(s.advance(key, new Watermark(1, 0, "d")).maySign()).isTrue();
            s.close();
            s.close();
            assertThatThrownBy(() -> s.get(key))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage(s + " is closed");
            assertThat(client.describeTable(b -> b.tableName(table)).table().tableName())
                    .as("the caller's client is open")
                    .isEqualTo(table);
        }
    }

    @Test
    void aPublisherOpenedOnACallersClientIsCheckedAndTakesItsClock() {
        String table = DynamoDbLocal.freshTable("direct-ns");
        Instant at = Instant.ofEpochSecond(1_700_000_000L);
        try (DynamoDbClient client = DynamoDbLocal.client(DynamoDbLocal.shared().endpoint())) {
            Publisher p = DynamoDbPublisher.open(client, table, true, Clock.fixed(at, ZoneOffset.UTC));
            assertThat(p.toString()).startsWith("DynamoDB publisher on table '" + table + "' in region us-east-1");
            LedgerAlias a = LedgerAlias.parse("clock:main");
            assertThatThrownBy(() -> p.publishCommit(a, "c1", -1))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("commit t");
            assertThat(p.lookup(a)).as("nothing written").isEmpty();
            p.publishCommit(a, "c1", 1);
            assertThat(p.lookup(a).orElseThrow().updatedAt()).isEqualTo(at.getEpochSecond());
            assertThat(p.pushStatus(a, 1, "busy", Map.of()).applied()).isTrue();
            assertThat(p.lookup(a).orElseThrow().updatedAt()).isEqualTo(at.getEpochSecond());
            p.close();
            assertThatThrownBy(() -> p.retract(a))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage(p + " is closed");
            assertThat(client.describeTable(b -> b.tableName(table)).table().tableName())
                    .isEqualTo(table);
        }
    }

    @Test
    void theBackendsOwnClientIsClosedWithTheTableAndACallersIsNot() {
        String table = DynamoDbLocal.freshTable("owned");
        Map<String, Object> settings = new HashMap<>(DynamoDbLocal.watermarkSettings(table));
        Table owned = Table.open(
                Connection.from(BackendConfig.of("aws", settings), DynamoDbBackendProvider.WATERMARK),
                DynamoDbWatermarkStore.SCHEMA,
                true);
        assertThat(owned.exists("probe")).isTrue();
        owned.close();
        // A closed SDK client's timer executor is shut down: it refuses to schedule the call's timeout.
        assertThatThrownBy(() -> owned.client.describeTable(b -> b.tableName(table)))
                .isInstanceOf(RejectedExecutionException.class);
        try (DynamoDbClient client = DynamoDbLocal.client(DynamoDbLocal.shared().endpoint())) {
            Table callers = Table.open(client, table, DynamoDbWatermarkStore.SCHEMA, false);
            callers.close();
            assertThat(callers.exists("probe")).isTrue();
            assertThat(callers.client).isSameAs(client);
        }
        assertThat(owned.toString())
                .isEqualTo("DynamoDB watermark store on table '" + table + "' in region us-east-1" + " at endpoint "
                        + DynamoDbLocal.endpoint());
    }
}
