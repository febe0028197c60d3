package io.tidemark.tck;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.NsRecord;
import io.tidemark.spi.support.JsonValues;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The directory toys' file form: one JSON object per record (Jackson). Meta maps are made canonical again after
 * reading ({@link JsonValues#meta}: whole numbers as {@code Long}, others as {@code BigDecimal}), so a record reads
 * back equal to the one written.
 */
final class ToyJson {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .build();

    private ToyJson() {}

    static String write(Map<String, ?> object) {
        try {
            return JSON.writeValueAsString(object);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> read(String text) {
        try {
            return JSON.readValue(text, Map.class);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String write(NsRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", r.alias().name());
        m.put("branch", r.alias().branch());
        r.commitAddress().ifPresent(a -> m.put("commit_address", a));
        r.commitT().ifPresent(t -> m.put("commit_t", t));
        r.indexAddress().ifPresent(a -> m.put("index_address", a));
        r.indexT().ifPresent(t -> m.put("index_t", t));
        r.defaultContextAddress().ifPresent(a -> m.put("default_context_address", a));
        m.put("status", r.status());
        m.put("updated_at", r.updatedAt());
        m.put("status_v", r.statusV());
        m.put("status_meta", r.statusMeta());
        m.put("config_v", r.configV());
        m.put("config_meta", r.configMeta());
        return write(m);
    }

    @SuppressWarnings("unchecked")
    static NsRecord record(String text) {
        Map<String, Object> m = read(text);
        return new NsRecord(
                new LedgerAlias((String) m.get("name"), (String) m.get("branch")),
                Optional.ofNullable((String) m.get("commit_address")),
                optLong(m.get("commit_t")),
                Optional.ofNullable((String) m.get("index_address")),
                optLong(m.get("index_t")),
                Optional.ofNullable((String) m.get("default_context_address")),
                (String) m.get("status"),
                ((Number) m.get("updated_at")).longValue(),
                ((Number) m.get("status_v")).longValue(),
                JsonValues.meta("status meta", (Map<String, Object>) m.get("status_meta")),
                ((Number) m.get("config_v")).longValue(),
                JsonValues.meta("config meta", (Map<String, Object>) m.get("config_meta")));
    }

    private static OptionalLong optLong(Object n) {
        return n == null ? OptionalLong.empty() : OptionalLong.of(((Number) n).longValue());
    }
}
