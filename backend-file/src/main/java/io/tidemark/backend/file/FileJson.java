package io.tidemark.backend.file;

import com.fasterxml.jackson.core.ErrorReportConfiguration;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import io.tidemark.InvalidInputException;
import io.tidemark.Limits;
import io.tidemark.Names;
import io.tidemark.spi.support.JsonValues;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON text of store files, read and written with Jackson's streaming API. Values are those of
 * {@link JsonValues}: {@code String}, {@code Boolean}, numbers, {@code List}, {@code Map} (plus {@code null} when
 * reading).
 *
 * <p>Writing is compact, keeps map order, writes numbers as their {@code toString()}, and escapes only {@code "},
 * {@code \}, the control characters and DEL ({@code \n}, {@code \r}, {@code \t}, others {@code \\u00xx}): the exact
 * bytes Tidemark has always written, which {@link JsonValues#meta} counts against {@link Limits#MAX_META_BYTES}.
 *
 * <p>Reading accepts one complete RFC 8259 value and refuses: duplicate object keys, anything but white space after
 * the value, a number that {@link JsonValues#parseNumber} refuses (longer than {@link Limits#MAX_NUMBER_CHARS},
 * out of range), nesting deeper than {@link #MAX_DEPTH}, a string or key holding a lone surrogate ({@code "\\ud800"}),
 * and texts longer than {@link FileTree#MAX_FILE_BYTES}. Every refusal is an {@link IllegalArgumentException}
 * {@code malformed JSON at offset <n>: <what>} on one line, with at most a few dozen escaped characters of the text.
 */
final class FileJson {
    /** The deepest value read: the top-level value is at depth 0. */
    static final int MAX_DEPTH = 64;

    private static final JsonFactory FACTORY = new JsonFactoryBuilder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            // each file is parsed once: no shared symbol table for hostile keys to fill
            .disable(JsonFactory.Feature.CANONICALIZE_FIELD_NAMES)
            .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
            .streamReadConstraints(StreamReadConstraints.builder()
                    .maxNestingDepth(
                            MAX_DEPTH + 2) // a backstop: the check in value() refuses first, with MAX_DEPTH's rule
                    .maxNumberLength(Limits.MAX_NUMBER_CHARS)
                    .maxStringLength(FileTree.MAX_FILE_BYTES)
                    .maxNameLength(
                            FileTree.MAX_FILE_BYTES) // a valid meta key may be almost 64 KiB: Jackson's default is
                    // 50,000
                    .maxDocumentLength(FileTree.MAX_FILE_BYTES)
                    .build())
            .errorReportConfiguration(ErrorReportConfiguration.builder()
                    .maxErrorTokenLength(40)
                    .maxRawContentLength(0)
                    .build())
            .build();

    private FileJson() {}

    /** {@code value} as compact JSON. */
    static String write(Object value) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            // per generator, not in the static factory: a table built once at class initialisation could not be
            // checked by mutation testing (its mutants never run), and building it costs a 128-int copy
            g.setCharacterEscapes(new StoreEscapes());
            write(g, value);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return out.toString();
    }

    private static void write(JsonGenerator g, Object v) throws IOException {
        if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Number n) {
            g.writeNumber(n.toString());
        } else if (v instanceof Map<?, ?> m) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                g.writeFieldName((String) e.getKey());
                write(g, e.getValue());
            }
            g.writeEndObject();
        } else if (v instanceof List<?> l) {
            g.writeStartArray();
            for (Object x : l) {
                write(g, x);
            }
            g.writeEndArray();
        } else {
            throw new IllegalArgumentException(
                    "not a JSON value: " + (v == null ? "null" : v.getClass().getName()));
        }
    }

    /**
     * Parses one JSON value: objects become {@code LinkedHashMap}s, arrays {@code ArrayList}s, numbers their canonical
     * form ({@link JsonValues#parseNumber}).
     *
     * @throws IllegalArgumentException see the class comment
     */
    static Object parse(String text) {
        try (JsonParser p = FACTORY.createParser(text)) {
            try {
                JsonToken first = p.nextToken();
                if (first == null) {
                    throw error(p, "no value");
                }
                Object v = value(p, first, 0);
                if (p.nextToken() != null) {
                    throw error(p, "trailing characters");
                }
                return v;
            } catch (JsonProcessingException e) {
                long at = e.getLocation() != null
                        ? e.getLocation().getCharOffset()
                        : p.currentLocation().getCharOffset();
                throw new IllegalArgumentException("malformed JSON at offset " + at + ": " + reason(e), e);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // only a JsonProcessingException can come from a String
        }
    }

    private static Object value(JsonParser p, JsonToken t, int depth) throws IOException {
        if (depth > MAX_DEPTH) {
            throw error(p, "nested too deep");
        }
        switch (t) {
            case START_OBJECT: {
                Map<String, Object> m = new LinkedHashMap<>();
                for (JsonToken k = p.nextToken(); k != JsonToken.END_OBJECT; k = p.nextToken()) {
                    String name = unicode(p, p.currentName());
                    m.put(name, value(p, p.nextToken(), depth + 1)); // duplicates: STRICT_DUPLICATE_DETECTION
                }
                return m;
            }
            case START_ARRAY: {
                List<Object> l = new ArrayList<>();
                for (JsonToken e = p.nextToken(); e != JsonToken.END_ARRAY; e = p.nextToken()) {
                    l.add(value(p, e, depth + 1));
                }
                return l;
            }
            case VALUE_STRING:
                return unicode(p, p.getText());
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                try {
                    return JsonValues.parseNumber("number", p.getText());
                } catch (InvalidInputException e) {
                    throw error(p, e.getMessage());
                }
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NULL:
                return null;
            default:
                throw error(p, "unexpected " + t); // not reached: the parser reports malformed text itself
        }
    }

    /** {@code s}, refused if it holds a surrogate that is not half of a pair (only an escape can write one). */
    private static String unicode(JsonParser p, String s) throws JsonProcessingException {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw error(p, "lone surrogate \\u" + Integer.toHexString(c) + " at index " + i + " of a string");
            }
        }
        return s;
    }

    private static JsonProcessingException error(JsonParser p, String what) {
        return new Refused(what, p);
    }

    /** A refusal of ours, located at the start of the current token. */
    private static final class Refused extends JsonProcessingException {
        private static final long serialVersionUID = 1L;

        Refused(String what, JsonParser p) {
            super(what, p.currentTokenLocation());
        }
    }

    /** Jackson's reason on one line: escaped and cut, so that a message never carries much of a planted file. */
    private static String reason(JsonProcessingException e) {
        if (e instanceof Refused) {
            return e.getOriginalMessage();
        }
        if (e instanceof StreamConstraintsException) {
            // "... exceeds the maximum allowed (200, from `StreamReadConstraints...`)": keep the number, not the API
            return Names.escape(e.getOriginalMessage().replaceFirst(", from .*\\)$", ")"));
        }
        String m = e.getOriginalMessage().split("\n", 2)[0].replaceFirst(" \\(start marker.*$", "");
        return Names.escape(m.length() <= 160 ? m : m.substring(0, 160) + "...");
    }

    /**
     * The escapes Tidemark has always written: {@code \"}, {@code \\}, {@code \n}, {@code \r}, {@code \t}, and
     * {@code \\u00xx} (lower-case hex) for the other control characters and DEL. Nothing else is escaped.
     */
    private static final class StoreEscapes extends CharacterEscapes {
        private static final long serialVersionUID = 1L;
        private final int[] ascii = standardAsciiEscapesForJSON();

        StoreEscapes() {
            for (int c = 0; c < 0x20; c++) {
                if (c != '\n' && c != '\r' && c != '\t') {
                    ascii[c] = ESCAPE_CUSTOM; // Jackson's standard escapes would write \b, \f and upper-case hex
                }
            }
            ascii[0x7f] = ESCAPE_CUSTOM;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return ch < 0x20 || ch == 0x7f ? new SerializedString(String.format("\\u%04x", ch)) : null;
        }
    }
}
