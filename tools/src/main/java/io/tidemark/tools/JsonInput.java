package io.tidemark.tools;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import io.tidemark.InvalidInputException;
import io.tidemark.Limits;
import io.tidemark.spi.support.JsonValues;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A bounded, streaming JSON reader that knows where it is: every error is an {@link InvalidDocumentException} naming
 * the file and the JSON path ({@code $.watermarks[3].level}) and the value. The bounds hold whatever the input: the
 * whole input at most {@code maxBytes}, nesting at most {@link #MAX_DEPTH}, a string at most {@link #MAX_STRING}
 * chars, a number at most {@link Limits#MAX_NUMBER_CHARS} chars, a member name at most {@link #MAX_NAME} chars,
 * duplicate member names refused; items are handed on one at a time, never collected. Bytes that are not valid in the
 * encoding Jackson detected (UTF-8, or UTF-16/32 from the first bytes) are the same typed error; only a failure of
 * the underlying stream is an {@link UncheckedIOException}.
 */
final class JsonInput implements AutoCloseable {
    /** Deepest nesting of arrays and objects: a meta map's own {@link Limits#MAX_META_DEPTH} plus the envelope. */
    static final int MAX_DEPTH = Limits.MAX_META_DEPTH + 8;
    /** Longest string value, in chars: a whole meta map may be {@link Limits#MAX_META_BYTES}. */
    static final int MAX_STRING = Limits.MAX_META_BYTES;
    /** Longest member name, in chars. */
    static final int MAX_NAME = 4096;

    private final JsonParser parser;
    private final String file;

    private JsonInput(JsonParser parser, String file) {
        this.parser = parser;
        this.file = file;
    }

    /** A reader of {@code path}, at most {@code maxBytes} long; {@code file} prefixes every error's place. */
    static JsonInput open(Path path, String file, long maxBytes) {
        try {
            return open(Files.newInputStream(path), file, maxBytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
        }
    }

    /** A reader of {@code in} (closed with this reader), at most {@code maxBytes} long. */
    static JsonInput open(InputStream in, String file, long maxBytes) {
        JsonFactory factory = JsonFactory.builder()
                .streamReadConstraints(StreamReadConstraints.builder()
                        .maxNestingDepth(MAX_DEPTH)
                        .maxStringLength(MAX_STRING)
                        .maxNumberLength(Limits.MAX_NUMBER_CHARS)
                        .maxNameLength(MAX_NAME)
                        .maxDocumentLength(maxBytes)
                        .build())
                .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                .build();
        try {
            return new JsonInput(factory.createParser(in), file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The next token; end of input is {@code null}. */
    JsonToken next() {
        try {
            return parser.nextToken();
        } catch (JsonProcessingException e) {
            throw new InvalidDocumentException(where(), token(), reason(e));
        } catch (CharConversionException e) {
            throw new InvalidDocumentException(where(), null, "not valid text in its encoding: " + reason(e));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The current token. */
    JsonToken current() {
        return parser.currentToken();
    }

    /** The name of the current member (at a {@code FIELD_NAME} token or its value). */
    String name() {
        try {
            return parser.currentName();
        } catch (JsonProcessingException e) {
            throw new InvalidDocumentException(where(), null, reason(e));
        } catch (CharConversionException e) {
            throw new InvalidDocumentException(where(), null, "not valid text in its encoding: " + reason(e));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Moves to the next token, which must be {@code expected}. */
    void expectNext(JsonToken expected, String what) {
        JsonToken t = next();
        if (t != expected) {
            throw fail(token(), "must be " + what);
        }
    }

    /** Checks that the input holds nothing after the value just read. */
    void expectEnd() {
        JsonToken t = next();
        if (t != null) {
            throw fail(token(), "unexpected content after the document");
        }
    }

    /** An error at the current place. */
    InvalidDocumentException fail(Object value, String reason) {
        return new InvalidDocumentException(where(), value, reason);
    }

    /** The current string value. */
    String string() {
        if (current() != JsonToken.VALUE_STRING) {
            throw fail(token(), "must be a string");
        }
        return text();
    }

    /** The current value: a string or {@code null}. */
    String stringOrNull() {
        return current() == JsonToken.VALUE_NULL ? null : string();
    }

    /** The current integer, which must lie in {@code min..max}. */
    long integer(long min, long max) {
        if (current() != JsonToken.VALUE_NUMBER_INT) {
            throw fail(token(), "must be an integer");
        }
        try {
            if (parser.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                throw fail(token(), "must be between " + min + " and " + max);
            }
            long v = parser.getLongValue();
            if (v < min || v > max) {
                throw fail(v, "must be between " + min + " and " + max);
            }
            return v;
        } catch (IOException e) {
            throw new InvalidDocumentException(where(), token(), reason(e));
        }
    }

    /** The current object, read whole as a JSON-like map (numbers in {@link JsonValues}' canonical form). */
    @SuppressWarnings("unchecked")
    Map<String, Object> object() {
        if (current() != JsonToken.START_OBJECT) {
            throw fail(token(), "must be an object");
        }
        return (Map<String, Object>) value();
    }

    /** JSON {@code null} inside a value read by {@link #tree()}; no store accepts it as a meta value. */
    static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    /** The current value read whole as {@link #value()} does, with {@code null} read as {@link #NULL}. */
    Object tree() {
        return value(true);
    }

    /** The current value read whole: String, Boolean, a canonical number, List or Map; {@code null} is refused. */
    Object value() {
        return value(false);
    }

    private Object value(boolean nulls) {
        JsonToken t = current();
        if (t == null) {
            throw fail(null, "ends too early");
        }
        switch (t) {
            case VALUE_STRING:
                return text();
            case VALUE_TRUE:
                return Boolean.TRUE;
            case VALUE_FALSE:
                return Boolean.FALSE;
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                try {
                    return JsonValues.parseNumber(where(), text());
                } catch (InvalidInputException e) {
                    throw fail(text(), e.getMessage());
                }
            case START_ARRAY: {
                List<Object> out = new ArrayList<>();
                while (next() != JsonToken.END_ARRAY) {
                    out.add(value(nulls));
                }
                return out;
            }
            case START_OBJECT: {
                Map<String, Object> out = new LinkedHashMap<>();
                while (next() == JsonToken.FIELD_NAME) {
                    String k = name();
                    next();
                    out.put(k, value(nulls));
                }
                return out;
            }
            case VALUE_NULL:
                if (nulls) {
                    return NULL;
                }
                throw fail(null, "null is not a JSON-like meta value (string, number, boolean, list or object)");
            default:
                throw fail(token(), "unexpected token " + t);
        }
    }

    /** Skips the current value (and its children). */
    void skip() {
        try {
            parser.skipChildren();
        } catch (JsonProcessingException e) {
            throw new InvalidDocumentException(where(), token(), reason(e));
        } catch (CharConversionException e) {
            throw new InvalidDocumentException(where(), null, "not valid text in its encoding: " + reason(e));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs {@code check} and rethrows a value rule's {@link InvalidInputException} as an error at the current place.
     */
    <T> T checked(Supplier<T> check) {
        try {
            return check.get();
        } catch (InvalidDocumentException e) {
            throw e;
        } catch (InvalidInputException e) {
            throw fail(e.field(), e.getMessage());
        }
    }

    /** The place of the current token: {@code file: $.a[0].b}. */
    String where() {
        StringBuilder path = new StringBuilder();
        List<String> parts = new ArrayList<>();
        for (JsonStreamContext c = parser.getParsingContext(); c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                parts.add("[" + Math.max(0, c.getCurrentIndex()) + "]");
            } else if (c.getCurrentName() != null) {
                String n = c.getCurrentName();
                parts.add(n.matches("[A-Za-z_][A-Za-z0-9_]*") ? "." + n : "[" + JsonText.quote(n) + "]");
            }
        }
        path.append('$');
        for (int i = parts.size() - 1; i >= 0; i--) {
            path.append(parts.get(i));
        }
        return file.isEmpty() ? path.toString() : file + ": " + path;
    }

    private String text() {
        try {
            return parser.getText();
        } catch (JsonProcessingException e) {
            // Strings are decoded lazily: a bound (their length) may be found only now.
            throw new InvalidDocumentException(where(), null, reason(e));
        } catch (CharConversionException e) {
            throw new InvalidDocumentException(where(), null, "not valid text in its encoding: " + reason(e));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** The current token as shown in an error: its text, cut by the message rendering. */
    private Object token() {
        JsonToken t = current();
        if (t == null) {
            return null;
        }
        if (t.isScalarValue()) {
            return t == JsonToken.VALUE_NULL ? null : text();
        }
        return t.asString() == null ? t.name() : t.asString();
    }

    private static String reason(IOException e) {
        String m = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        m = m == null ? e.getClass().getSimpleName() : m;
        int nl = m.indexOf('\n');
        return nl < 0 ? m : m.substring(0, nl);
    }

    @Override
    public void close() {
        try {
            parser.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
