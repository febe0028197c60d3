package io.tidemark.backend.dynamodb;

import io.tidemark.publisher.CasResult;
import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.NsRecord;
import io.tidemark.publisher.PublishResult;
import io.tidemark.publisher.Publisher;
import io.tidemark.spi.support.CloseGuard;
import io.tidemark.spi.support.Validate;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * A {@link Publisher} on the nameservice guide's table: hash key {@code ledger_alias} (S) and the guide's attributes.
 *
 * <p>Every operation is exactly one conditional {@code UpdateItem} in the normal case. Commit and index updates
 * touch disjoint attributes, so a transactor and an indexer never conflict. Outcomes come from the returned item
 * ({@code ALL_OLD} on success for publishes, {@code ALL_NEW} for retract and compare-and-set; the old item on a
 * failed condition), computed with the same {@link NsRecord} rules the other backends apply.
 *
 * <p>Every condition also carries a clock guard ({@link #CLOCK_GUARD}) so that {@code updated_at} never goes
 * backwards when writers' clocks disagree: if only the guard failed, the call is repeated once with the stored
 * time, which is the one case that costs a second request.
 */
public final class DynamoDbPublisher implements Publisher {
  private static final Logger LOG = LoggerFactory.getLogger(DynamoDbPublisher.class);

  /** Expanded: {@code attribute_not_exists(updated_at) OR updated_at <= :now}. */
  static final String CLOCK_GUARD = "(attribute_not_exists(updated_at) OR updated_at <= :now)";

  /**
   * The transactor's write. Expanded: {@code SET commit_address = :addr, commit_t = :t, updated_at = :now,
   * ledger_name = :name, branch = :branch, #status = if_not_exists(#status, :ready),
   * status_v = if_not_exists(status_v, :one), config_v = if_not_exists(config_v, :zero)}.
   */
  static final String COMMIT_UPDATE = "SET commit_address = :addr, commit_t = :t, updated_at = :now, ledger_name = :name, "
      + "branch = :branch, #status = if_not_exists(#status, :ready), status_v = if_not_exists(status_v, :one), "
      + "config_v = if_not_exists(config_v, :zero)";
  /** Expanded: {@code (attribute_not_exists(commit_t) OR commit_t < :t) AND <clock guard>}. */
  static final String COMMIT_CONDITION = "(attribute_not_exists(commit_t) OR commit_t < :t) AND " + CLOCK_GUARD;

  /** The indexer's write: {@link #COMMIT_UPDATE} on {@code index_address}, {@code index_t}. */
  static final String INDEX_UPDATE = "SET index_address = :addr, index_t = :t, updated_at = :now, ledger_name = :name, "
      + "branch = :branch, #status = if_not_exists(#status, :ready), status_v = if_not_exists(status_v, :one), "
      + "config_v = if_not_exists(config_v, :zero)";
  /** Expanded: {@code (attribute_not_exists(index_t) OR index_t < :t) AND <clock guard>}. */
  static final String INDEX_CONDITION = "(attribute_not_exists(index_t) OR index_t < :t) AND " + CLOCK_GUARD;

  /**
   * Retract. The guide writes {@code ADD status_v :one}, which on an item without {@code status_v} yields 1, the
   * documented default, so readers would see no change; this form always moves it past the effective value.
   * Expanded: {@code SET #status = :retracted, updated_at = :now, status_v = if_not_exists(status_v, :one) + :one}.
   */
  static final String RETRACT_UPDATE = "SET #status = :retracted, updated_at = :now, status_v = if_not_exists(status_v, :one) + :one";
  /** Expanded: {@code attribute_exists(ledger_alias) AND <clock guard>}: an unknown alias is not created. */
  static final String RETRACT_CONDITION = "attribute_exists(ledger_alias) AND " + CLOCK_GUARD;

  /** Expanded: {@code SET #status = :state, status_meta = :meta, status_v = :next, updated_at = :now}. */
  static final String STATUS_UPDATE = "SET #status = :state, status_meta = :meta, status_v = :next, updated_at = :now";
  /** Expanded: {@code attribute_exists(ledger_alias) AND status_v = :expected AND <clock guard>}. */
  static final String STATUS_CONDITION = "attribute_exists(ledger_alias) AND status_v = :expected AND " + CLOCK_GUARD;
  /** For expected 1, the default of an item without {@code status_v}: {@code ... AND (status_v = :expected OR attribute_not_exists(status_v)) ...}. */
  static final String STATUS_CONDITION_DEFAULT = "attribute_exists(ledger_alias) AND (status_v = :expected OR attribute_not_exists(status_v)) AND " + CLOCK_GUARD;

  /** Expanded: {@code SET config_meta = :meta, config_v = :next, updated_at = :now}. */
  static final String CONFIG_UPDATE = "SET config_meta = :meta, config_v = :next, updated_at = :now";
  /** {@link #CONFIG_UPDATE} plus {@code , default_context_address = :ctx}, when a context address is given. */
  static final String CONFIG_UPDATE_WITH_CONTEXT = CONFIG_UPDATE + ", default_context_address = :ctx";
  /** Expanded: {@code attribute_exists(ledger_alias) AND config_v = :expected AND <clock guard>}. */
  static final String CONFIG_CONDITION = "attribute_exists(ledger_alias) AND config_v = :expected AND " + CLOCK_GUARD;
  /** For expected 0, the default of an item without {@code config_v}. */
  static final String CONFIG_CONDITION_DEFAULT = "attribute_exists(ledger_alias) AND (config_v = :expected OR attribute_not_exists(config_v)) AND " + CLOCK_GUARD;

  private static final Map<String, String> STATUS_NAME = Map.of("#status", Items.STATUS);
  private static final int ATTEMPTS = 3;

  private final Table table;
  private final boolean ownsClient;
  private final CloseGuard guard;

  private DynamoDbPublisher(Table table, boolean ownsClient) {
    this.table = table;
    this.ownsClient = ownsClient;
    this.guard = new CloseGuard("DynamoDB publisher on " + table.connection.where());
  }

  static DynamoDbPublisher open(Connection c, boolean createTable) {
    DynamoDbClient client = c.client();
    try {
      return open(client, c, createTable, true);
    } catch (RuntimeException e) {
      client.close();
      throw e;
    }
  }

  /**
   * Opens a publisher on a client you configured; the caller keeps ownership of {@code client}. With
   * {@code createTable} the table is created (PAY_PER_REQUEST) if missing and waited for.
   */
  public static DynamoDbPublisher open(DynamoDbClient client, String tableName, boolean createTable) {
    return open(client, Connection.of(client, tableName), createTable, false);
  }

  private static DynamoDbPublisher open(DynamoDbClient client, Connection c, boolean createTable, boolean owns) {
    Table t = new Table(client, c, createCommand(c));
    if (createTable) {
      createTable(t);
    }
    return new DynamoDbPublisher(t, owns);
  }

  /** The guide's {@code aws dynamodb create-table} command for this table. */
  static String createCommand(Connection c) {
    return "aws dynamodb create-table --table-name " + c.table()
        + " --attribute-definitions AttributeName=ledger_alias,AttributeType=S"
        + " --key-schema AttributeName=ledger_alias,KeyType=HASH --billing-mode PAY_PER_REQUEST --region " + c.region()
        + c.endpoint().map(e -> " --endpoint-url " + e).orElse("");
  }

  private static void createTable(Table t) {
    boolean created = t.call("create nameservice table", () -> {
      try {
        t.client.createTable(CreateTableRequest.builder().tableName(t.name())
            .attributeDefinitions(AttributeDefinition.builder().attributeName(Items.LEDGER_ALIAS).attributeType(ScalarAttributeType.S).build())
            .keySchema(KeySchemaElement.builder().attributeName(Items.LEDGER_ALIAS).keyType(KeyType.HASH).build())
            .billingMode(BillingMode.PAY_PER_REQUEST).build());
        return true;
      } catch (ResourceInUseException e) {
        return false;
      }
    });
    t.call("wait for nameservice table", () -> t.client.waiter().waitUntilTableExists(DescribeTableRequest.builder().tableName(t.name()).build()));
    LOG.info("DynamoDB nameservice {} table '{}'", created ? "created" : "using existing", t.name());
  }

  @Override
  public PublishResult publishCommit(LedgerAlias alias, String address, long t) {
    Validate.publish("commit", alias, address, t);
    return publish(true, alias, address, t);
  }

  @Override
  public PublishResult publishIndex(LedgerAlias alias, String address, long t) {
    Validate.publish("index", alias, address, t);
    return publish(false, alias, address, t);
  }

  private PublishResult publish(boolean commit, LedgerAlias alias, String address, long t) {
    guard.check();
    String what = (commit ? "publish commit " : "publish index ") + alias;
    long now = now();
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      Map<String, AttributeValue> values = new HashMap<>();
      values.put(":addr", Items.s(address));
      values.put(":t", Items.n(t));
      values.put(":now", Items.n(now));
      values.put(":name", Items.s(alias.name()));
      values.put(":branch", Items.s(alias.branch()));
      values.put(":ready", Items.s(NsRecord.READY));
      values.put(":one", Items.n(1));
      values.put(":zero", Items.n(0));
      UpdateItemRequest req = update(alias, commit ? COMMIT_UPDATE : INDEX_UPDATE, commit ? COMMIT_CONDITION : INDEX_CONDITION,
          values, ReturnValue.ALL_OLD);
      Optional<NsRecord> stored;
      try {
        stored = Items.recordIfAny(table.name(), table.call(what, () -> table.client.updateItem(req).attributes()));
        return decide(commit, stored, alias, address, t, now);
      } catch (ConditionalCheckFailedException e) {
        stored = Items.recordIfAny(table.name(), table.oldItem(what, e, Items.key(alias)));
      }
      PublishResult r = decide(commit, stored, alias, address, t, now);
      if (!r.applied()) {
        return r;
      }
      now = Math.max(now, stored.map(NsRecord::updatedAt).orElse(now)); // only the clock guard failed
    }
    throw Table.gaveUp(what, ATTEMPTS);
  }

  private static PublishResult decide(boolean commit, Optional<NsRecord> stored, LedgerAlias alias, String address, long t, long now) {
    return commit ? NsRecord.decideCommit(stored, alias, address, t, now) : NsRecord.decideIndex(stored, alias, address, t, now);
  }

  @Override
  public Optional<NsRecord> retract(LedgerAlias alias) {
    Validate.present("ledger alias", alias);
    guard.check();
    String what = "retract " + alias;
    long now = now();
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      UpdateItemRequest req = update(alias, RETRACT_UPDATE, RETRACT_CONDITION,
          Map.of(":retracted", Items.s(NsRecord.RETRACTED), ":now", Items.n(now), ":one", Items.n(1)), ReturnValue.ALL_NEW);
      try {
        return Optional.of(Items.record(table.name(), table.call(what, () -> table.client.updateItem(req).attributes())));
      } catch (ConditionalCheckFailedException e) {
        Optional<NsRecord> stored = Items.recordIfAny(table.name(), table.oldItem(what, e, Items.key(alias)));
        if (stored.isEmpty()) {
          return Optional.empty();
        }
        now = Math.max(now, stored.get().updatedAt());
      }
    }
    throw Table.gaveUp(what, ATTEMPTS);
  }

  @Override
  public CasResult pushStatus(LedgerAlias alias, long expectedV, String state, Map<String, Object> meta) {
    Map<String, Object> canonical = Validate.pushStatus(alias, expectedV, state, meta);
    guard.check();
    return cas("push status " + alias, alias, expectedV, true, STATUS_UPDATE,
        expectedV == 1 ? STATUS_CONDITION_DEFAULT : STATUS_CONDITION,
        Map.of(":state", Items.s(state), ":meta", Items.value(canonical)),
        (stored, now) -> NsRecord.decideStatus(stored, expectedV, state, canonical, now));
  }

  @Override
  public CasResult pushConfig(LedgerAlias alias, long expectedV, Map<String, Object> meta, Optional<String> defaultContextAddress) {
    Map<String, Object> canonical = Validate.pushConfig(alias, expectedV, meta, defaultContextAddress);
    guard.check();
    Map<String, AttributeValue> values = new HashMap<>();
    values.put(":meta", Items.value(canonical));
    defaultContextAddress.ifPresent(a -> values.put(":ctx", Items.s(a)));
    return cas("push config " + alias, alias, expectedV, false,
        defaultContextAddress.isPresent() ? CONFIG_UPDATE_WITH_CONTEXT : CONFIG_UPDATE,
        expectedV == 0 ? CONFIG_CONDITION_DEFAULT : CONFIG_CONDITION, values,
        (stored, now) -> NsRecord.decideConfig(stored, expectedV, canonical, defaultContextAddress, now));
  }

  private interface CasRule {
    CasResult decide(Optional<NsRecord> stored, long now);
  }

  private CasResult cas(String what, LedgerAlias alias, long expectedV, boolean status, String updateExpression, String condition,
      Map<String, AttributeValue> extra, CasRule rule) {
    long now = now();
    for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
      Map<String, AttributeValue> values = new HashMap<>(extra);
      values.put(":expected", Items.n(expectedV));
      values.put(":next", Items.n(expectedV + 1));
      values.put(":now", Items.n(now));
      UpdateItemRequest req = update(alias, updateExpression, condition, values, ReturnValue.ALL_NEW);
      try {
        return new CasResult.Applied(Items.record(table.name(), table.call(what, () -> table.client.updateItem(req).attributes())));
      } catch (ConditionalCheckFailedException e) {
        Optional<NsRecord> stored = Items.recordIfAny(table.name(), table.oldItem(what, e, Items.key(alias)));
        CasResult r = rule.decide(stored, now);
        if (!r.applied()) {
          return r;
        }
        now = Math.max(now, stored.get().updatedAt()); // only the clock guard failed
      }
    }
    throw Table.gaveUp(what, ATTEMPTS);
  }

  private UpdateItemRequest update(LedgerAlias alias, String updateExpression, String condition, Map<String, AttributeValue> values,
      ReturnValue returnValue) {
    var b = UpdateItemRequest.builder().tableName(table.name()).key(Items.key(alias))
        .updateExpression(updateExpression).conditionExpression(condition)
        .expressionAttributeValues(values)
        .returnValues(returnValue)
        .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD);
    if (updateExpression.contains("#status")) {
      b.expressionAttributeNames(STATUS_NAME);
    }
    return b.build();
  }

  @Override
  public boolean delete(LedgerAlias alias) {
    Validate.present("ledger alias", alias);
    guard.check();
    return table.delete("delete " + alias, Items.key(alias));
  }

  @Override
  public Optional<NsRecord> lookup(LedgerAlias alias) {
    Validate.present("ledger alias", alias);
    guard.check();
    return Items.recordIfAny(table.name(), table.get("lookup " + alias, Items.key(alias)));
  }

  @Override
  public Stream<NsRecord> allRecords() {
    guard.check();
    return table.scan("scan nameservice").map(i -> Items.record(table.name(), i));
  }

  @Override
  public void close() {
    if (guard.close() && ownsClient) {
      table.client.close();
    }
  }

  @Override
  public String toString() {
    return "DynamoDbPublisher[" + table.connection.where() + "]";
  }

  private static long now() {
    return Instant.now().getEpochSecond();
  }
}
