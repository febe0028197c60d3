package io.tidemark.backend.dynamodb;

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
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughput;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
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
 */
public final class DynamoDbWatermarkStore implements WatermarkStore {
  private static final Logger LOG = LoggerFactory.getLogger(DynamoDbWatermarkStore.class);

  /**
   * The advance rule as a condition: no mark yet, or a higher level, or the same level and a higher round.
   * Expanded: {@code attribute_not_exists(idx) OR lvl < :lvl OR (lvl = :lvl AND round < :round)}.
   */
  static final String ADVANCE_CONDITION = "attribute_not_exists(idx) OR lvl < :lvl OR (lvl = :lvl AND round < :round)";

  private final Table table;
  private final boolean ownsClient;
  private final CloseGuard guard;

  private DynamoDbWatermarkStore(Table table, boolean ownsClient) {
    this.table = table;
    this.ownsClient = ownsClient;
    this.guard = new CloseGuard("DynamoDB watermark store on " + table.connection.where());
  }

  /** Opens a store on a client configured by the provider; the store closes the client. */
  static DynamoDbWatermarkStore open(Connection c) {
    DynamoDbClient client = c.client();
    try {
      return open(client, c, true);
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
  }

  /**
   * Opens a store on a client you configured (interceptors, metrics, your own HTTP client). The caller keeps
   * ownership: {@link #close()} does not close {@code client}. Creates the table if missing.
   */
  public static DynamoDbWatermarkStore open(DynamoDbClient client, String tableName) {
    return open(client, Connection.of(client, tableName), false);
  }

  private static DynamoDbWatermarkStore open(DynamoDbClient client, Connection c, boolean owns) {
    Table t = new Table(client, c, createCommand(c));
    ensureTable(t);
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

  private static void ensureTable(Table t) {
    String what = "open watermark store";
    boolean exists = t.call(what, () -> {
      try {
        t.client.describeTable(DescribeTableRequest.builder().tableName(t.name()).build());
        return true;
      } catch (ResourceNotFoundException e) {
        return false;
      }
    });
    if (!exists) {
      boolean created = t.call("create watermark table", () -> {
        try {
          t.client.createTable(CreateTableRequest.builder().tableName(t.name())
              .attributeDefinitions(AttributeDefinition.builder().attributeName(Items.IDX).attributeType(ScalarAttributeType.S).build(),
                  AttributeDefinition.builder().attributeName(Items.REQUEST).attributeType(ScalarAttributeType.S).build())
              .keySchema(KeySchemaElement.builder().attributeName(Items.IDX).keyType(KeyType.HASH).build(),
                  KeySchemaElement.builder().attributeName(Items.REQUEST).keyType(KeyType.RANGE).build())
              .provisionedThroughput(ProvisionedThroughput.builder().readCapacityUnits(5L).writeCapacityUnits(5L).build())
              .build());
          return true;
        } catch (ResourceInUseException e) {
          return false; // another instance created it first
        }
      });
      t.call("wait for watermark table", () -> t.client.waiter().waitUntilTableExists(
          DescribeTableRequest.builder().tableName(t.name()).build()));
      if (created) {
        LOG.info("DynamoDB watermark backend created table '{}'", t.name());
        return;
      }
    }
    LOG.info("DynamoDB watermark backend using existing table '{}'", t.name());
  }

  @Override
  public AdvanceResult advance(WatermarkKey key, Watermark mark) {
    Validate.advance(key, mark);
    guard.check();
    String what = "advance " + key;
    Map<String, AttributeValue> item = Map.of(Items.IDX, Items.s(key.idx()), Items.REQUEST, Items.s(key.requestKind()),
        Items.LVL, Items.n(mark.level()), Items.ROUND, Items.n(mark.round()), Items.DIGEST, Items.s(mark.digest()));
    PutItemRequest put = PutItemRequest.builder().tableName(table.name()).item(item)
        .conditionExpression(ADVANCE_CONDITION)
        .expressionAttributeValues(Map.of(":lvl", Items.n(mark.level()), ":round", Items.n(mark.round())))
        .returnValues(ReturnValue.ALL_OLD)
        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
        .build();
    for (int attempt = 1; attempt <= 3; attempt++) {
      try {
        Map<String, AttributeValue> old = table.call(what, () -> table.client.putItem(put).attributes());
        return new AdvanceResult.Advanced(Items.markIfAny(table.name(), old));
      } catch (ConditionalCheckFailedException e) {
        Optional<Watermark> stored = Items.markIfAny(table.name(), table.oldItem(what, e, Items.key(key)));
        AdvanceResult r = Watermark.decide(stored, mark);
        if (!(r instanceof AdvanceResult.Advanced)) {
          return r;
        }
        // Only reachable through the GetItem fallback when the mark was reset in between: try the write again.
      }
    }
    throw Table.gaveUp(what, 3);
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
