package io.tidemark.backend.dynamodb;

import com.google.auto.service.AutoService;
import io.tidemark.BackendConfig;
import io.tidemark.spi.BackendProvider;
import io.tidemark.spi.ConfigKey;
import io.tidemark.spi.PublisherBackend;
import io.tidemark.spi.WatermarkBackend;
import java.util.List;
import java.util.Set;

/**
 * Driver {@code aws} (alias {@code dynamodb}). Each contract takes the keys of its source guide ({@link #keys()}):
 * the publisher the nameservice guide's {@code dynamodbTable}, {@code dynamodbRegion}, ... and {@code create_table};
 * the watermark store the signer guide's {@code table}, {@code region}, ... and the capacity of a table it creates
 * ({@code billing_mode}, {@code read_capacity}, {@code write_capacity}: {@link Capacity}); both the static credentials, without
 * which the SDK's default credential chain (environment, profile, instance role) is used. A publisher creates a
 * missing table only with {@code create_table: true}, a watermark store always; neither does when the config says
 * {@link BackendConfig#create() create() == false}.
 */
@AutoService(BackendProvider.class)
public final class DynamoDbBackendProvider implements BackendProvider {
    /** The API call timeout when none is configured, all retries included. */
    static final long DEFAULT_TIMEOUT_MS = 5_000;

    static final ConfigKey DYNAMODB_TABLE = ConfigKey.text("dynamodbTable", "DynamoDB table of the nameservice")
            .withRequired()
            .withIdentity()
            .forPublisherOnly();
    static final ConfigKey DYNAMODB_REGION =
            region("dynamodbRegion").withDefault("us-east-1").forPublisherOnly();
    static final ConfigKey DYNAMODB_ENDPOINT = endpoint("dynamodbEndpoint").forPublisherOnly();
    static final ConfigKey DYNAMODB_TIMEOUT_MS = timeout("dynamodbTimeoutMs").forPublisherOnly();
    static final ConfigKey CREATE_TABLE = ConfigKey.bool(
                    "create_table", "create the table (PAY_PER_REQUEST) if it is missing")
            .withDefault(false)
            .forPublisherOnly();

    static final ConfigKey TABLE = ConfigKey.text("table", "DynamoDB table of the watermarks")
            .withDefault("watermark")
            .withIdentity()
            .forWatermarkOnly();
    static final ConfigKey REGION = region("region").withRequired().forWatermarkOnly();
    static final ConfigKey ENDPOINT = endpoint("endpoint").forWatermarkOnly();
    static final ConfigKey TIMEOUT_MS = timeout("timeout_ms").forWatermarkOnly();

    static final ConfigKey BILLING_MODE = ConfigKey.text(
                    "billing_mode",
                    "billing of a watermark table the backend creates: PROVISIONED (read_capacity/write_capacity"
                            + " units) or PAY_PER_REQUEST")
            .withDefault("PROVISIONED")
            .forWatermarkOnly();
    static final ConfigKey READ_CAPACITY = units("read_capacity", "read");
    static final ConfigKey WRITE_CAPACITY = units("write_capacity", "write");

    static final ConfigKey ACCESS_KEY_ID = ConfigKey.text(
                    "access_key_id",
                    "AWS access key id, set together with secret_access_key (else the default credential chain)")
            .withSecret();
    static final ConfigKey SECRET_ACCESS_KEY = ConfigKey.text(
                    "secret_access_key", "AWS secret access key, set together with access_key_id")
            .withSecret();
    static final ConfigKey SESSION_TOKEN = ConfigKey.text("session_token", "AWS session token of temporary credentials")
            .withSecret();

    /** The publisher's names for table, region, endpoint and timeout (the nameservice guide's). */
    static final Connection.Keys PUBLISHER =
            new Connection.Keys(DYNAMODB_TABLE, DYNAMODB_REGION, DYNAMODB_ENDPOINT, DYNAMODB_TIMEOUT_MS);
    /** The watermark store's names for table, region, endpoint and timeout (the signer guide's). */
    static final Connection.Keys WATERMARK = new Connection.Keys(TABLE, REGION, ENDPOINT, TIMEOUT_MS);

    private static final List<ConfigKey> KEYS = List.of(
            DYNAMODB_TABLE,
            DYNAMODB_REGION,
            DYNAMODB_ENDPOINT,
            DYNAMODB_TIMEOUT_MS,
            CREATE_TABLE,
            TABLE,
            REGION,
            ENDPOINT,
            TIMEOUT_MS,
            BILLING_MODE,
            READ_CAPACITY,
            WRITE_CAPACITY,
            ACCESS_KEY_ID,
            SECRET_ACCESS_KEY,
            SESSION_TOKEN);

    private static ConfigKey units(String name, String kind) {
        return ConfigKey.wholeNumber(
                        name,
                        kind + " capacity units of a PROVISIONED watermark table the backend creates, 1 to "
                                + Capacity.MAX_UNITS + " (5 throttles under load)")
                .withDefault(Capacity.GUIDE.read())
                .forWatermarkOnly();
    }

    private static ConfigKey region(String name) {
        return ConfigKey.text(name, "AWS region of the table").withIdentity();
    }

    private static ConfigKey endpoint(String name) {
        return ConfigKey.text(
                        name, "DynamoDB endpoint URL instead of AWS's, e.g. http://localhost:8000 (DynamoDB Local)")
                .withIdentity();
    }

    private static ConfigKey timeout(String name) {
        return ConfigKey.wholeNumber(name, "API call timeout in milliseconds (1 to 600000), retries included")
                .withDefault(DEFAULT_TIMEOUT_MS);
    }

    @Override
    public String driver() {
        return "aws";
    }

    @Override
    public Set<String> aliases() {
        return Set.of("dynamodb");
    }

    /** The publisher's keys, then the watermark store's, then the credentials both take. */
    @Override
    public List<ConfigKey> keys() {
        return KEYS;
    }

    @Override
    public PublisherBackend openPublisher(BackendConfig config) {
        boolean createTable = config.bool(CREATE_TABLE.name(), false) && config.create();
        return DynamoDbPublisher.backend(Connection.from(config, PUBLISHER), createTable);
    }

    @Override
    public WatermarkBackend openWatermarkStore(BackendConfig config) {
        Capacity capacity = Capacity.from(config); // refused before any client is built or table created
        return DynamoDbWatermarkStore.backend(Connection.from(config, WATERMARK), capacity, config.create());
    }
}
