package io.tidemark.backend.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.NsRecord;
import io.tidemark.watermark.StoredWatermark;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/**
 * The on-disk format does not change with the JSON library: the literal files below were written by the hand-written
 * codec this backend used before Jackson (format 1). Each still reads as the value it was written from, and writing
 * that value again gives the same bytes, so what is written now reads with the old code too. Files the old code
 * read but never wrote (white space, other escapes, members in another order, unknown members) still read.
 */
class FileFormatTest {
    private static final Path DIR = Path.of("/store/v1");

    private static final WatermarkKey PLAIN_KEY = new WatermarkKey("NetXdYhcp", "tz1abc", "block");
    private static final Watermark PLAIN_MARK = new Watermark(41, 3, "vhFuzz");
    private static final String PLAIN_MARK_FILE =
            "{\"format\":1,\"chain_id\":\"NetXdYhcp\",\"pkh\":\"tz1abc\",\"request\":\"block\",\"lvl\":41,\"round\":3,"
                    + "\"digest\":\"vhFuzz\"}\n";

    private static final WatermarkKey ODD_KEY =
            new WatermarkKey("Net\u00e9\ud83d\ude00 x", "tz1\"q\\", "attestation_with_dal");
    private static final Watermark ODD_MARK = new Watermark(Long.MAX_VALUE, Integer.MAX_VALUE, "d\u3000\u00e9");
    private static final String ODD_MARK_FILE =
            "{\"format\":1,\"chain_id\":\"Net\u00e9\ud83d\ude00 x\",\"pkh\":\"tz1\\\"q\\\\\",\"request\":"
                    + "\"attestation_with_dal\",\"lvl\":9223372036854775807,\"round\":2147483647,\"digest\":\"d\u3000\u00e9\"}\n";

    private static final NsRecord FRESH_RECORD = NsRecord.created(LedgerAlias.parse("db:main"), 1_700_000_000L);
    private static final String FRESH_RECORD_FILE =
            "{\"format\":1,\"ledger_alias\":\"db:main\",\"ledger_name\":\"db\",\"branch\":\"main\",\"status\":\"ready\","
                    + "\"updated_at\":1700000000,\"status_v\":1,\"status_meta\":{},\"config_v\":0,\"config_meta\":{}}\n";

    private static final String FULL_RECORD_FILE =
            "{\"format\":1,\"ledger_alias\":\"ledger/x:feature-1\",\"ledger_name\":\"ledger/x\",\"branch\":\"feature-1\","
                    + "\"commit_address\":\"fluree:commit:sha256:abc\",\"commit_t\":7,\"index_address\":\"fluree:index:1\","
                    + "\"index_t\":0,\"default_context_address\":\"ctx:1\",\"status\":\"paused\",\"updated_at\":1712345678,"
                    + "\"status_v\":4,\"status_meta\":{\"s\":\"q\\\"b\\\\n\\nr\\rt\\tz\\u0000\\u0001\\u001f\\u007f"
                    + "\u0080\u009f\u00e9\u2028\ud83d\ude00/\","
                    + "\"n\":[0,-1,-9223372036854775808,9223372036854775808,2.5,1" + "0".repeat(125) + ","
                    + "-1.2345E-130,0.001,10000000000,123456789.125],\"b\":[true,false,[],{}],"
                    + "\"k\\n\\u0007\\\"\":{\"deep\":{\"x\":\"y\"}}},"
                    + "\"config_v\":2,\"config_meta\":{\"a\":1}}\n";

    /** The record {@link #FULL_RECORD_FILE} was written from. */
    private static NsRecord fullRecord() {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("s", "q\"b\\n\nr\rt\tz\u0000\u0001\u001f\u007f\u0080\u009f\u00e9\u2028\ud83d\ude00/");
        meta.put(
                "n",
                List.of(
                        0,
                        -1,
                        Long.MIN_VALUE,
                        new BigInteger("9223372036854775808"),
                        2.5,
                        new BigDecimal("1E+125"),
                        new BigDecimal("-1.2345E-130"),
                        new BigDecimal("0.001"),
                        1.0e10,
                        123456789.125));
        meta.put("b", List.of(true, false, List.of(), Map.of()));
        meta.put("k\n\u0007\"", Map.of("deep", Map.of("x", "y")));
        return new NsRecord(
                LedgerAlias.parse("ledger/x:feature-1"),
                Optional.of("fluree:commit:sha256:abc"),
                OptionalLong.of(7),
                Optional.of("fluree:index:1"),
                OptionalLong.of(0),
                Optional.of("ctx:1"),
                "paused",
                1_712_345_678L,
                4,
                meta,
                2,
                Map.of("a", 1));
    }

    private static StoredWatermark mark(String content, WatermarkKey key) {
        return FileCodec.decodeWatermark(DIR, FileCodec.fileName(key), content);
    }

    private static NsRecord record(String content, LedgerAlias alias) {
        return FileCodec.decodeRecord(DIR, FileCodec.fileName(alias), content);
    }

    @Test
    void marksWrittenBeforeReadAsTheyWereWrittenAndAreWrittenAgainByteForByte() {
        assertThat(mark(PLAIN_MARK_FILE, PLAIN_KEY)).isEqualTo(new StoredWatermark(PLAIN_KEY, PLAIN_MARK));
        assertThat(mark(ODD_MARK_FILE, ODD_KEY)).isEqualTo(new StoredWatermark(ODD_KEY, ODD_MARK));
        assertThat(FileCodec.encode(PLAIN_KEY, PLAIN_MARK)).isEqualTo(PLAIN_MARK_FILE);
        assertThat(FileCodec.encode(ODD_KEY, ODD_MARK)).isEqualTo(ODD_MARK_FILE);
    }

    @Test
    void recordsWrittenBeforeReadAsTheyWereWrittenAndAreWrittenAgainByteForByte() {
        NsRecord full = fullRecord();
        assertThat(record(FRESH_RECORD_FILE, FRESH_RECORD.alias())).isEqualTo(FRESH_RECORD);
        assertThat(record(FULL_RECORD_FILE, full.alias())).isEqualTo(full);
        assertThat(FileCodec.encode(FRESH_RECORD)).isEqualTo(FRESH_RECORD_FILE);
        assertThat(FileCodec.encode(full)).isEqualTo(FULL_RECORD_FILE);
    }

    @Test
    void whatTheOldReaderAcceptedButNeverWroteStillReads() {
        String spaced = "\n { \"round\" : 3 ,\t\"lvl\":41, \"digest\":\"vh\\u0046uzz\", \"format\":1,\r\n"
                + "\"request\":\"bl\\u006Fck\", \"pkh\":\"tz1abc\", \"chain_id\":\"NetXdYhcp\", \"future\":[null, {\"x\":-0.0}] }";
        assertThat(mark(spaced, PLAIN_KEY)).isEqualTo(new StoredWatermark(PLAIN_KEY, PLAIN_MARK));
        String otherEscapes = FULL_RECORD_FILE
                .replace("/\",", "\\/\",")
                .replace("\\u001f", "\\u001F")
                .replace("\\u0007", "\\b")
                .replace("\"a\":1", "\"a\":1e0");
        assertThat(otherEscapes).contains("\\/\"", "\\u001F", "\\b", "\"a\":1e0");
        NsRecord read = record(otherEscapes, fullRecord().alias());
        Map<String, Object> meta = new LinkedHashMap<>(fullRecord().statusMeta());
        meta.put("k\n\b\"", meta.remove("k\n\u0007\""));
        assertThat(read.statusMeta()).isEqualTo(meta);
        assertThat(read.configMeta()).isEqualTo(Map.of("a", 1L));
    }
}
