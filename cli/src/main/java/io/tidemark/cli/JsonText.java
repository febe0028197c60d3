package io.tidemark.cli;

import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.InvalidInputException;
import io.tidemark.publisher.NsRecord;
import io.tidemark.spi.support.JsonValues;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The CLI's JSON, through Jackson: the object forms of keys, marks and records (their attribute names are the CLI's
 * output format), compact writing, and reading a meta object from the command line.
 *
 * <p>Strings are escaped as the CLI always wrote them: {@code \"}, {@code \\}, {@code \n}, {@code \r}, {@code \t},
 * every other control character and DEL as a lower-case {@code \}{@code u00xx}; everything else as is. Map entries
 * keep their order; numbers are written as {@code toString()} gives them.
 */
final class JsonText {
    private static final ObjectMapper MAPPER = new ObjectMapper(new JsonFactoryBuilder()
                    .characterEscapes(new Escapes())
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);

    private JsonText() {}

    /** {@code value} (maps, lists, strings, numbers, booleans, null) as one line of compact JSON. */
    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(
                    "not a JSON value: " + value.getClass().getName(), e);
        }
    }

    /**
     * A meta object given on the command line: one JSON object, no duplicate keys, nothing after it, its values
     * checked and made canonical by {@link JsonValues#meta} before any store is opened. Absent ({@code null}) is the
     * empty object.
     *
     * @throws InvalidInputException naming {@code field} when the text is not one JSON object, or a value is not
     *     allowed in meta
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> object(String field, String json) {
        if (json == null) {
            return Map.of();
        }
        Object value;
        try {
            value = MAPPER.readValue(json, Object.class);
        } catch (JsonProcessingException e) {
            String at = e.getLocation() == null
                    ? ""
                    : " at offset " + e.getLocation().getCharOffset();
            throw new InvalidInputException(field, json, e.getOriginalMessage() + at);
        }
        if (value instanceof Map<?, ?> m) {
            return JsonValues.meta(field, (Map<String, Object>) m);
        }
        throw new InvalidInputException(field, json, "must be a JSON object");
    }

    /** {@code {"chain_id", "pkh", "request"}}. */
    static Map<String, Object> key(WatermarkKey k) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("chain_id", k.chainId());
        o.put("pkh", k.publicKeyHash());
        o.put("request", k.requestKind());
        return o;
    }

    /** {@code {"lvl", "round", "digest"}}. */
    static Map<String, Object> mark(Watermark m) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("lvl", m.level());
        o.put("round", m.round());
        o.put("digest", m.digest());
        return o;
    }

    /** Key and mark in one flat object. */
    static Map<String, Object> stored(WatermarkKey k, Watermark m) {
        Map<String, Object> o = key(k);
        o.putAll(mark(m));
        return o;
    }

    /** Every attribute of the record; absent heads and default context are absent keys. */
    static Map<String, Object> record(NsRecord r) {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put("ledger_alias", r.alias().toString());
        o.put("ledger_name", r.ledgerName());
        o.put("branch", r.branch());
        r.commitAddress().ifPresent(a -> o.put("commit_address", a));
        r.commitT().ifPresent(t -> o.put("commit_t", t));
        r.indexAddress().ifPresent(a -> o.put("index_address", a));
        r.indexT().ifPresent(t -> o.put("index_t", t));
        r.defaultContextAddress().ifPresent(a -> o.put("default_context_address", a));
        o.put("status", r.status());
        o.put("updated_at", r.updatedAt());
        o.put("status_v", r.statusV());
        o.put("status_meta", r.statusMeta());
        o.put("config_v", r.configV());
        o.put("config_meta", r.configMeta());
        return o;
    }

    /** The CLI's string escapes (see the class comment); Jackson's own write {@code \b}, {@code \f}, upper-case hex. */
    private static final class Escapes extends CharacterEscapes {
        private static final long serialVersionUID = 1L;
        private final int[] ascii = standardAsciiEscapesForJSON();

        Escapes() {
            for (int c = 0; c < 0x20; c++) {
                if (c != '\n' && c != '\r' && c != '\t') {
                    ascii[c] = ESCAPE_CUSTOM;
                }
            }
            ascii[0x7f] = ESCAPE_CUSTOM;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int c) {
            return c < 0x20 || c == 0x7f ? new SerializedString(String.format("\\u%04x", c)) : null;
        }
    }
}
