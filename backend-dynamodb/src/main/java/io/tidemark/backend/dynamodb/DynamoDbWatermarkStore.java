package io.tidemark.backend.dynamodb;

import io.tidemark.CorruptedStoreException;
import io.tidemark.Health;
import io.tidemark.spi.Checked;
import io.tidemark.spi.WatermarkBackend;
import io.tidemark.watermark.AdvanceResult;
import io.tidemark.watermark.StoredWatermark;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;

/**
 * The storage of a {@link WatermarkStore} on the signer guide's table: hash key {@code idx} =
 * {@code <chainId>/<pkh>}, range key {@code request} (the kind), attributes {@code lvl} (N), {@code round} (N),
 * {@code digest} (S; items the Tezos signer wrote hold B or NULL there, read as {@link Items#mark} says).
 *
 * <p>Each advance is exactly one conditional {@code PutItem} ({@link #ADVANCE_CONDITION}), no read before the write:
 * {@code Advanced.previous} comes from {@code ReturnValues.ALL_OLD}, and {@code Repeated}/{@code Refused} from the
 * item returned by {@code ReturnValuesOnConditionCheckFailure.ALL_OLD} (one consistent {@code GetItem} only if the
 * server returns none). The table is created at open if missing (provisioned 5/5) and waited for until ACTIVE.
 * Users reach it through the checking layer ({@link Checked}): {@link #open(DynamoDbClient, String)} and discovery
 * return it wrapped.
 *
 * <p>A write whose reply is lost (a server error or a connection failure after sending) is resent as is; the
 * monotonic condition keeps a duplicate from applying twice, and the outcome is the true one ({@code Advanced}, or
 * {@code Repeated} when the stored mark is the caller's) or {@link io.tidemark.OutcomeUnknownException}, never a
 * {@code Refused} that could hide the caller's own stored mark. See the module README, "Lost replies".
 */
public final class DynamoDbWatermarkStore implements WatermarkBackend {
    /**
     * The advance rule as a condition: no mark yet, or a well-formed stored mark below the new one (a higher level, or
     * the same level and a higher round). The shape guard keeps the write from replacing an item it cannot read (a
     * missing or mistyped attribute, a negative level, a round outside 0..2^31-1): such an item fails the condition
     * and is reported as corrupted, with nothing written. The digest may be any shape {@link Items#mark} reads: S, the
     * signer's 32-byte B, or NULL. Expanded: {@code attribute_not_exists(idx) OR
     * (attribute_type(lvl, :typeN) AND attribute_type(round, :typeN) AND (attribute_type(digest, :typeS)
     * OR (attribute_type(digest, :typeB) AND size(digest) = :hashBytes) OR attribute_type(digest, :typeNULL))
     * AND lvl >= :zero AND round BETWEEN :zero AND :maxRound AND (lvl < :lvl OR (lvl = :lvl AND round < :round)))}.
     */
    static final String ADVANCE_CONDITION = "attribute_not_exists(idx) OR (attribute_type(lvl, :typeN) "
            + "AND attribute_type(round, :typeN) AND (attribute_type(digest, :typeS) "
            + "OR (attribute_type(digest, :typeB) AND size(digest) = :hashBytes) OR attribute_type(digest, :typeNULL)) "
            + "AND lvl >= :zero AND round BETWEEN :zero AND :maxRound AND (lvl < :lvl OR (lvl = :lvl AND round < :round)))";

    /** IAM actions of this contract, for access-denied messages. */
    static final String IAM_ACTIONS = "dynamodb:DescribeTable, dynamodb:PutItem, dynamodb:GetItem "
            + "(dynamodb:CreateTable on first start, dynamodb:Scan for list, dynamodb:DeleteItem for reset)";

    /**
     * The guide's table: hash key {@code idx}, range key {@code request}, created provisioned 5/5 unless the config
     * says otherwise ({@link Capacity#from}).
     */
    static final Table.Schema SCHEMA = new Table.Schema(
            "watermark store",
            "watermark backend",
            Items.IDX,
            Optional.of(Items.REQUEST),
            Capacity.GUIDE,
            IAM_ACTIONS,
            LoggerFactory.getLogger(DynamoDbWatermarkStore.class));

    private final Table table;

    private DynamoDbWatermarkStore(Table table) {
        this.table = table;
    }

    /**
     * The storage of a store on a client built from {@code c}; it closes the client. The table is created if missing
     * (with {@code capacity}) when {@code create}, else a missing table is a {@link io.tidemark.StoreNotFoundException} with the command that
     * creates it. The provider's open; discovery wraps it in the checking layer.
     */
    static DynamoDbWatermarkStore backend(Connection c, Capacity capacity, boolean create) {
        return new DynamoDbWatermarkStore(Table.open(c, SCHEMA.withCapacity(capacity), create));
    }

    /**
     * Opens a store on a client you configured (interceptors, metrics, your own HTTP client), behind the checking
     * layer ({@link Checked}) as every store is. The caller keeps ownership: {@code close()} does not close
     * {@code client}. Creates the table if missing and waits until it is ACTIVE. The store's requests replace the
     * client's retry strategy with the backend's ({@link Retries}): the SDK retries only throttling and requests never
     * sent, so that a retried write's failed condition is never taken for the outcome.
     *
     * @throws io.tidemark.AccessDeniedException if the credentials cannot be loaded or are refused
     */
    public static WatermarkStore open(DynamoDbClient client, String tableName) {
        return Checked.watermarkStore(new DynamoDbWatermarkStore(Table.open(client, tableName, SCHEMA, true)));
    }

    @Override
    public AdvanceResult advance(WatermarkKey key, Watermark mark) {
        String what = "advance " + key;
        Map<String, AttributeValue> itemKey = Items.key(key);
        Map<String, AttributeValue> item = new HashMap<>(itemKey);
        item.put(Items.LVL, Items.n(mark.level()));
        item.put(Items.ROUND, Items.n(mark.round()));
        item.put(Items.DIGEST, Items.s(mark.digest()));
        PutItemRequest put = table.prepared(PutItemRequest.builder()
                .tableName(table.name())
                .item(item)
                .conditionExpression(ADVANCE_CONDITION)
                .expressionAttributeValues(Map.of(
                        ":lvl",
                        Items.n(mark.level()),
                        ":round",
                        Items.n(mark.round()),
                        ":typeN",
                        Items.s("N"),
                        ":typeS",
                        Items.s("S"),
                        ":typeB",
                        Items.s("B"),
                        ":typeNULL",
                        Items.s("NULL"),
                        ":hashBytes",
                        Items.n(PayloadHash.LENGTH),
                        ":zero",
                        Items.n(0),
                        ":maxRound",
                        Items.n(Integer.MAX_VALUE)))
                .returnValues(ReturnValue.ALL_OLD)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                .build());
        for (int attempt = 1; attempt <= Table.ATTEMPTS; attempt++) {
            Table.Reply<PutItemResponse> r = table.write(what, itemKey, () -> table.client.putItem(put), Table.SENDS);
            if (r instanceof Table.Reply.Applied<PutItemResponse> a) {
                return new AdvanceResult.Advanced(
                        previous(what, mark, a.response().attributes()));
            }
            if (r instanceof Table.Reply.Lost<PutItemResponse> l) {
                throw Errors.unknown(
                        what,
                        table.connection,
                        l.cause(),
                        "the mark may or may not be stored; advancing with "
                                + "the same mark again is safe (Advanced or Repeated)");
            }
            Table.Reply.Refused<PutItemResponse> refused = (Table.Reply.Refused<PutItemResponse>) r;
            Optional<Watermark> stored = Items.markIfAny(table.name(), refused.stored());
            AdvanceResult decided = Watermark.decide(stored, mark);
            if (refused.afterLoss()) {
                // Our earlier send's reply was lost. The stored mark equal to ours is our own (or an identical) write:
                // signing
                // it again is safe. Anything else may have overtaken our write, so Refused could be false.
                if (decided instanceof AdvanceResult.Repeated) {
                    return decided;
                }
                throw Errors.unknown(
                        what,
                        table.connection,
                        refused.lost(),
                        "the stored mark is now "
                                + stored.map(Object::toString).orElse("absent")
                                + ": this call's mark may have been stored and then overtaken, or never stored");
            }
            if (!(decided instanceof AdvanceResult.Advanced)) {
                return decided;
            }
            // Only reachable through the GetItem fallback when the mark was reset in between: try the write again.
        }
        throw Table.gaveUp(what);
    }

    /** The mark replaced by an applied advance; an unreadable one is reported saying that the new mark was written. */
    private Optional<Watermark> previous(String what, Watermark mark, Map<String, AttributeValue> old) {
        try {
            return Items.markIfAny(table.name(), old);
        } catch (CorruptedStoreException e) {
            throw new CorruptedStoreException(
                    what + ": the mark " + mark + " WAS written, replacing an item that cannot " + "be read: "
                            + e.getMessage(),
                    e);
        }
    }

    @Override
    public Optional<Watermark> get(WatermarkKey key) {
        return Items.markIfAny(table.name(), table.get("get " + key, Items.key(key)));
    }

    @Override
    public Stream<StoredWatermark> list() {
        return table.scan("list watermarks")
                .map(i -> new StoredWatermark(Items.watermarkKey(table.name(), i), Items.mark(table.name(), i)));
    }

    @Override
    public boolean reset(WatermarkKey key) {
        return table.delete("reset " + key, Items.key(key));
    }

    /** One {@code DescribeTable} within the configured timeout; see {@code Table#check}. */
    @Override
    public Health check() {
        return table.check();
    }

    @Override
    public void close() {
        table.close();
    }

    /** {@code DynamoDB watermark store on table 't' in region r}. */
    @Override
    public String toString() {
        return table.toString();
    }
}
