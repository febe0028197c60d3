package io.tidemark.backend.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.CorruptedStoreException;
import io.tidemark.InvalidInputException;
import io.tidemark.publisher.CasResult;
import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.Publisher;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Items written by another tool: version counters at {@code Long.MAX_VALUE} (issue 10 item 9) and items of the
 * wrong shape (item 11). Every refused call leaves the item exactly as it was.
 */
@ExtendWith(DynamoDbLocal.class)
class ForeignItemTest {
    private static final String MAX = Long.toString(Long.MAX_VALUE);
    private final DynamoDbClient raw =
            DynamoDbLocal.client(DynamoDbLocal.shared().endpoint());

    private Map<String, AttributeValue> item(String table, Map<String, AttributeValue> key) {
        return raw.getItem(b -> b.tableName(table).key(key).consistentRead(true))
                .item();
    }

    private static Map<String, AttributeValue> nsItem(String alias, String... attributes) {
        Map<String, AttributeValue> item = new HashMap<>(Map.of(
                "ledger_alias",
                AttributeValue.fromS(alias),
                "commit_address",
                AttributeValue.fromS("c1"),
                "commit_t",
                AttributeValue.fromN("1")));
        for (int i = 0; i < attributes.length; i += 2) {
            String v = attributes[i + 1];
            item.put(
                    attributes[i], v.startsWith("S:") ? AttributeValue.fromS(v.substring(2)) : AttributeValue.fromN(v));
        }
        return item;
    }

    @Test
    void versionsAtLongMaxRefuseToMoveWithTheTypedErrorOfEveryBackend() {
        String table = DynamoDbLocal.freshTable("overflow-ns");
        try (Publisher p = DynamoDbPublisher.open(raw, table, true)) {
            Map<String, AttributeValue> stored =
                    nsItem("max:main", "status_v", MAX, "config_v", MAX, "updated_at", "1");
            raw.putItem(b -> b.tableName(table).item(stored));
            LedgerAlias a = LedgerAlias.parse("max");
            Map<String, AttributeValue> key = Items.key(a);
            assertThatThrownBy(() -> p.pushStatus(a, Long.MAX_VALUE, "busy", Map.of()))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("status v");
            assertThat(item(table, key)).isEqualTo(stored);
            assertThatThrownBy(() -> p.retract(a))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("status v");
            assertThat(item(table, key)).isEqualTo(stored);
            assertThatThrownBy(() -> p.pushConfig(a, Long.MAX_VALUE, Map.of(), Optional.empty()))
                    .isInstanceOf(InvalidInputException.class)
                    .hasMessageContaining("config v");
            assertThat(item(table, key)).isEqualTo(stored);
            assertThat(p.pushStatus(a, 7, "busy", Map.of()))
                    .as("another expected version is a plain conflict")
                    .isEqualTo(new CasResult.Conflict(p.lookup(a)));
            assertThat(p.lookup(a).orElseThrow().statusV()).isEqualTo(Long.MAX_VALUE);
            // One below the edge still moves, to the edge.
            raw.putItem(
                    b -> b.tableName(table).item(nsItem("edge:main", "status_v", Long.toString(Long.MAX_VALUE - 1))));
            assertThat(p.retract(LedgerAlias.parse("edge")).orElseThrow().statusV())
                    .isEqualTo(Long.MAX_VALUE);
        }
    }

    @Test
    void aWatermarkItemOfTheWrongShapeIsNeverOverwritten() {
        String table = DynamoDbLocal.freshTable("shape-wm");
        try (WatermarkStore s = DynamoDbWatermarkStore.open(raw, table)) {
            Map<String, Map<String, AttributeValue>> bad = new java.util.LinkedHashMap<>();
            bad.put("no-round", Map.of("lvl", AttributeValue.fromN("5"), "digest", AttributeValue.fromS("d")));
            bad.put(
                    "round-string",
                    Map.of(
                            "lvl",
                            AttributeValue.fromN("5"),
                            "round",
                            AttributeValue.fromS("0"),
                            "digest",
                            AttributeValue.fromS("d")));
            bad.put(
                    "lvl-string",
                    Map.of(
                            "lvl",
                            AttributeValue.fromS("5"),
                            "round",
                            AttributeValue.fromN("0"),
                            "digest",
                            AttributeValue.fromS("d")));
            bad.put("no-digest", Map.of("lvl", AttributeValue.fromN("5"), "round", AttributeValue.fromN("0")));
            bad.put(
                    "digest-number",
                    Map.of(
                            "lvl",
                            AttributeValue.fromN("5"),
                            "round",
                            AttributeValue.fromN("0"),
                            "digest",
                            AttributeValue.fromN("1")));
            bad.put(
                    "lvl-negative",
                    Map.of(
                            "lvl",
                            AttributeValue.fromN("-5"),
                            "round",
                            AttributeValue.fromN("0"),
                            "digest",
                            AttributeValue.fromS("d")));
            bad.put(
                    "round-huge",
                    Map.of(
                            "lvl",
                            AttributeValue.fromN("5"),
                            "round",
                            AttributeValue.fromN("4294967296"),
                            "digest",
                            AttributeValue.fromS("d")));
            bad.put("no-lvl", Map.of("round", AttributeValue.fromN("0"), "digest", AttributeValue.fromS("d")));
            for (var e : bad.entrySet()) {
                WatermarkKey key = new WatermarkKey("NetX", "tz1" + e.getKey(), "block");
                Map<String, AttributeValue> stored = new HashMap<>(e.getValue());
                stored.putAll(Items.key(key));
                raw.putItem(b -> b.tableName(table).item(stored));
                assertThatThrownBy(() -> s.advance(key, new Watermark(9, 0, "new")))
                        .as(e.getKey())
                        .isInstanceOf(CorruptedStoreException.class)
                        .hasMessageContaining("idx='NetX/tz1" + e.getKey() + "'")
                        .hasMessageContaining(table)
                        .hasMessageNotContaining("WAS written");
                assertThat(item(table, Items.key(key)))
                        .as("%s: nothing written", e.getKey())
                        .isEqualTo(stored);
            }
        }
    }

    @Test
    void aWatermarkItemWithAFractionalLevelSaysTheWriteHappened() {
        String table = DynamoDbLocal.freshTable("shape-wm");
        try (WatermarkStore s = DynamoDbWatermarkStore.open(raw, table)) {
            WatermarkKey key = new WatermarkKey("NetX", "tz1fraction", "block");
            Map<String, AttributeValue> stored = new HashMap<>(Map.of(
                    "lvl",
                    AttributeValue.fromN("5.5"),
                    "round",
                    AttributeValue.fromN("0"),
                    "digest",
                    AttributeValue.fromS("d")));
            stored.putAll(Items.key(key));
            raw.putItem(b -> b.tableName(table).item(stored));
            // A fraction cannot be told from an integer in a condition: the write happens, and the error says so.
            assertThatThrownBy(() -> s.advance(key, new Watermark(9, 0, "new")))
                    .isInstanceOf(CorruptedStoreException.class)
                    .hasMessageContaining("WAS written")
                    .hasMessageContaining("idx='NetX/tz1fraction'");
            assertThat(s.get(key)).contains(new Watermark(9, 0, "new"));
        }
    }

    @Test
    void aNameserviceItemOfTheWrongShapeIsNotChangedOrTheErrorSaysItWas() {
        String table = DynamoDbLocal.freshTable("shape-ns");
        try (Publisher p = DynamoDbPublisher.open(raw, table, true)) {
            Map<String, AttributeValue> stored =
                    nsItem("typo:main", "status_v", "S:two", "config_v", "S:zero", "commit_t", "S:1");
            raw.putItem(b -> b.tableName(table).item(stored));
            LedgerAlias a = LedgerAlias.parse("typo");
            for (Runnable call : new Runnable[] {
                () -> p.retract(a),
                () -> p.pushStatus(a, 2, "x", Map.of()),
                () -> p.pushConfig(a, 0, Map.of(), Optional.empty()),
                () -> p.publishCommit(a, "c2", 2)
            }) {
                assertThatThrownBy(call::run)
                        .isInstanceOf(CorruptedStoreException.class)
                        .hasMessageContaining("ledger_alias='typo:main'")
                        .hasMessageNotContaining("WAS applied");
                assertThat(item(table, Items.key(a))).isEqualTo(stored);
            }
            // An attribute the write does not look at (a status_meta that is not a map) cannot be guarded cheaply: the
            // write happens and the error says so.
            raw.putItem(b -> b.tableName(table).item(nsItem("meta:main", "status_meta", "S:oops")));
            LedgerAlias m = LedgerAlias.parse("meta");
            assertThatThrownBy(() -> p.publishIndex(m, "i1", 1))
                    .isInstanceOf(CorruptedStoreException.class)
                    .hasMessageContaining("WAS applied")
                    .hasMessageContaining("ledger_alias='meta:main'");
            assertThat(item(table, Items.key(m)).get("index_t").n()).isEqualTo("1");
        }
    }
}
