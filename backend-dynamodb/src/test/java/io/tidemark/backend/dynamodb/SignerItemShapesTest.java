package io.tidemark.backend.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.CorruptedStoreException;
import io.tidemark.watermark.AdvanceResult;
import io.tidemark.watermark.StoredWatermark;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Items exactly as the Tezos signer's DynamoDB backend writes them, put with the raw SDK, read and advanced through
 * Tidemark. The signer ({@code ecadlabs/signatory}, {@code pkg/signatory/watermark/aws.go} at
 * {@code a274f9c39292ea8169250b4ff404e94056f99f84}) marshals {@code struct {Idx string `dynamodbav:"idx"`; Request
 * string `dynamodbav:"request"`; Level int32 `dynamodbav:"lvl"`; Round int32 `dynamodbav:"round"`; Digest
 * *tz.BlockPayloadHash `dynamodbav:"digest"`}} with {@code attributevalue.MarshalMap} (aws-sdk-go-v2
 * {@code feature/dynamodb/attributevalue/encode.go} at {@code 0522dcccf4a9c85fd34da3bc12c1646005dfa493}): a
 * {@code [32]byte} array becomes {@code B} (the encoder only honours its own {@code Marshaler}, not the type's
 * {@code MarshalText}); a nil pointer becomes {@code NULL} (no {@code omitempty} tag), so the attribute is never
 * left out; {@code lvl} and {@code round} are {@code N}. The guide's (and Tidemark's) {@code S} is the third shape.
 */
@ExtendWith(DynamoDbLocal.class)
class SignerItemShapesTest {
    private static final String CHAIN = "NetXdQprcVkpaWU";
    private static final String PKH = "tz1VSUr8wwNhLAzempoch5d6hLRiTh8Cjcjb";
    private final DynamoDbClient raw =
            DynamoDbLocal.client(DynamoDbLocal.shared().endpoint());

    private static byte[] hash(int seed) {
        byte[] h = new byte[32];
        for (int i = 0; i < h.length; i++) {
            h[i] = (byte) (seed * 31 + i);
        }
        return h;
    }

    /** An item as the signer writes it: idx S, request S, lvl N, round N, digest as given. */
    private static Map<String, AttributeValue> signerItem(String kind, long lvl, int round, AttributeValue digest) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put("idx", AttributeValue.fromS(CHAIN + "/" + PKH));
        item.put("request", AttributeValue.fromS(kind));
        item.put("lvl", AttributeValue.fromN(Long.toString(lvl)));
        item.put("round", AttributeValue.fromN(Integer.toString(round)));
        item.put("digest", digest);
        return item;
    }

    private Map<String, AttributeValue> stored(String table, WatermarkKey key) {
        return raw.getItem(b -> b.tableName(table).key(Items.key(key)).consistentRead(true))
                .item();
    }

    @Test
    void binaryDigestReadsAsTheSignersTextAndItsOwnRequestRepeats() {
        String table = DynamoDbLocal.freshTable("signer-b");
        WatermarkKey key = new WatermarkKey(CHAIN, PKH, "block");
        Map<String, AttributeValue> item =
                signerItem("block", 120, 1, AttributeValue.fromB(SdkBytes.fromByteArray(hash(1))));
        String text = PayloadHash.text(hash(1));
        try (WatermarkStore s = DynamoDbWatermarkStore.open(raw, table)) {
            raw.putItem(b -> b.tableName(table).item(item));
            Watermark mark = new Watermark(120, 1, text);
            assertThat(text).startsWith("vh").hasSize(52);
            assertThat(s.get(key)).contains(mark);
            try (Stream<StoredWatermark> all = s.list()) {
                assertThat(all.toList()).containsExactly(new StoredWatermark(key, mark));
            }
            assertThat(s.advance(key, mark)).isEqualTo(new AdvanceResult.Repeated(mark));
            assertThat(s.advance(key, new Watermark(120, 1, PayloadHash.text(hash(2)))))
                    .isEqualTo(new AdvanceResult.Refused(mark));
            assertThat(s.advance(key, new Watermark(119, 5, text))).isEqualTo(new AdvanceResult.Refused(mark));
            assertThat(stored(table, key)).as("nothing written").isEqualTo(item);
            Watermark next = new Watermark(121, 0, PayloadHash.text(hash(3)));
            assertThat(s.advance(key, next)).isEqualTo(new AdvanceResult.Advanced(Optional.of(mark)));
            assertThat(stored(table, key).get("digest")).isEqualTo(AttributeValue.fromS(next.digest()));
            assertThat(s.get(key)).contains(next);
        }
    }

    @Test
    void nullDigestIsTheNoDigestMarkerSoThatSlotIsRefusedAndHigherAdvances() {
        String table = DynamoDbLocal.freshTable("signer-null");
        WatermarkKey key = new WatermarkKey(CHAIN, PKH, "attestation");
        Map<String, AttributeValue> item = signerItem("attestation", 77, 0, AttributeValue.fromNul(true));
        try (WatermarkStore s = DynamoDbWatermarkStore.open(raw, table)) {
            raw.putItem(b -> b.tableName(table).item(item));
            Watermark none = new Watermark(77, 0, Watermark.NO_DIGEST);
            assertThat(s.get(key)).contains(none);
            assertThat(s.advance(key, new Watermark(77, 0, PayloadHash.text(hash(4)))))
                    .isEqualTo(new AdvanceResult.Refused(none));
            assertThat(stored(table, key)).isEqualTo(item);
            Watermark next = new Watermark(77, 1, PayloadHash.text(hash(5)));
            assertThat(s.advance(key, next)).isEqualTo(new AdvanceResult.Advanced(Optional.of(none)));
            assertThat(s.get(key)).contains(next);
        }
    }

    @Test
    void stringDigestAsTheGuideWritesItReadsAsIs() {
        String table = DynamoDbLocal.freshTable("signer-s");
        WatermarkKey key = new WatermarkKey(CHAIN, PKH, "preattestation");
        String text = PayloadHash.text(hash(6));
        try (WatermarkStore s = DynamoDbWatermarkStore.open(raw, table)) {
            raw.putItem(b -> b.tableName(table).item(signerItem("preattestation", 9, 2, AttributeValue.fromS(text))));
            assertThat(s.get(key)).contains(new Watermark(9, 2, text));
            assertThat(s.advance(key, new Watermark(9, 2, text))).isInstanceOf(AdvanceResult.Repeated.class);
        }
    }

    @Test
    void shapesTheSignerNeverWritesStayCorruptedAndAreNeverOverwritten() {
        String table = DynamoDbLocal.freshTable("signer-bad");
        try (WatermarkStore s = DynamoDbWatermarkStore.open(raw, table)) {
            Map<String, AttributeValue> bad = Map.of(
                    "b31", AttributeValue.fromB(SdkBytes.fromByteArray(new byte[31])),
                    "bool", AttributeValue.fromBool(true),
                    "list", AttributeValue.fromL(List.of()));
            for (var e : bad.entrySet()) {
                WatermarkKey key = new WatermarkKey(CHAIN, PKH, e.getKey());
                Map<String, AttributeValue> item = signerItem(e.getKey(), 5, 0, e.getValue());
                raw.putItem(b -> b.tableName(table).item(item));
                assertThatThrownBy(() -> s.get(key))
                        .as(e.getKey())
                        .isInstanceOf(CorruptedStoreException.class)
                        .hasMessageContaining("digest");
                assertThatThrownBy(() -> s.advance(key, new Watermark(9, 0, "new")))
                        .as(e.getKey())
                        .isInstanceOf(CorruptedStoreException.class)
                        .hasMessageNotContaining("WAS written");
                assertThat(stored(table, key))
                        .as("%s: nothing written", e.getKey())
                        .isEqualTo(item);
            }
        }
    }
}
