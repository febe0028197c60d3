package io.tidemark.backend.dynamodb;

import io.tidemark.BackendConfig;
import java.util.Locale;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;

/**
 * How a table the backend creates is billed: on demand ({@code PAY_PER_REQUEST}), or {@code PROVISIONED} with
 * {@code read} and {@code write} capacity units. Used only when the backend creates the table; an existing table keeps
 * its own.
 *
 * @param mode the billing mode
 * @param read read capacity units (PROVISIONED), else 0
 * @param write write capacity units (PROVISIONED), else 0
 */
record Capacity(BillingMode mode, long read, long write) {
    /** The most capacity units of either kind a table may be given (DynamoDB's default per-table quota). */
    static final long MAX_UNITS = 40_000;
    /** The signer guide's watermark table: provisioned 5 read / 5 write units. */
    static final Capacity GUIDE = new Capacity(BillingMode.PROVISIONED, 5, 5);
    /** The nameservice guide's table: on demand. */
    static final Capacity ON_DEMAND = new Capacity(BillingMode.PAY_PER_REQUEST, 0, 0);

    /**
     * The capacity a watermark config asks for: {@code billing_mode} ({@code PROVISIONED} by default, or
     * {@code PAY_PER_REQUEST}, any case) and, with PROVISIONED, {@code read_capacity} and {@code write_capacity} (each 1
     * to {@link #MAX_UNITS}, default 5).
     *
     * @throws io.tidemark.InvalidConfigException naming the key: an unknown billing mode, units out of range, or units
     *     given with PAY_PER_REQUEST (which has none)
     */
    static Capacity from(BackendConfig config) {
        String modeKey = DynamoDbBackendProvider.BILLING_MODE.name();
        String readKey = DynamoDbBackendProvider.READ_CAPACITY.name();
        String writeKey = DynamoDbBackendProvider.WRITE_CAPACITY.name();
        String mode = config.string(modeKey)
                .orElse(BillingMode.PROVISIONED.toString())
                .toUpperCase(Locale.ROOT);
        if (mode.equals(BillingMode.PAY_PER_REQUEST.toString())) {
            for (String units : new String[] {readKey, writeKey}) {
                if (config.settings().get(units) != null) {
                    throw config.fail(
                            units,
                            "no " + units + " with " + modeKey + " PAY_PER_REQUEST (an on-demand table has no"
                                    + " capacity units): remove it, or set " + modeKey + ": PROVISIONED");
                }
            }
            return ON_DEMAND;
        }
        if (!mode.equals(BillingMode.PROVISIONED.toString())) {
            throw config.fail(modeKey, "PROVISIONED or PAY_PER_REQUEST");
        }
        return new Capacity(
                BillingMode.PROVISIONED,
                config.longValue(readKey, GUIDE.read, 1, MAX_UNITS),
                config.longValue(writeKey, GUIDE.write, 1, MAX_UNITS));
    }

    /** Sets the billing mode, and the throughput when provisioned, on a table creation. */
    CreateTableRequest.Builder applyTo(CreateTableRequest.Builder b) {
        b.billingMode(mode);
        if (mode == BillingMode.PROVISIONED) {
            b.provisionedThroughput(ProvisionedThroughput.builder()
                    .readCapacityUnits(read)
                    .writeCapacityUnits(write)
                    .build());
        }
        return b;
    }

    /** The options of {@code aws dynamodb create-table} that create a table with this capacity. */
    String cliOptions() {
        return mode == BillingMode.PROVISIONED
                ? " --provisioned-throughput ReadCapacityUnits=" + read + ",WriteCapacityUnits=" + write
                : " --billing-mode PAY_PER_REQUEST";
    }

    @Override
    public String toString() {
        return mode == BillingMode.PROVISIONED
                ? "PROVISIONED " + read + " read / " + write + " write units"
                : "PAY_PER_REQUEST";
    }
}
