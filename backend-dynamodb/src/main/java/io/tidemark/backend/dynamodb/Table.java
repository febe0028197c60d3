package io.tidemark.backend.dynamodb;

import io.tidemark.Health;
import io.tidemark.StoreNotFoundException;
import io.tidemark.TidemarkException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.slf4j.Logger;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/**
 * One table through one client: the one place for what both stores share. It opens the table (checks it with one
 * {@code DescribeTable}, creates it if missing and allowed, waits until ACTIVE, logs which table is used), owns the
 * client when the backend built it (and closes it in {@link #close()}), and holds the request helpers. Reads map SDK
 * faults with {@link Errors}. Writes go through {@link #write}, which tells an applied write, a refused one (with the
 * stored item from {@code ALL_OLD}, or, on servers that ignore that option, from one strongly consistent
 * {@code GetItem}) and one whose reply was lost, and resends the identical request after a lost reply (a delete is
 * never resent).
 */
final class Table {
    /** Items per scan page: small enough that big tables page, large enough to be cheap. */
    static final int PAGE_SIZE = 1_000;
    /** Sends of one identical write at most, when replies are lost (server error, dropped connection). */
    static final int SENDS = 3;
    /**
     * Conditional attempts of one operation at most: a write is tried again only when its condition failed on
     * something other than the rule (the clock guard, or a mark reset between the write and the fallback read).
     */
    static final int ATTEMPTS = 3;

    /**
     * What tells the two tables apart.
     *
     * @param store what the store is called in messages: {@code watermark store}, {@code publisher}
     * @param logName what the store is called in the table log lines: {@code watermark backend}, {@code nameservice}
     * @param hashKey the hash key attribute (S)
     * @param rangeKey the range key attribute (S), if any
     * @param capacity how the table is billed when the backend creates it
     * @param iamActions the IAM actions the store needs, for access-denied messages
     * @param log where the table log lines go
     */
    record Schema(
            String store,
            String logName,
            String hashKey,
            Optional<String> rangeKey,
            Capacity capacity,
            String iamActions,
            Logger log) {

        /** This schema with {@code c} as the capacity of a table the backend creates. */
        Schema withCapacity(Capacity c) {
            return new Schema(store, logName, hashKey, rangeKey, c, iamActions, log);
        }

        /** The key attributes, hash key first. */
        List<String> keys() {
            return rangeKey.map(r -> List.of(hashKey, r)).orElse(List.of(hashKey));
        }
    }

    final DynamoDbClient client;
    final Connection connection;
    private final Schema schema;
    private final boolean ownsClient;
    private final AwsRequestOverrideConfiguration override;

    /**
     * @param ownsClient whether the backend built {@code client} (with {@link Retries#STRATEGY}) and so closes it;
     *     otherwise it is the caller's, and its requests carry {@link Retries#REQUEST_OVERRIDE}
     */
    private Table(DynamoDbClient client, boolean ownsClient, Connection connection, Schema schema) {
        this.client = client;
        this.ownsClient = ownsClient;
        this.connection = connection;
        this.schema = schema;
        this.override = ownsClient ? null : Retries.REQUEST_OVERRIDE;
    }

    /**
     * Opens the table on a new client built from {@code c}; the table owns the client (closes it in {@link #close()},
     * or at once if opening fails).
     *
     * @param create whether a missing table is created, else it is a {@link StoreNotFoundException} with the command
     */
    static Table open(Connection c, Schema schema, boolean create) {
        DynamoDbClient client = c.client();
        try {
            return new Table(client, true, c, schema).ensure(create);
        } catch (RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /** Opens table {@code name} on a client the caller built and keeps (never closed here); see {@link #open}. */
    static Table open(DynamoDbClient client, String name, Schema schema, boolean create) {
        return new Table(client, false, Connection.of(client, name), schema).ensure(create);
    }

    /**
     * One {@code DescribeTable} (it checks the credentials too); a missing table is created when {@code create} and
     * waited for until ACTIVE. Logs at INFO {@code DynamoDB <logName> created table '<t>'} or
     * {@code DynamoDB <logName> using existing table '<t>'}.
     */
    private Table ensure(boolean create) {
        String what = "open " + schema.store();
        boolean created = false;
        if (!exists(what)) {
            if (!create) {
                throw missing(what);
            }
            created = create();
        }
        schema.log()
                .info("DynamoDB {} {} table '{}'", schema.logName(), created ? "created" : "using existing", name());
        return this;
    }

    /** Creates the table; false if another process created it first. Returns once it is ACTIVE. */
    private boolean create() {
        List<AttributeDefinition> attributes = new ArrayList<>();
        List<KeySchemaElement> keySchema = new ArrayList<>();
        for (String k : schema.keys()) {
            attributes.add(AttributeDefinition.builder()
                    .attributeName(k)
                    .attributeType(ScalarAttributeType.S)
                    .build());
            keySchema.add(KeySchemaElement.builder()
                    .attributeName(k)
                    .keyType(k.equals(schema.hashKey()) ? KeyType.HASH : KeyType.RANGE)
                    .build());
        }
        CreateTableRequest.Builder b = CreateTableRequest.builder()
                .tableName(name())
                .attributeDefinitions(attributes)
                .keySchema(keySchema);
        CreateTableRequest req = prepared(schema.capacity().applyTo(b).build());
        boolean created = read("create " + schema.store() + " table", () -> {
            try {
                client.createTable(req);
                return true;
            } catch (ResourceInUseException e) {
                return false; // another instance created it first
            }
        });
        read("wait for " + schema.store() + " table", () -> client.waiter()
                .waitUntilTableExists(prepared(
                        DescribeTableRequest.builder().tableName(name()).build())));
        return created;
    }

    /** The {@code aws dynamodb create-table} command of this table, as the source guide gives it. */
    String createCommand() {
        StringBuilder b = new StringBuilder("aws dynamodb create-table --table-name ")
                .append(name())
                .append(" --attribute-definitions");
        schema.keys().forEach(k -> b.append(" AttributeName=").append(k).append(",AttributeType=S"));
        b.append(" --key-schema");
        schema.keys().forEach(k -> b.append(" AttributeName=")
                .append(k)
                .append(",KeyType=")
                .append(k.equals(schema.hashKey()) ? "HASH" : "RANGE"));
        b.append(schema.capacity().cliOptions());
        return b.append(" --region ")
                .append(connection.region())
                .append(connection.endpoint().map(e -> " --endpoint-url " + e).orElse(""))
                .toString();
    }

    String name() {
        return connection.table();
    }

    String iamActions() {
        return schema.iamActions();
    }

    /** Closes the client if the backend built it; a caller's client stays open. */
    void close() {
        if (ownsClient) {
            client.close();
        }
    }

    /** {@code DynamoDB watermark store on table 't' in region r}: the store's {@code toString()}. */
    @Override
    public String toString() {
        return "DynamoDB " + schema.store() + " on " + connection.where();
    }

    /** {@code request} with the backend's retry strategy when the client is the caller's. */
    @SuppressWarnings("unchecked")
    <R extends DynamoDbRequest> R prepared(R request) {
        return override == null
                ? request
                : (R) request.toBuilder().overrideConfiguration(override).build();
    }

    /**
     * Runs a read (or a call that is safe to repeat), mapping SDK faults. A failure after sending (a server error, a
     * reset connection, say a pooled connection the server had closed) is retried here, up to {@link #SENDS} calls,
     * since the SDK retries only what was never sent ({@link Retries}); a timeout is not (the time budget is spent).
     */
    <T> T read(String what, Supplier<T> call) {
        for (int n = 1; ; n++) {
            try {
                return call.get();
            } catch (RuntimeException e) {
                if (!(e instanceof SdkException) && !Errors.isCredentialFailure(e)) {
                    throw e;
                }
                if (n >= SENDS || !Errors.ambiguous(e) || Errors.isTimeout(e) || !pause(n)) {
                    throw Errors.map(what, this, e);
                }
            }
        }
    }

    /** Runs one call without retrying it, mapping SDK faults (a scan page: its iterator is not to be re-entered). */
    private <T> T once(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            if (e instanceof SdkException || Errors.isCredentialFailure(e)) {
                throw Errors.map(what, this, e);
            }
            throw e;
        }
    }

    /** What the server decided about one write. */
    sealed interface Reply<T> {
        /** Applied; {@code lost} is the failure of an earlier identical send whose reply was lost, or null. */
        record Applied<T>(T response, RuntimeException lost) implements Reply<T> {
            boolean afterLoss() {
                return lost != null;
            }
        }

        /** The condition failed; {@code stored} is the item then (empty if none); {@code lost} as for Applied. */
        record Refused<T>(Map<String, AttributeValue> stored, RuntimeException lost) implements Reply<T> {
            boolean afterLoss() {
                return lost != null;
            }
        }

        /** No reply could be had; the write may or may not have been applied. */
        record Lost<T>(RuntimeException cause) implements Reply<T> {}
    }

    /**
     * Sends a write (a conditional one with {@code ReturnValuesOnConditionCheckFailure.ALL_OLD}) up to {@code sends}
     * times: a lost reply (server error, connection failure after sending) is followed by the identical request,
     * unless the time budget is spent (a timeout). A failure that proves nothing was applied is mapped and thrown;
     * after a lost reply any failure is {@link io.tidemark.OutcomeUnknownException}.
     */
    <T> Reply<T> write(String what, Map<String, AttributeValue> key, Supplier<T> send, int sends) {
        RuntimeException lost = null;
        for (int n = 1; ; n++) {
            try {
                return new Reply.Applied<>(send.get(), lost);
            } catch (ConditionalCheckFailedException e) {
                return new Reply.Refused<>(storedAfter(what, e, key, lost), lost);
            } catch (RuntimeException e) {
                if (!(e instanceof SdkException) && !Errors.isCredentialFailure(e)) {
                    throw e;
                }
                if (!Errors.ambiguous(e)) {
                    if (lost != null) {
                        throw Errors.unknown(what, connection, lost, "resending it failed too: " + e.getMessage());
                    }
                    throw Errors.map(what, this, e);
                }
                lost = e;
                if (n >= sends || Errors.isTimeout(e) || !pause(n)) {
                    return new Reply.Lost<>(e);
                }
            }
        }
    }

    /** Jittered backoff before resend {@code n + 1}: 25, 50 ms ... ; false if interrupted. */
    private static boolean pause(int n) {
        try {
            long base = 25L << Math.min(n - 1, 4);
            Thread.sleep(base + ThreadLocalRandom.current().nextLong(base));
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The stored item after a failed condition: from the exception, else one consistent read. */
    private Map<String, AttributeValue> storedAfter(
            String what, ConditionalCheckFailedException e, Map<String, AttributeValue> key, RuntimeException lost) {
        if (e.hasItem() && !e.item().isEmpty()) {
            return e.item();
        }
        if (lost == null) {
            return get(what, key);
        }
        try {
            return get(what, key);
        } catch (TidemarkException r) {
            throw Errors.unknown(what, connection, lost, "reading the item back failed too: " + r.getMessage());
        }
    }

    /** A strongly consistent {@code GetItem}; an empty map if absent. */
    Map<String, AttributeValue> get(String what, Map<String, AttributeValue> key) {
        GetItemRequest req = prepared(GetItemRequest.builder()
                .tableName(name())
                .key(key)
                .consistentRead(true)
                .build());
        return read(what, () -> client.getItem(req).item());
    }

    /**
     * {@code DeleteItem}, sent once; true if an item was there. A delete is never resent after a lost reply: between the
     * applied first send and a resend another writer may create the item anew (and be told it was new), and the resend
     * would remove that item. Nor can a read tell "we removed it" from "it was never there (or another caller removed
     * it)". So a lost reply is {@link io.tidemark.OutcomeUnknownException}.
     */
    boolean delete(String what, Map<String, AttributeValue> key) {
        DeleteItemRequest req = prepared(DeleteItemRequest.builder()
                .tableName(name())
                .key(key)
                .returnValues(ReturnValue.ALL_OLD)
                .build());
        Reply<DeleteItemResponse> r = write(what, key, () -> client.deleteItem(req), 1);
        if (r instanceof Reply.Applied<DeleteItemResponse> a) {
            return a.response().hasAttributes() && !a.response().attributes().isEmpty();
        }
        throw Errors.unknown(
                what,
                connection,
                ((Reply.Lost<DeleteItemResponse>) r).cause(),
                "the key may or may not have been removed; a later get (watermark) or lookup (record) tells. "
                        + "Not resent: a resend could remove an item another writer created after this delete");
    }

    /** One {@code DescribeTable}: checks the table and the credentials; false if the table does not exist. */
    boolean exists(String what) {
        DescribeTableRequest req =
                prepared(DescribeTableRequest.builder().tableName(name()).build());
        return read(what, () -> {
            try {
                client.describeTable(req);
                return true;
            } catch (ResourceNotFoundException e) {
                return false;
            }
        });
    }

    /**
     * One {@code DescribeTable}, sent once within the client's call timeout (the configured {@code timeout_ms} /
     * {@code dynamodbTimeoutMs}): {@link Health.Reachable} if the table is ACTIVE (or UPDATING, which still serves
     * reads and writes) with this store's key schema (string keys), else {@link Health.Unreachable} with the reason:
     * a missing table, another status or key schema, no answer, access denied. Reads no item, writes nothing.
     */
    Health check() {
        DescribeTableRequest req =
                prepared(DescribeTableRequest.builder().tableName(name()).build());
        TableDescription t;
        try {
            t = client.describeTable(req).table();
        } catch (ResourceNotFoundException e) {
            return new Health.Unreachable(this + ": the table does not exist. Create it with: " + createCommand());
        } catch (RuntimeException e) {
            if (e instanceof SdkException || Errors.isCredentialFailure(e)) {
                return new Health.Unreachable(
                        Errors.map("check " + schema.store(), this, e).getMessage());
            }
            throw e;
        }
        if (t.tableStatus() != TableStatus.ACTIVE && t.tableStatus() != TableStatus.UPDATING) {
            return new Health.Unreachable(this + ": the table is " + t.tableStatusAsString() + ", not ACTIVE");
        }
        Set<String> expected = schema.keys().stream()
                .map(k -> k + " " + (k.equals(schema.hashKey()) ? KeyType.HASH : KeyType.RANGE) + " S")
                .collect(Collectors.toCollection(TreeSet::new));
        Map<String, String> types = t.attributeDefinitions().stream()
                .collect(Collectors.toMap(
                        AttributeDefinition::attributeName, AttributeDefinition::attributeTypeAsString, (a, b) -> a));
        Set<String> actual = t.keySchema().stream()
                .map(k -> k.attributeName() + " " + k.keyTypeAsString() + " " + types.get(k.attributeName()))
                .collect(Collectors.toCollection(TreeSet::new));
        if (!actual.equals(expected)) {
            return new Health.Unreachable(
                    this + ": the table's key schema is " + actual + ", expected " + expected + " (another table?)");
        }
        return new Health.Reachable(this + ": table " + t.tableStatusAsString() + ", key schema " + actual);
    }

    /** The missing table, with the command that creates it. */
    StoreNotFoundException missing(String what) {
        return new StoreNotFoundException(
                what + " on " + connection.where() + ": the table does not exist. Create it with:\n  "
                        + createCommand(),
                null);
    }

    /** Every item, strongly consistent, {@link #PAGE_SIZE} per request, fetched lazily; faults mapped while iterating. */
    Stream<Map<String, AttributeValue>> scan(String what) {
        ScanRequest req = prepared(ScanRequest.builder()
                .tableName(name())
                .consistentRead(true)
                .limit(PAGE_SIZE)
                .build());
        Iterator<Map<String, AttributeValue>> it =
                read(what, () -> client.scanPaginator(req).items().iterator());
        Iterator<Map<String, AttributeValue>> mapped = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return once(what, it::hasNext);
            }

            @Override
            public Map<String, AttributeValue> next() {
                return once(what, it::next);
            }
        };
        return StreamSupport.stream(
                Spliterators.spliteratorUnknownSize(mapped, Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    /** After {@link #ATTEMPTS} conditional attempts that each failed on something other than the rule. */
    static TidemarkException gaveUp(String what) {
        return new TidemarkException(
                what + ": gave up after " + ATTEMPTS + " conditional attempts; the item keeps changing underneath");
    }
}
