package io.tidemark.backend.dynamodb;

import io.tidemark.CorruptedStoreException;
import io.tidemark.Health;
import io.tidemark.OutcomeUnknownException;
import io.tidemark.TidemarkException;
import io.tidemark.publisher.CasResult;
import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.NsRecord;
import io.tidemark.publisher.PublishResult;
import io.tidemark.publisher.Publisher;
import io.tidemark.spi.ChangeSignal;
import io.tidemark.spi.Checked;
import io.tidemark.spi.PublisherBackend;
import java.math.BigInteger;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemResponse;

/**
 * The storage of a {@link Publisher} on the nameservice guide's table: hash key {@code ledger_alias} (S) and the
 * guide's attributes. Users reach it through the checking layer ({@link Checked}): {@link #open} and discovery return
 * it wrapped, and the layer supplies {@code now}.
 *
 * <p>Every operation is exactly one conditional {@code UpdateItem} in the normal case. Commit and index updates
 * touch disjoint attributes, so a transactor and an indexer never conflict. Outcomes come from the returned item
 * ({@code ALL_OLD} on success for publishes, {@code ALL_NEW} for retract and compare-and-set; the old item on a
 * failed condition), computed with the same {@link NsRecord} rules the other backends apply.
 *
 * <p>Every condition also carries a clock guard ({@link #CLOCK_GUARD}) so that {@code updated_at} never goes
 * backwards when writers' clocks disagree: if only the guard failed, the call is repeated once with the stored
 * time, which is the one case that costs a second request.
 *
 * <p>A write whose reply is lost ends in its true outcome or {@link io.tidemark.OutcomeUnknownException}, never a
 * {@code Stale}, {@code Unchanged} or {@code Conflict} caused by its own effect, and is never applied twice: publishes
 * and compare-and-sets are resent as they were (the compare-and-sets recognise their own applied change by the random
 * token they write to {@code tidemark_req}); a retract is checked with one consistent read instead of being resent.
 * See the module README, "Lost replies".
 */
public final class DynamoDbPublisher implements PublisherBackend {
    /** Expanded: {@code attribute_not_exists(updated_at) OR updated_at <= :now}. */
    static final String CLOCK_GUARD = "(attribute_not_exists(updated_at) OR updated_at <= :now)";

    /**
     * The transactor's write. Expanded: {@code SET commit_address = :addr, commit_t = :t, updated_at = :now,
     * ledger_name = :name, branch = :branch, #status = if_not_exists(#status, :ready),
     * status_v = if_not_exists(status_v, :one), config_v = if_not_exists(config_v, :zero)}.
     */
    static final String COMMIT_UPDATE = "SET commit_address = :addr, commit_t = :t, updated_at = :now, "
            + "ledger_name = :name, branch = :branch, #status = if_not_exists(#status, :ready), "
            + "status_v = if_not_exists(status_v, :one), config_v = if_not_exists(config_v, :zero)";
    /** Expanded: {@code (attribute_not_exists(commit_t) OR commit_t < :t) AND <clock guard>}. */
    static final String COMMIT_CONDITION = "(attribute_not_exists(commit_t) OR commit_t < :t) AND " + CLOCK_GUARD;

    /** The indexer's write: {@link #COMMIT_UPDATE} on {@code index_address}, {@code index_t}. */
    static final String INDEX_UPDATE =
            "SET index_address = :addr, index_t = :t, updated_at = :now, ledger_name = :name, "
                    + "branch = :branch, #status = if_not_exists(#status, :ready), status_v = if_not_exists(status_v, :one), "
                    + "config_v = if_not_exists(config_v, :zero)";
    /** Expanded: {@code (attribute_not_exists(index_t) OR index_t < :t) AND <clock guard>}. */
    static final String INDEX_CONDITION = "(attribute_not_exists(index_t) OR index_t < :t) AND " + CLOCK_GUARD;

    /**
     * Guards the writes that are not monotonic on their own (retract, compare-and-set): each carries a fresh random
     * token, written to {@code tidemark_req}, and applies only if the item does not already carry it, so a duplicate
     * of one request can never apply twice.
     * Expanded: {@code (attribute_not_exists(tidemark_req) OR tidemark_req <> :req)}.
     */
    static final String TOKEN_GUARD = "(attribute_not_exists(tidemark_req) OR tidemark_req <> :req)";

    /**
     * Retract. The guide writes {@code ADD status_v :one}, which on an item without {@code status_v} yields 1, the
     * documented default, so readers would see no change; this form always moves it past the effective value.
     * Expanded: {@code SET #status = :retracted, updated_at = :now, status_v = if_not_exists(status_v, :one) + :one,
     * tidemark_req = :req}.
     */
    static final String RETRACT_UPDATE = "SET #status = :retracted, updated_at = :now, "
            + "status_v = if_not_exists(status_v, :one) + :one, tidemark_req = :req";
    /**
     * An unknown alias is not created; a {@code status_v} at {@code Long.MAX_VALUE} (or not a number) is not moved.
     * Expanded: {@code attribute_exists(ledger_alias) AND (attribute_not_exists(status_v) OR status_v < :max)
     * AND <token guard> AND <clock guard>}.
     */
    static final String RETRACT_CONDITION = "attribute_exists(ledger_alias) "
            + "AND (attribute_not_exists(status_v) OR status_v < :max) AND " + TOKEN_GUARD + " AND " + CLOCK_GUARD;

    /**
     * Expanded: {@code SET #status = :state, status_meta = :meta, status_v = :next, updated_at = :now,
     * tidemark_req = :req}.
     */
    static final String STATUS_UPDATE =
            "SET #status = :state, status_meta = :meta, status_v = :next, updated_at = :now, " + "tidemark_req = :req";
    /**
     * Expanded: {@code attribute_exists(ledger_alias) AND status_v = :expected AND status_v < :max AND <token guard>
     * AND <clock guard>}.
     */
    static final String STATUS_CONDITION =
            "attribute_exists(ledger_alias) AND status_v = :expected AND status_v < :max " + "AND " + TOKEN_GUARD
                    + " AND " + CLOCK_GUARD;
    /**
     * For expected 1, the default of an item without {@code status_v}:
     * {@code ... AND (status_v = :expected OR attribute_not_exists(status_v)) ...}.
     */
    static final String STATUS_CONDITION_DEFAULT = "attribute_exists(ledger_alias) "
            + "AND (status_v = :expected OR attribute_not_exists(status_v)) AND " + TOKEN_GUARD + " AND " + CLOCK_GUARD;

    /** Expanded: {@code SET config_meta = :meta, config_v = :next, updated_at = :now, tidemark_req = :req}. */
    static final String CONFIG_UPDATE =
            "SET config_meta = :meta, config_v = :next, updated_at = :now, " + "tidemark_req = :req";
    /** {@link #CONFIG_UPDATE} plus {@code , default_context_address = :ctx}, when a context address is given. */
    static final String CONFIG_UPDATE_WITH_CONTEXT = CONFIG_UPDATE + ", default_context_address = :ctx";
    /**
     * Expanded: {@code attribute_exists(ledger_alias) AND config_v = :expected AND config_v < :max AND <token guard>
     * AND <clock guard>}.
     */
    static final String CONFIG_CONDITION =
            "attribute_exists(ledger_alias) AND config_v = :expected AND config_v < :max " + "AND " + TOKEN_GUARD
                    + " AND " + CLOCK_GUARD;
    /** For expected 0, the default of an item without {@code config_v}. */
    static final String CONFIG_CONDITION_DEFAULT = "attribute_exists(ledger_alias) "
            + "AND (config_v = :expected OR attribute_not_exists(config_v)) AND " + TOKEN_GUARD + " AND " + CLOCK_GUARD;

    /** IAM actions of this contract, for access-denied messages. */
    static final String IAM_ACTIONS =
            "dynamodb:DescribeTable, dynamodb:UpdateItem, dynamodb:GetItem (dynamodb:Scan for "
                    + "allRecords, dynamodb:DeleteItem for delete, dynamodb:CreateTable with create_table: true)";

    /** The guide's table: hash key {@code ledger_alias}, PAY_PER_REQUEST. */
    static final Table.Schema SCHEMA = new Table.Schema(
            "publisher",
            "nameservice",
            Items.LEDGER_ALIAS,
            Optional.empty(),
            Capacity.ON_DEMAND,
            IAM_ACTIONS,
            LoggerFactory.getLogger(DynamoDbPublisher.class));

    private static final Map<String, String> STATUS_NAME = Map.of("#status", Items.STATUS);

    /** How often watchers read the table when this handle wrote nothing: the latency for other writers. */
    static final Duration WATCH_POLL = Duration.ofSeconds(1);

    private final Table table;
    private final List<Runnable> watchers = new CopyOnWriteArrayList<>();

    DynamoDbPublisher(Table table) {
        this.table = table;
    }

    /**
     * The storage of a publisher on a client built from {@code c}; it closes the client. One {@code DescribeTable}
     * checks the table and the credentials; a missing table is created only with {@code createTable}, else it is a
     * {@link io.tidemark.StoreNotFoundException} with the command that creates it. The provider's open; discovery wraps
     * it in the checking layer.
     */
    static DynamoDbPublisher backend(Connection c, boolean createTable) {
        return new DynamoDbPublisher(Table.open(c, SCHEMA, createTable));
    }

    /**
     * Opens a publisher on a client you configured, behind the checking layer ({@link Checked}) as every publisher
     * is, with {@code updated_at} from the UTC system clock. See {@link #open(DynamoDbClient, String, boolean, Clock)}.
     */
    public static Publisher open(DynamoDbClient client, String tableName, boolean createTable) {
        return open(client, tableName, createTable, Clock.systemUTC());
    }

    /**
     * Opens a publisher on a client you configured, behind the checking layer ({@link Checked}) as every publisher
     * is, with {@code updated_at} from {@code clock}; the caller keeps ownership of {@code client} ({@code close()}
     * does not close it). One {@code DescribeTable} checks the table and the credentials. With {@code createTable} a
     * missing table is created (PAY_PER_REQUEST) and waited for. The publisher's requests replace the client's retry
     * strategy with the backend's ({@link Retries}).
     *
     * @throws io.tidemark.StoreNotFoundException if the table is missing and {@code createTable} is false
     * @throws io.tidemark.AccessDeniedException if the credentials cannot be loaded or are refused
     */
    public static Publisher open(DynamoDbClient client, String tableName, boolean createTable, Clock clock) {
        return Checked.publisher(new DynamoDbPublisher(Table.open(client, tableName, SCHEMA, createTable)), clock);
    }

    @Override
    public PublishResult publishCommit(LedgerAlias alias, String address, long t, long now) {
        return signalling(() -> publish(true, alias, address, t, now), PublishResult::applied);
    }

    @Override
    public PublishResult publishIndex(LedgerAlias alias, String address, long t, long now) {
        return signalling(() -> publish(false, alias, address, t, now), PublishResult::applied);
    }

    /**
     * Runs a write and wakes this handle's watchers if it was applied, or may have been ({@link
     * OutcomeUnknownException}); other handles' and processes' writes are found by polling ({@link #changeSignal}).
     */
    private <T> T signalling(Supplier<T> write, Predicate<T> applied) {
        T result;
        try {
            result = write.get();
        } catch (OutcomeUnknownException e) {
            watchers.forEach(Runnable::run);
            throw e;
        }
        if (applied.test(result)) {
            watchers.forEach(Runnable::run);
        }
        return result;
    }

    /**
     * Watching polls with strongly consistent reads ({@code GetItem} per watched alias, or a {@code Scan} of the
     * table when every alias is watched) every {@link #WATCH_POLL}; this handle's own writes wake the watchers at
     * once. DynamoDB Streams are not used: the guide's tables have none enabled, and enabling one changes the table.
     */
    @Override
    public ChangeSignal changeSignal() {
        return new ChangeSignal() {
            @Override
            public Duration pollInterval() {
                return WATCH_POLL;
            }

            @Override
            public Stop start(Runnable wake) {
                watchers.add(wake);
                return () -> watchers.remove(wake);
            }
        };
    }

    private PublishResult publish(boolean commit, LedgerAlias alias, String address, long t, long now) {
        String what = (commit ? "publish commit " : "publish index ") + alias;
        for (int attempt = 1; attempt <= Table.ATTEMPTS; attempt++) {
            Map<String, AttributeValue> values = new HashMap<>();
            values.put(":addr", Items.s(address));
            values.put(":t", Items.n(t));
            values.put(":now", Items.n(now));
            values.put(":name", Items.s(alias.name()));
            values.put(":branch", Items.s(alias.branch()));
            values.put(":ready", Items.s(NsRecord.READY));
            values.put(":one", Items.n(1));
            values.put(":zero", Items.n(0));
            UpdateItemRequest req = update(
                    alias,
                    commit ? COMMIT_UPDATE : INDEX_UPDATE,
                    commit ? COMMIT_CONDITION : INDEX_CONDITION,
                    values,
                    ReturnValue.ALL_OLD);
            Table.Reply<UpdateItemResponse> r = write(what, alias, req, Table.SENDS);
            if (r instanceof Table.Reply.Applied<UpdateItemResponse> a) {
                Optional<NsRecord> previous = written(
                        what,
                        "previous",
                        () -> Items.recordIfAny(table.name(), a.response().attributes()));
                return decide(commit, previous, alias, address, t, now);
            }
            if (r instanceof Table.Reply.Lost<UpdateItemResponse> l) {
                throw Errors.unknown(
                        what,
                        table.connection,
                        l.cause(),
                        "it may or may not have been applied; publishing "
                                + "the same address and t again is safe (Updated or Unchanged)");
            }
            Table.Reply.Refused<UpdateItemResponse> refused = (Table.Reply.Refused<UpdateItemResponse>) r;
            Optional<NsRecord> stored = Items.recordIfAny(table.name(), refused.stored());
            PublishResult decided = decide(commit, stored, alias, address, t, now);
            if (refused.afterLoss()) {
                // The resend was refused: the head it found may be this call's own first send (then the truth is
                // Updated,
                // with a previous record nobody can tell any more) or another writer's.
                String head = decided.applied()
                        ? "older"
                        : decided instanceof PublishResult.Unchanged
                                ? "at t " + t + " with this address"
                                : "at t " + t + " or later";
                throw Errors.unknown(
                        what,
                        table.connection,
                        refused.lost(),
                        "the stored " + (commit ? "commit" : "index")
                                + " is now " + head
                                + "; this call's first send may have been applied; publishing the same address and t "
                                + "again is safe (Updated or Unchanged)");
            }
            if (!decided.applied()) {
                return decided;
            }
            now = Math.max(now, stored.map(NsRecord::updatedAt).orElse(now)); // only the clock guard failed
        }
        throw Table.gaveUp(what);
    }

    private static PublishResult decide(
            boolean commit, Optional<NsRecord> stored, LedgerAlias alias, String address, long t, long now) {
        return commit
                ? NsRecord.decideCommit(stored, alias, address, t, now)
                : NsRecord.decideIndex(stored, alias, address, t, now);
    }

    private Table.Reply<UpdateItemResponse> write(String what, LedgerAlias alias, UpdateItemRequest req, int sends) {
        return table.write(what, Items.key(alias), () -> table.client.updateItem(req), sends);
    }

    /**
     * Decodes an item returned by an applied write; an unreadable one is reported saying that the write was applied.
     */
    private <T> T written(String what, String which, Supplier<T> decode) {
        try {
            return decode.get();
        } catch (CorruptedStoreException e) {
            throw new CorruptedStoreException(
                    what + ": the write WAS applied, but the " + which + " item cannot be read: " + e.getMessage(), e);
        }
    }

    @Override
    public Optional<NsRecord> retract(LedgerAlias alias, long now) {
        return signalling(() -> retractOnce(alias, now), Optional::isPresent);
    }

    private Optional<NsRecord> retractOnce(LedgerAlias alias, long now) {
        String what = "retract " + alias;
        String token = Items.newToken();
        for (int attempt = 1; attempt <= Table.ATTEMPTS; attempt++) {
            UpdateItemRequest req = update(
                    alias,
                    RETRACT_UPDATE,
                    RETRACT_CONDITION,
                    Map.of(
                            ":retracted",
                            Items.s(NsRecord.RETRACTED),
                            ":now",
                            Items.n(now),
                            ":one",
                            Items.n(1),
                            ":max",
                            Items.n(Long.MAX_VALUE),
                            ":req",
                            Items.s(token)),
                    ReturnValue.ALL_NEW);
            // Never resent: after our retract applied and another writer's, a resend would bump status_v again.
            Table.Reply<UpdateItemResponse> r = write(what, alias, req, 1);
            if (r instanceof Table.Reply.Applied<UpdateItemResponse> a) {
                return Optional.of(written(
                        what,
                        "retracted",
                        () -> Items.record(table.name(), a.response().attributes())));
            }
            if (r instanceof Table.Reply.Lost<UpdateItemResponse> l) {
                return Optional.of(verifyRetract(what, alias, token, l.cause()));
            }
            Optional<NsRecord> stored =
                    Items.recordIfAny(table.name(), ((Table.Reply.Refused<UpdateItemResponse>) r).stored());
            if (stored.isEmpty()) {
                return Optional.empty();
            }
            stored.get().retracted(now); // throws, as on every backend, if status_v cannot move (Long.MAX_VALUE)
            now = Math.max(now, stored.get().updatedAt()); // only the clock guard failed
        }
        throw Table.gaveUp(what);
    }

    /** After a lost retract reply: one consistent read; our token there means ours was applied and nobody wrote since. */
    private NsRecord verifyRetract(String what, LedgerAlias alias, String token, RuntimeException lost) {
        Map<String, AttributeValue> item;
        try {
            item = table.get(what, Items.key(alias));
        } catch (TidemarkException e) {
            throw Errors.unknown(what, table.connection, lost, "reading the record back failed too: " + e.getMessage());
        }
        if (Items.hasToken(item, token)) {
            return written(what, "retracted", () -> Items.record(table.name(), item));
        }
        throw Errors.unknown(
                what,
                table.connection,
                lost,
                "status_v moved at most once; the record does not show whether "
                        + "this call's retract was applied: look it up before retracting again");
    }

    @Override
    public CasResult pushStatus(LedgerAlias alias, long expectedV, String state, Map<String, Object> meta, long now) {
        return signalling(
                () -> cas(
                        "push status " + alias,
                        alias,
                        expectedV,
                        true,
                        STATUS_UPDATE,
                        expectedV == 1 ? STATUS_CONDITION_DEFAULT : STATUS_CONDITION,
                        Map.of(":state", Items.s(state), ":meta", Items.value(meta)),
                        now,
                        (stored, at) -> NsRecord.decideStatus(stored, expectedV, state, meta, at)),
                CasResult::applied);
    }

    @Override
    public CasResult pushConfig(
            LedgerAlias alias,
            long expectedV,
            Map<String, Object> meta,
            Optional<String> defaultContextAddress,
            long now) {
        Map<String, AttributeValue> values = new HashMap<>();
        values.put(":meta", Items.value(meta));
        defaultContextAddress.ifPresent(a -> values.put(":ctx", Items.s(a)));
        return signalling(
                () -> cas(
                        "push config " + alias,
                        alias,
                        expectedV,
                        false,
                        defaultContextAddress.isPresent() ? CONFIG_UPDATE_WITH_CONTEXT : CONFIG_UPDATE,
                        expectedV == 0 ? CONFIG_CONDITION_DEFAULT : CONFIG_CONDITION,
                        values,
                        now,
                        (stored, at) -> NsRecord.decideConfig(stored, expectedV, meta, defaultContextAddress, at)),
                CasResult::applied);
    }

    private interface CasRule {
        CasResult decide(Optional<NsRecord> stored, long now);
    }

    private CasResult cas(
            String what,
            LedgerAlias alias,
            long expectedV,
            boolean status,
            String updateExpression,
            String condition,
            Map<String, AttributeValue> extra,
            long now,
            CasRule rule) {
        String token = Items.newToken();
        for (int attempt = 1; attempt <= Table.ATTEMPTS; attempt++) {
            Map<String, AttributeValue> values = new HashMap<>(extra);
            values.put(":expected", Items.n(expectedV));
            // Never written at Long.MAX_VALUE: the condition requires the stored version to be below it.
            values.put(
                    ":next",
                    AttributeValue.fromN(
                            BigInteger.valueOf(expectedV).add(BigInteger.ONE).toString()));
            values.put(":now", Items.n(now));
            values.put(":req", Items.s(token));
            if (condition.contains(":max")) {
                values.put(":max", Items.n(Long.MAX_VALUE));
            }
            UpdateItemRequest req = update(alias, updateExpression, condition, values, ReturnValue.ALL_NEW);
            Table.Reply<UpdateItemResponse> r = write(what, alias, req, Table.SENDS);
            if (r instanceof Table.Reply.Applied<UpdateItemResponse> a) {
                return new CasResult.Applied(written(
                        what,
                        "updated",
                        () -> Items.record(table.name(), a.response().attributes())));
            }
            if (r instanceof Table.Reply.Lost<UpdateItemResponse> l) {
                throw Errors.unknown(
                        what,
                        table.connection,
                        l.cause(),
                        "it may or may not have been applied: look the record "
                                + "up ("
                                + (status ? "status_v" : "config_v") + " = "
                                + BigInteger.valueOf(expectedV).add(BigInteger.ONE)
                                + " with your values means it was)");
            }
            Table.Reply.Refused<UpdateItemResponse> refused = (Table.Reply.Refused<UpdateItemResponse>) r;
            if (refused.afterLoss()) {
                // Our token on the item: our first send was applied and no compare-and-set or retract came after it.
                if (Items.hasToken(refused.stored(), token)) {
                    NsRecord mine = written(what, "updated", () -> Items.record(table.name(), refused.stored()));
                    if ((status ? mine.statusV() : mine.configV()) == expectedV + 1) {
                        return new CasResult.Applied(mine);
                    }
                }
                throw Errors.unknown(
                        what,
                        table.connection,
                        refused.lost(),
                        "the version moved on; this call's first send may "
                                + "have been applied and then overtaken, or never applied: look the record up");
            }
            Optional<NsRecord> stored = Items.recordIfAny(table.name(), refused.stored());
            CasResult decided = rule.decide(stored, now); // throws, as on every backend, if the version cannot move
            if (!decided.applied()) {
                return decided;
            }
            now = Math.max(now, stored.get().updatedAt()); // only the clock guard failed
        }
        throw Table.gaveUp(what);
    }

    private UpdateItemRequest update(
            LedgerAlias alias,
            String updateExpression,
            String condition,
            Map<String, AttributeValue> values,
            ReturnValue returnValue) {
        var b = UpdateItemRequest.builder()
                .tableName(table.name())
                .key(Items.key(alias))
                .updateExpression(updateExpression)
                .conditionExpression(condition)
                .expressionAttributeValues(values)
                .returnValues(returnValue)
                .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD);
        if (updateExpression.contains("#status")) {
            b.expressionAttributeNames(STATUS_NAME);
        }
        return table.prepared(b.build());
    }

    @Override
    public boolean delete(LedgerAlias alias) {
        return signalling(() -> table.delete("delete " + alias, Items.key(alias)), Boolean::booleanValue);
    }

    @Override
    public Optional<NsRecord> lookup(LedgerAlias alias) {
        return Items.recordIfAny(table.name(), table.get("lookup " + alias, Items.key(alias)));
    }

    @Override
    public Stream<NsRecord> allRecords() {
        return table.scan("scan nameservice").map(i -> Items.record(table.name(), i));
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

    /** {@code DynamoDB publisher on table 't' in region r}. */
    @Override
    public String toString() {
        return table.toString();
    }
}
