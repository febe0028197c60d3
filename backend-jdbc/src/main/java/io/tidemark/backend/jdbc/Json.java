package io.tidemark.backend.jdbc;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import io.tidemark.spi.support.JsonValues;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Meta maps as the JSON text of the {@code status_meta} / {@code config_meta} columns (type {@code json}, which keeps
 * the text as written, {@code \u0000} escapes included). Numbers are read back through
 * {@link JsonValues#parseNumber}, so they come back canonical.
 */
final class Json {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(64)
                    .maxNumberLength(1_000)
                    .build())
            .build();

    private Json() {}

    /** The JSON text of a canonical meta map. */
    static String write(Map<String, Object> meta) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            value(g, meta);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void value(JsonGenerator g, Object v) throws IOException {
        if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Long n) {
            g.writeNumber(n);
        } else if (v instanceof BigInteger n) {
            g.writeNumber(n);
        } else if (v instanceof BigDecimal n) {
            g.writeNumber(n);
        } else if (v instanceof Number n) {
            g.writeNumber(n.toString());
        } else if (v instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                g.writeFieldName((String) e.getKey());
                value(g, e.getValue());
            }
            g.writeEndObject();
        } else if (v instanceof List<?> l) {
            g.writeStartArray();
            for (Object o : l) {
                value(g, o);
            }
            g.writeEndArray();
        } else {
            throw new IllegalArgumentException(
                    "not a canonical meta value: " + v.getClass().getName());
        }
    }

    /**
     * The canonical meta map of a column's JSON text.
     *
     * @throws IllegalArgumentException if the text is not a JSON object of JSON-like values (the caller reports the
     *     row as corrupted)
     * @throws io.tidemark.InvalidInputException if a value is outside Tidemark's limits
     */
    @SuppressWarnings("unchecked")
    static Map<String, Object> read(String field, String text) {
        try (JsonParser p = FACTORY.createParser(text)) {
            Object v = parse(field, p, p.nextToken());
            if (!(v instanceof Map) || p.nextToken() != null) {
                throw new IllegalArgumentException(field + " is not one JSON object");
            }
            return JsonValues.meta(field, (Map<String, Object>) v);
        } catch (IOException e) {
            throw new IllegalArgumentException(field + " is not JSON: " + Errors.reason(e), e);
        }
    }

    private static Object parse(String field, JsonParser p, JsonToken t) throws IOException {
        if (t == null) {
            throw new IllegalArgumentException(field + " is empty");
        }
        switch (t) {
            case START_OBJECT -> {
                Map<String, Object> m = new LinkedHashMap<>();
                for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
                    String name = p.currentName();
                    m.put(name, parse(field, p, p.nextToken()));
                }
                return m;
            }
            case START_ARRAY -> {
                List<Object> l = new ArrayList<>();
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                    l.add(parse(field, p, e));
                }
                return l;
            }
            case VALUE_STRING -> {
                return p.getText();
            }
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> {
                return JsonValues.parseNumber(field, p.getText());
            }
            case VALUE_TRUE -> {
                return Boolean.TRUE;
            }
            case VALUE_FALSE -> {
                return Boolean.FALSE;
            }
            default -> throw new IllegalArgumentException(field + " holds " + t + ", not a JSON-like value");
        }
    }
}
