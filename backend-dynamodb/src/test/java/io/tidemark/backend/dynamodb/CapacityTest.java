package io.tidemark.backend.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.BackendConfig;
import io.tidemark.InvalidConfigException;
import io.tidemark.StoreNotFoundException;
import io.tidemark.discovery.Tidemark;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * The watermark table's capacity ({@code billing_mode}, {@code read_capacity}, {@code write_capacity}): the table the
 * backend creates on DynamoDB Local has what the config asks for, and an invalid combination is refused, naming the
 * key, before any table is created.
 */
@ExtendWith(DynamoDbLocal.class)
class CapacityTest {
    private final DynamoDbClient raw =
            DynamoDbLocal.client(DynamoDbLocal.shared().endpoint());

    private static BackendConfig config(String table, Object... keysAndValues) {
        Map<String, Object> s = new HashMap<>(DynamoDbLocal.watermarkSettings(table));
        for (int i = 0; i < keysAndValues.length; i += 2) {
            s.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return BackendConfig.of("aws", s);
    }

    /** Opens the store (creating its table), checks it works, and describes the table. */
    private TableDescription created(BackendConfig config, String table) {
        try (WatermarkStore s = Tidemark.openWatermarkStore(config)) {
            assertThat(s.advance(new WatermarkKey("NetX", "tz1", "block"), new Watermark(1, 0, "d"))
                            .maySign())
                    .isTrue();
        }
        return raw.describeTable(b -> b.tableName(table)).table();
    }

    @Test
    void byDefaultTheTableIsTheSignerGuidesProvisionedFiveAndFive() {
        String table = DynamoDbLocal.freshTable("capacity-default");
        TableDescription d = created(config(table), table);
        assertThat(d.provisionedThroughput().readCapacityUnits()).isEqualTo(5);
        assertThat(d.provisionedThroughput().writeCapacityUnits()).isEqualTo(5);
        assertThat(
                        d.billingModeSummary() == null
                                ? BillingMode.PROVISIONED
                                : d.billingModeSummary().billingMode())
                .isEqualTo(BillingMode.PROVISIONED);
    }

    @Test
    void payPerRequestCreatesAnOnDemandTable() {
        String table = DynamoDbLocal.freshTable("capacity-on-demand");
        TableDescription d = created(config(table, "billing_mode", "PAY_PER_REQUEST"), table);
        assertThat(d.billingModeSummary().billingMode()).isEqualTo(BillingMode.PAY_PER_REQUEST);
        assertThat(d.provisionedThroughput().readCapacityUnits()).isZero();
        assertThat(d.provisionedThroughput().writeCapacityUnits()).isZero();
    }

    @Test
    void provisionedTakesTheGivenUnits() {
        String table = DynamoDbLocal.freshTable("capacity-provisioned");
        TableDescription d = created(
                config(table, "billing_mode", "provisioned", "read_capacity", 25, "write_capacity", "40"), table);
        assertThat(d.provisionedThroughput().readCapacityUnits()).isEqualTo(25);
        assertThat(d.provisionedThroughput().writeCapacityUnits()).isEqualTo(40);
    }

    @Test
    void theCreateCommandOfAMissingTableCarriesTheCapacity() {
        String table = DynamoDbLocal.freshTable("capacity-missing");
        assertThatThrownBy(() -> Tidemark.openWatermarkStore(
                        config(table, "billing_mode", "PAY_PER_REQUEST").withCreate(false)))
                .isInstanceOf(StoreNotFoundException.class)
                .hasMessageContaining("--billing-mode PAY_PER_REQUEST");
        assertThatThrownBy(() -> Tidemark.openWatermarkStore(
                        config(table, "read_capacity", 7).withCreate(false)))
                .isInstanceOf(StoreNotFoundException.class)
                .hasMessageContaining("--provisioned-throughput ReadCapacityUnits=7,WriteCapacityUnits=5");
    }

    @Test
    void invalidCombinationsAreRefusedNamingTheKeyBeforeAnyTableIsCreated() {
        String table = DynamoDbLocal.freshTable("capacity-invalid");
        Object[][] cases = {
            {"read_capacity", new Object[] {"billing_mode", "PAY_PER_REQUEST", "read_capacity", 10}},
            {"write_capacity", new Object[] {"billing_mode", "pay_per_request", "write_capacity", 10}},
            {"billing_mode", new Object[] {"billing_mode", "ON_DEMAND"}},
            {"read_capacity", new Object[] {"read_capacity", 0}},
            {"write_capacity", new Object[] {"write_capacity", Capacity.MAX_UNITS + 1}},
            {"read_capacity", new Object[] {"billing_mode", "PROVISIONED", "read_capacity", "lots"}},
        };
        for (Object[] c : cases) {
            String key = (String) c[0];
            assertThatThrownBy(() -> Tidemark.openWatermarkStore(config(table, (Object[]) c[1])))
                    .as("%s", java.util.Arrays.toString((Object[]) c[1]))
                    .isInstanceOf(InvalidConfigException.class)
                    .hasMessageContaining("'" + key + "'");
        }
        assertThatThrownBy(() -> raw.describeTable(b -> b.tableName(table)))
                .as("no table was created")
                .isInstanceOf(ResourceNotFoundException.class);
    }

    @Test
    void theCapacityKeysAreTheWatermarkStoresOnly() {
        String table = DynamoDbLocal.freshTable("capacity-publisher");
        Map<String, Object> s = new HashMap<>(DynamoDbLocal.publisherSettings(table));
        s.put("billing_mode", "PAY_PER_REQUEST");
        assertThatThrownBy(() -> Tidemark.openPublisher(BackendConfig.of("aws", s)))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("billing_mode");
    }
}
