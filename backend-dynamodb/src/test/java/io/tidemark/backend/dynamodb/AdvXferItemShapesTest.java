package io.tidemark.backend.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.CorruptedStoreException;
import io.tidemark.watermark.AdvanceResult;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Adversarial review of the signer's item shapes: the reserved digest, a known hash, binary of the wrong length. */
@ExtendWith(DynamoDbLocal.class)
class AdvXferItemShapesTest {
    private static final String CHAIN = "NetXdQprcVkpaWU";
    private static final String PKH = "tz1VSUr8wwNhLAzempoch5d6hLRiTh8Cjcjb";
    private final DynamoDbClient raw =
            DynamoDbLocal.client(DynamoDbLocal.shared().endpoint());

    private static Map<String, AttributeValue> item(String kind, long lvl, int round, AttributeValue digest) {
        return Map.of(
                "idx", AttributeValue.fromS(CHAIN + "/" + PKH),
                "request", AttributeValue.fromS(kind),
                "lvl", AttributeValue.fromN(Long.toString(lvl)),
                "round", AttributeValue.fromN(Integer.toString(round)),
                "digest", digest);
    }

    private Map<String, AttributeValue> stored(String table, WatermarkKey key) {
        return raw.getItem(b -> b.tableName(table).key(Items.key(key)).consistentRead(true))
                .item();
    }

    /** A {@code NULL} digest: a client sending the reserved digest itself for that slot is refused, not repeated. */
    @Test
    void aNullDigestSlotIsRefusedToTheReservedDigestItself() {
        String table = DynamoDbLocal.freshTable("adv-null");
        WatermarkKey key = new WatermarkKey(CHAIN, PKH, "block");
        Map<String, AttributeValue> item = item("block", 77, 0, AttributeValue.fromNul(true));
        try (WatermarkStore s = DynamoDbWatermarkStore.open(raw, table)) {
            raw.putItem(b -> b.tableName(table).item(item));
            Watermark none = new Watermark(77, 0, Watermark.NO_DIGEST);
            AdvanceResult r = s.advance(key, none);
            assertThat(r).isEqualTo(new AdvanceResult.Refused(none));
            assertThat(r.maySign()).isFalse();
            assertThat(stored(table, key)).isEqualTo(item);
        }
    }

    /**
     * The hash bytes of a real {@code vh...} text (decoded independently of {@link PayloadHash}) stored as {@code B}:
     * the signer's request with that text is Repeated; the same bytes' text with one character changed is Refused.
     */
    @Test
    void aKnownHashStoredAsBinaryRepeatsItsTextOnly() {
        String table = DynamoDbLocal.freshTable("adv-known");
        WatermarkKey key = new WatermarkKey(CHAIN, PKH, "attestation");
        String text = "vh26y88MAwaPShs88TNGaz2KmFGKmAWPkfo2taZF1sSAvGUWhTxm";
        byte[] bytes = HexFormat.of().parseHex("3869e20bb2f7a486741b466fd3689c6722764393b7a2f50bca1fa86853cd1f9b");
        Map<String, AttributeValue> item =
                item("attestation", 5123456, 0, AttributeValue.fromB(SdkBytes.fromByteArray(bytes)));
        try (WatermarkStore s = DynamoDbWatermarkStore.open(raw, table)) {
            raw.putItem(b -> b.tableName(table).item(item));
            Watermark mark = new Watermark(5123456, 0, text);
            assertThat(s.get(key)).contains(mark);
            assertThat(s.advance(key, mark)).isEqualTo(new AdvanceResult.Repeated(mark));
            assertThat(s.advance(key, new Watermark(5123456, 0, text.toLowerCase(java.util.Locale.ROOT))))
                    .isEqualTo(new AdvanceResult.Refused(mark));
            assertThat(stored(table, key)).isEqualTo(item);
        }
    }

    /** Binary of 1, 33 and 64 bytes: corrupted, named, never overwritten, not even by a higher mark. */
    @Test
    void binaryOfTheWrongLengthIsCorruptedAndNeverOverwritten() {
        String table = DynamoDbLocal.freshTable("adv-blen");
        try (WatermarkStore s = DynamoDbWatermarkStore.open(raw, table)) {
            for (int len : new int[] {1, 33, 64}) {
                String kind = "k" + len;
                WatermarkKey key = new WatermarkKey(CHAIN, PKH, kind);
                Map<String, AttributeValue> item =
                        item(kind, 5, 0, AttributeValue.fromB(SdkBytes.fromByteArray(new byte[len])));
                raw.putItem(b -> b.tableName(table).item(item));
                assertThatThrownBy(() -> s.advance(key, new Watermark(1_000, 0, "vhX")))
                        .isInstanceOf(CorruptedStoreException.class)
                        .hasMessageContaining(len + " bytes");
                assertThat(stored(table, key)).isEqualTo(item);
                assertThat(s.get(new WatermarkKey(CHAIN, PKH, "none"))).isEqualTo(Optional.empty());
            }
        }
    }
}
