package io.tidemark.backend.dynamodb;

import io.tidemark.CorruptedStoreException;
import io.tidemark.spi.support.CloseGuard;
import io.tidemark.spi.support.Validate;
import io.tidemark.watermark.AdvanceResult;
import io.tidemark.watermark.StoredWatermark;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * A {@link WatermarkStore} on the signer guide's table: hash key {@code idx} = {@code <chainId>/<pkh>}, range key
 * {@code request} (the kind), attributes {@code lvl} (N), {@code round} (N), {@code digest} (S).
 *
 * <p>Each advance is exactly one conditional {@code PutItem} ({@link #ADVANCE_CONDITION}), no read before the write:
 * {@code Advanced.previous} comes from {@code ReturnValues.ALL_OLD}, and {@code Repeated}/{@code Refused} from the
 * item returned by {@code ReturnValuesOnConditionCheckFailure.ALL_OLD} (one consistent {@code GetItem} only if the
 * server returns none). The table is created at open if missing (provisioned 5/5) and waited for until ACTIVE.
 *
 * <p>A write whose reply is lost (a server error or a connection failure after sending) is resent as is; the
 * monotonic condition keeps a duplicate from applying twice, and the outcome is the true one ({@code Advanced}, or
 * {@code Repeated} when the stored mark is the caller's) or {@link io.tidemark.OutcomeUnknownException}, never a
 * {@code Refused} that could hide the caller's own stored mark. See the module README, "Lost replies".
 */
public final class DynamoDbWatermarkStore implements WatermarkStore {
  private static final Logger LOG = LoggerFactory.getLogger(DynamoDbWatermarkStore.class);

  /**
   * The advance rule as a condition: no mark yet, or a well-formed stored mark below the new one (a higher level, or
   * the same level and a higher round). The shape guard keeps the write from replacing an item it cannot read (a
   * missing or mistyped attribute, a negative level, a round outside 0..2^31-1): such an item fails the condition
   * and is reported as corrupted, with nothing written. Expanded: {@code attribute_not_exists(idx) OR
   * (attribute_type(lvl, :typeN) AND attribute_type(round, :typeN) AND attribute_type(digest, :typeS)
   * AND lvl >= :zero AND round BETWEEN :zero AND :maxRound AND (lvl < :lvl OR (lvl = :lvl AND round < :round)))}.
   */
  static final String ADVANCE_CONDITION = "attribute_not_exists(idx) OR (attribute_type(lvl, :typeN) "
      + "AND attribute_type(round, :typeN) AND attribute_type(digest, :typeS) AND lvl >= :zero "
      + "AND round BETWEEN :zero AND :maxRound AND (lvl < :lvl OR (lvl = :lvl AND round < :round)))";

  /** IAM actions of this contract, for access-denied messages. */
  static final String IAM_ACTIONS = "dynamodb:DescribeTable, dynamodb:PutItem, dynamodb:GetItem "
      + "(dynamodb:CreateTable on first start, dynamodb:Scan for list, dynamodb:DeleteItem for reset)";

  private final Table table;
  private final boolean ownsClient;
  private final CloseGuard guard;

  private DynamoDbWatermarkStore(Table table, boolean ownsClient) {
    this.table = table;
    this.ownsClient = ownsClient;
    this.guard = new CloseGuard("DynamoDB watermark store on " + table.connection.where());
  }

  /**
   * Opens a store on a client configured by the provider; the store closes the client. With {@code create} false a
   * missing table is a {@link io.tidemark.StoreNotFoundException} with the command that creates it.
   */
  static DynamoDbWatermarkStore open(Connection c, boolean create) {
    DynamoDbClient client = c.client();
    try {
      return open(client, c, true, create);
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
  }

  /**
   * Opens a store on a client you configured (interceptors, metrics, your own HTTP client). The caller keeps
   * ownership: {@link #close()} does not close {@code client}. Creates the table if missing. The store's requests
   * replace the client's retry strategy with the backend's ({@link Retries}): the SDK retries only throttling and
   * requests never sent, so that a retried write's failed condition is never taken for the outcome.
   *
   * @throws io.tidemark.AccessDeniedException if the credentials cannot be loaded or are refused
   */
  public static DynamoDbWatermarkStore open(DynamoDbClient client, String tableName) {
    return open(client, Connection.of(client, tableName), false, true);
  }

  private static DynamoDbWatermarkStore open(DynamoDbClient client, Connection c, boolean owns, boolean create) {
    Table t = new Table(client, c, createCommand(c), IAM_ACTIONS, !owns);
    ensureTable(t, create);
    return new DynamoDbWatermarkStore(t, owns);
  }

  /** The {@code aws dynamodb create-table} command of the watermark table, as the guide describes it. */
  static String createCommand(Connection c) {
    return "aws dynamodb create-table --table-name " + c.table()
        + " --attribute-definitions AttributeName=idx,AttributeType=S AttributeName=request,AttributeType=S"
        + " --key-schema AttributeName=idx,KeyType=HASH AttributeName=request,KeyType=RANGE"
        + " --provisioned-throughput ReadCapacityUnits=5,WriteCapacityUnits=5 --region " + c.region()
        + c.endpoint().map(e -> " --endpoint-url " + e).orElse("");
  }

  private static void ensureTable(Table t, boolean create) {
    String what = "open watermark store";
    if (t.exists(what)) {
      LOG.info("DynamoDB watermark backend using existing table '{}'", t.name());
      return;
    }
    if (!create) {
      throw t.missing(what);
    }
    CreateTableRequest req = t.prepared(CreateTableRequest.builder().tableName(t.name())
        .attributeDefinitions(
            AttributeDefinition.builder().attributeName(Items.IDX).attributeType(ScalarAttributeType.S).build(),
            AttributeDefinition.builder().attributeName(Items.REQUEST).attributeType(ScalarAttributeType.S).build())
        .keySchema(KeySchemaElement.builder().attributeName(Items.IDX).keyType(KeyType.HASH).build(),
            KeySchemaElement.builder().attributeName(Items.REQUEST).keyType(KeyType.RANGE).build())
        .provisionedThroughput(ProvisionedThroughput.builder().readCapacityUnits(5L).writeCapacityUnits(5L).build())
        .build());
    boolean created = t.read("create watermark table", () -> {
      try {
        t.client.createTable(req);
        return true;
      } catch (ResourceInUseException e) {
        return false; // another instance created it first
      }
    });
    t.read("wait for watermark table", () -> t.client.waiter().waitUntilTableExists(
        t.prepared(DescribeTableRequest.builder().tableName(t.name()).build())));
    LOG.info(created ? "DynamoDB watermark backend created table '{}'"
        : "DynamoDB watermark backend using existing table '{}'", t.name());
  }

  @Override
  public AdvanceResult advance(WatermarkKey key, Watermark mark) {
    Validate.advance(key, mark);
    guard.check();
    String what = "advance " + key;
    Map<String, AttributeValue> item = Map.of(Items.IDX, Items.s(key.idx()), Items.REQUEST, Items.s(key.requestKind()),
        Items.LVL, Items.n(mark.level()), Items.ROUND, Items.n(mark.round()), Items.DIGEST, Items.s(mark.digest()));
    PutItemRequest put = table.prepared(PutItemRequest.builder().tableName(table.name()).item(item)
        .conditionExpression(ADVANCE_CONDITION)
        .expressionAttributeValues(Map.of(":lvl", Items.n(mark.level()), ":round", Items.n(mark.round()),
            ":typeN", Items.s("N"), ":typeS", Items.s("S"), ":zero", Items.n(0),
            ":maxRound", Items.n(Integer.MAX_VALUE)))
        .returnValues(ReturnValue.ALL_OLD)
        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
        .build());
    for (int attempt = 1; attempt <= 3; attempt++) {
      Table.Reply<PutItemResponse> r = table.write(what, Items.key(key), () -> table.client.putItem(put), Table.SENDS);
      if (r instanceof Table.Reply.Applied<PutItemResponse> a) {
        return new AdvanceResult.Advanced(previous(what, mark, a.response().attributes()));
      }
      if (r instanceof Table.Reply.Lost<PutItemResponse> l) {
        throw Errors.unknown(what, table.connection, l.cause(), "the mark may or may not be stored; advancing with "
            + "the same mark again is safe (Advanced or Repeated)");
      }
      Table.Reply.Refused<PutItemResponse> refused = (Table.Reply.Refused<PutItemResponse>) r;
      Optional<Watermark> stored = Items.markIfAny(table.name(), refused.stored());
      AdvanceResult decided = Watermark.decide(stored, mark);
      if (refused.afterLoss()) {
        // Our earlier send's reply was lost. The stored mark equal to ours is our own (or an identical) write: signing
        // it again is safe. Anything else may have overtaken our write, so Refused could be false.
        if (decided instanceof AdvanceResult.Repeated) {
          return decided;
        }
        throw Errors.unknown(what, table.connection, refused.lost(), "the stored mark is now "
            + stored.map(Object::toString).orElse("absent")
            + ": this call's mark may have been stored and then overtaken, or never stored");
      }
      if (!(decided instanceof AdvanceResult.Advanced)) {
        return decided;
      }
      // Only reachable through the GetItem fallback when the mark was reset in between: try the write again.
    }
    throw Table.gaveUp(what, 3);
  }

  /** The mark replaced by an applied advance; an unreadable one is reported saying that the new mark was written. */
  private Optional<Watermark> previous(String what, Watermark mark, Map<String, AttributeValue> old) {
    try {
      return Items.markIfAny(table.name(), old);
    } catch (CorruptedStoreException e) {
      throw new CorruptedStoreException(what + ": the mark " + mark + " WAS written, replacing an item that cannot "
          + "be read: " + e.getMessage(), e);
    }
  }

  @Override
  public Optional<Watermark> get(WatermarkKey key) {
    Validate.present("key", key);
    guard.check();
    return Items.markIfAny(table.name(), table.get("get " + key, Items.key(key)));
  }

  @Override
  public Stream<StoredWatermark> list() {
    guard.check();
    return table.scan("list watermarks").map(i -> new StoredWatermark(Items.watermarkKey(table.name(), i), Items.mark(table.name(), i)));
  }

  @Override
  public boolean reset(WatermarkKey key) {
    Validate.present("key", key);
    guard.check();
    return table.delete("reset " + key, Items.key(key));
  }

  @Override
  public void close() {
    if (guard.close() && ownsClient) {
      table.client.close();
    }
  }

  @Override
  public String toString() {
    return "DynamoDbWatermarkStore[" + table.connection.where() + "]";
  }
}
