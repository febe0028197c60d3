package io.tidemark.bench;

import io.tidemark.backend.dynamodb.DynamoDbPublisher;
import io.tidemark.backend.dynamodb.DynamoDbWatermarkStore;
import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.PublishResult;
import io.tidemark.publisher.Publisher;
import io.tidemark.watermark.AdvanceResult;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.BenchmarkParams;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ReturnValuesOnConditionCheckFailure;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/**
 * The DynamoDB backend against a hand-written SDK call with the same condition, on the same DynamoDB Local server
 * over loopback, one thread: applied, stale/refused and repeated paths. Requests per op are counted and written to
 * the file the report reads. Pairs: {@code ddb*} vs {@code raw*}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@State(Scope.Thread)
public class DynamoDbBench {
    static final String CONDITION = "attribute_not_exists(idx) OR lvl < :lvl OR (lvl = :lvl AND round < :round)";
    static final WatermarkKey KEY = new WatermarkKey("NetX", "tz1bench", "block");
    static final WatermarkKey HIGH = new WatermarkKey("NetX", "tz1high", "block");
    static final LedgerAlias ALIAS = LedgerAlias.parse("bench:main");
    static final LedgerAlias HIGH_ALIAS = LedgerAlias.parse("high:main");

    DynamoDBProxyServer server;
    DynamoDbClient client;
    final Local.Counter counter = new Local.Counter();
    WatermarkStore store;
    Publisher publisher;
    long level = 1;
    final AtomicLong ops = new AtomicLong();

    @Setup
    public void start() {
        int port = Local.freePort();
        server = Local.start(port);
        client = Local.client(port, counter);
        store = DynamoDbWatermarkStore.open(client, "watermark");
        publisher = DynamoDbPublisher.open(client, "fluree-nameservice", true);
        store.advance(HIGH, new Watermark(Long.MAX_VALUE, 0, "vh"));
        publisher.publishCommit(HIGH_ALIAS, "c", Long.MAX_VALUE);
        counter.requests.set(0);
    }

    @TearDown
    public void stop(BenchmarkParams params) throws Exception {
        String name = params.getBenchmark().substring(params.getBenchmark().lastIndexOf('.') + 1);
        Local.reportRequests(name, counter.requests.get(), ops.get());
        store.close();
        publisher.close();
        client.close();
        server.stop();
    }

    private static Map<String, AttributeValue> item(WatermarkKey k, Watermark m) {
        return Map.of(
                "idx",
                AttributeValue.fromS(k.chainId() + "/" + k.publicKeyHash()),
                "request",
                AttributeValue.fromS(k.requestKind()),
                "lvl",
                AttributeValue.fromN(Long.toString(m.level())),
                "round",
                AttributeValue.fromN(Integer.toString(m.round())),
                "digest",
                AttributeValue.fromS(m.digest()));
    }

    /** The raw conditional PutItem; returns the old item (success or failure), as the backend needs. */
    Map<String, AttributeValue> rawPut(WatermarkKey k, Watermark m) {
        ops.incrementAndGet();
        try {
            return client.putItem(PutItemRequest.builder()
                            .tableName("watermark")
                            .item(item(k, m))
                            .conditionExpression(CONDITION)
                            .expressionAttributeValues(Map.of(
                                    ":lvl",
                                    AttributeValue.fromN(Long.toString(m.level())),
                                    ":round",
                                    AttributeValue.fromN(Integer.toString(m.round()))))
                            .returnValues(ReturnValue.ALL_OLD)
                            .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                            .build())
                    .attributes();
        } catch (ConditionalCheckFailedException e) {
            return e.item();
        }
    }

    AdvanceResult advance(WatermarkKey k, Watermark m) {
        ops.incrementAndGet();
        return store.advance(k, m);
    }

    @Benchmark
    public AdvanceResult ddbAdvanceApplied() {
        return advance(KEY, new Watermark(level++, 0, "vh"));
    }

    @Benchmark
    public Object rawPutApplied() {
        return rawPut(KEY, new Watermark(level++, 0, "vh"));
    }

    @Benchmark
    public AdvanceResult ddbAdvanceRefused() {
        return advance(HIGH, new Watermark(5, 0, "vh"));
    }

    @Benchmark
    public Object rawPutRefused() {
        return rawPut(HIGH, new Watermark(5, 0, "vh"));
    }

    @Benchmark
    public AdvanceResult ddbAdvanceRepeated() {
        return advance(HIGH, new Watermark(Long.MAX_VALUE, 0, "vh"));
    }

    @Benchmark
    public Object rawPutRepeated() {
        return rawPut(HIGH, new Watermark(Long.MAX_VALUE, 0, "vh"));
    }

    /** The raw form of the commit update: the guide's SET and condition, as the backend sends it. */
    Map<String, AttributeValue> rawUpdate(LedgerAlias a, long t) {
        ops.incrementAndGet();
        Map<String, AttributeValue> v = new HashMap<>();
        v.put(":addr", AttributeValue.fromS("c" + t));
        v.put(":t", AttributeValue.fromN(Long.toString(t)));
        v.put(":now", AttributeValue.fromN(Long.toString(System.currentTimeMillis() / 1000)));
        v.put(":name", AttributeValue.fromS(a.name()));
        v.put(":branch", AttributeValue.fromS(a.branch()));
        v.put(":ready", AttributeValue.fromS("ready"));
        v.put(":one", AttributeValue.fromN("1"));
        v.put(":zero", AttributeValue.fromN("0"));
        try {
            return client.updateItem(UpdateItemRequest.builder()
                            .tableName("fluree-nameservice")
                            .key(Map.of("ledger_alias", AttributeValue.fromS(a.toString())))
                            .updateExpression(
                                    "SET commit_address = :addr, commit_t = :t, updated_at = :now, ledger_name = :name, branch = :branch, "
                                            + "#status = if_not_exists(#status, :ready), status_v = if_not_exists(status_v, :one), config_v = if_not_exists(config_v, :zero)")
                            .conditionExpression(
                                    "(attribute_not_exists(commit_t) OR commit_t < :t) AND (attribute_not_exists(updated_at) OR updated_at <= :now)")
                            .expressionAttributeNames(Map.of("#status", "status"))
                            .expressionAttributeValues(v)
                            .returnValues(ReturnValue.ALL_OLD)
                            .returnValuesOnConditionCheckFailure(ReturnValuesOnConditionCheckFailure.ALL_OLD)
                            .build())
                    .attributes();
        } catch (ConditionalCheckFailedException e) {
            return e.item();
        }
    }

    PublishResult publish(LedgerAlias a, long t) {
        ops.incrementAndGet();
        return publisher.publishCommit(a, "c" + t, t);
    }

    @Benchmark
    public PublishResult ddbPublishApplied() {
        return publish(ALIAS, level++);
    }

    @Benchmark
    public Object rawUpdateApplied() {
        return rawUpdate(ALIAS, level++);
    }

    @Benchmark
    public PublishResult ddbPublishStale() {
        return publish(HIGH_ALIAS, 5);
    }

    @Benchmark
    public Object rawUpdateStale() {
        return rawUpdate(HIGH_ALIAS, 5);
    }
}
