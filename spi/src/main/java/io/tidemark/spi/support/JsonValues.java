package io.tidemark.spi.support;

import io.tidemark.InvalidInputException;
import io.tidemark.Limits;
import io.tidemark.Names;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Canonical, deeply immutable JSON-like values: {@code String}, {@code Boolean}, numbers, {@code List},
 * {@code Map<String, ?>}. Numbers are canonical so that they compare equal after any round trip through a
 * backend: an integral value becomes {@code Long} (or {@code BigInteger} beyond 64 bits), any other value a
 * {@code BigDecimal} without trailing zeros. So {@code 2.0} reads back as {@code 2L}, {@code 1.50} as
 * {@code 1.5}: JSON numbers, not Java types, are what is kept.
 */
public final class JsonValues {
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);
    private static final double LOG10_2 = Math.log10(2);
    /** The smallest unscaled value with more than {@link Limits#MAX_NUMBER_CHARS} digits. */
    private static final BigInteger TOO_MANY_DIGITS = BigInteger.TEN.pow(Limits.MAX_NUMBER_CHARS);

    private JsonValues() {}

    /**
     * Checks and copies a meta map into its canonical immutable form. The work is bounded by
     * {@link Limits#MAX_META_BYTES}: a map whose JSON is certainly larger is refused as soon as that is known, before
     * the rest of it is read or copied.
     *
     * @throws InvalidInputException naming {@code field} when a value is null, of another type, a number that is
     *     not finite or outside the range of {@link #number}, a string or map key with an unpaired surrogate, nested
     *     deeper than
     *     {@link Limits#MAX_META_DEPTH}, or the whole map is larger than {@link Limits#MAX_META_BYTES} as JSON
     */
    public static Map<String, Object> meta(String field, Map<String, ?> map) {
        if (map == null) {
            throw new InvalidInputException(field, null, "must not be null (use an empty map)");
        }
        if (map instanceof Canonical c) {
            return c; // already checked: records copied from records cost nothing
        }
        if (map.isEmpty()) {
            return Canonical.EMPTY;
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> result = (Map<String, Object>)
                new Walk(field, Limits.MAX_META_BYTES).canonical(new Where(null, field, null, -1), map, 0);
        long bytes = jsonBytes(result);
        if (bytes > Limits.MAX_META_BYTES) {
            throw tooLarge(field, "(" + bytes + " bytes of JSON)");
        }
        return result;
    }

    /**
     * The size in UTF-8 bytes of the JSON text of a canonical value as stores write it, counted without writing it:
     * compact (no white space), map entries in order, numbers as their {@code toString()}, strings with {@code "},
     * {@code \}, newline, carriage return and tab escaped by a backslash and the other control characters and DEL as
     * {@code \\u00xx}; nothing else escaped.
     */
    static long jsonBytes(Object value) {
        if (value instanceof String s) {
            return stringBytes(s);
        }
        if (value instanceof Boolean b) {
            return b ? 4 : 5;
        }
        if (value instanceof Number n) {
            return n.toString().length(); // ASCII
        }
        if (value instanceof Map<?, ?> m) {
            long n = 2 + Math.max(0L, m.size() - 1L); // braces and commas
            for (Map.Entry<?, ?> e : m.entrySet()) {
                n += stringBytes((String) e.getKey()) + 1 + jsonBytes(e.getValue()); // key, colon, value
            }
            return n;
        }
        List<?> l = (List<?>) value;
        long n = 2 + Math.max(0L, l.size() - 1L); // brackets and commas
        for (Object x : l) {
            n += jsonBytes(x);
        }
        return n;
    }

    /** See {@link #jsonBytes}: the quotes, and each char as written and encoded. */
    private static long stringBytes(String s) {
        long n = 2;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\' || c == '\n' || c == '\r' || c == '\t') {
                n += 2;
            } else if (c < 0x20 || c == 0x7f) {
                n += 6;
            } else if (c < 0x80) {
                n += 1;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c)
                    && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4; // one code point beyond the BMP
                i++;
            } else {
                n += 3; // the rest of the BMP (canonical strings hold no lone surrogate)
            }
        }
        return n;
    }

    /** The canonical form of one value; see the class comment. No size limit: {@link #meta} applies one. */
    public static Object canonical(String field, Object value, int depth) {
        return new Walk(field, Long.MAX_VALUE).canonical(new Where(null, field, null, -1), value, depth);
    }

    private static InvalidInputException tooLarge(String field, String shown) {
        return new InvalidInputException(field, shown, "larger than " + Limits.MAX_META_BYTES + " bytes");
    }

    /**
     * Where a value sits ({@code meta.key[3]}), kept as a chain and rendered only for a message: building each
     * element's name eagerly would cost (key length x element count). Long keys are cut when rendered.
     */
    private record Where(Where parent, String root, String key, int index) {
        private static final int MAX_KEY_SHOWN = 40;

        Where key(String k) {
            return new Where(this, null, k, -1);
        }

        Where index(int i) {
            return new Where(this, null, null, i);
        }

        @Override
        public String toString() {
            if (parent == null) {
                return root;
            }
            if (key == null) {
                return parent + "[" + index + "]";
            }
            String shown = key.length() <= MAX_KEY_SHOWN
                    ? Names.escape(key)
                    : Names.escape(key.substring(0, MAX_KEY_SHOWN)) + "...(" + key.length() + " chars)";
            return parent + "." + shown;
        }
    }

    /**
     * One check-and-copy pass. {@link #charge} adds a lower bound of each part's JSON size (a string's chars plus
     * its quotes, one byte per number, the brackets and commas) before the part is read, so a value over the limit is
     * refused after at most about {@code limit} units of work.
     */
    private static final class Walk {
        private final String field;
        private final long limit;
        private long bytes;

        Walk(String field, long limit) {
            this.field = field;
            this.limit = limit;
        }

        private void charge(long n) {
            bytes += n;
            if (bytes > limit) {
                throw tooLarge(field, "(more than " + limit + " bytes of JSON)");
            }
        }

        private static String unicode(Where where, String s) {
            if (Validate.unpairedSurrogate(s) >= 0) {
                Validate.unicode(where.toString(), s); // throws, naming the field and the index
            }
            return s;
        }

        Object canonical(Where where, Object value, int depth) {
            if (depth > Limits.MAX_META_DEPTH) {
                throw new InvalidInputException(
                        where.toString(), "(nested value)", "nested deeper than " + Limits.MAX_META_DEPTH);
            }
            if (value instanceof String s) {
                charge(s.length() + 2L);
                return unicode(where, s);
            }
            if (value instanceof Boolean b) {
                charge(4);
                return b;
            }
            if (value instanceof Number n) {
                charge(1);
                return numberAt(where, n);
            }
            if (value instanceof Map<?, ?> m) {
                charge(2 + Math.max(0L, m.size() - 1L));
                Map<String, Object> copy = new LinkedHashMap<>();
                for (Map.Entry<?, ?> e : m.entrySet()) {
                    if (!(e.getKey() instanceof String k) || k.isEmpty()) {
                        throw new InvalidInputException(
                                where.toString(), e.getKey(), "map keys must be non-empty strings");
                    }
                    charge(k.length() + 3L);
                    unicode(where, k);
                    copy.put(k, canonical(where.key(k), e.getValue(), depth + 1));
                }
                return new Canonical(copy);
            }
            if (value instanceof List<?> l) {
                charge(2 + Math.max(0L, l.size() - 1L));
                List<Object> copy = new ArrayList<>(Math.min(l.size(), 1024));
                for (int i = 0; i < l.size(); i++) {
                    copy.add(canonical(where.index(i), l.get(i), depth + 1));
                }
                return Collections.unmodifiableList(copy);
            }
            if (value == null) {
                throw new InvalidInputException(where.toString(), null, "null is not allowed in meta maps");
            }
            throw new InvalidInputException(
                    where.toString(),
                    value,
                    "not JSON-like (" + value.getClass().getName() + "); use String, Number, Boolean, List or Map");
        }
    }

    /**
     * The canonical number (see the class comment) or an {@link InvalidInputException}. Accepted: finite numbers of
     * at most {@link Limits#MAX_NUMBER_DIGITS} significant digits whose leading digit's decimal exponent is from
     * {@link Limits#MIN_NUMBER_EXPONENT} to {@link Limits#MAX_NUMBER_EXPONENT}, and zero. A {@code BigDecimal} or
     * {@code BigInteger} whose unscaled value has more than {@link Limits#MAX_NUMBER_CHARS} digits is refused before
     * any arithmetic.
     */
    public static Number number(String field, Number n) {
        return numberAt(field, n);
    }

    /** {@link #number} with the field's name rendered ({@code String.valueOf(where)}) only when refusing. */
    private static Number numberAt(Object where, Number n) {
        BigDecimal d;
        if (n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte) {
            return n.longValue();
        } else if (n instanceof Double || n instanceof Float) {
            double v = n.doubleValue();
            if (!Double.isFinite(v)) {
                throw new InvalidInputException(String.valueOf(where), n, "numbers must be finite");
            }
            d = BigDecimal.valueOf(v);
        } else if (n instanceof BigDecimal bd) {
            d = bd;
        } else if (n instanceof BigInteger bi) {
            d = new BigDecimal(bi);
        } else {
            return parseNumber(String.valueOf(where), n.toString());
        }
        if (tooManyDigits(d.unscaledValue())) {
            throw new InvalidInputException(
                    String.valueOf(where),
                    "(a number of about " + (long) (d.unscaledValue().bitLength() * LOG10_2) + " digits)",
                    "more than " + Limits.MAX_NUMBER_CHARS + " digits before trailing zeros are removed");
        }
        d = d.signum() == 0 ? BigDecimal.ZERO : d.stripTrailingZeros();
        if (d.precision() > Limits.MAX_NUMBER_DIGITS) {
            throw new InvalidInputException(
                    String.valueOf(where), n, "more than " + Limits.MAX_NUMBER_DIGITS + " significant digits");
        }
        long exponent = (long) d.precision() - d.scale() - 1; // of the leading digit: 1.5e-129 -> -129, 1e125 -> 125
        if (d.signum() != 0 && (exponent < Limits.MIN_NUMBER_EXPONENT || exponent > Limits.MAX_NUMBER_EXPONENT)) {
            throw new InvalidInputException(
                    String.valueOf(where),
                    n,
                    "magnitude out of range (1e" + Limits.MIN_NUMBER_EXPONENT + " to 9.99...e"
                            + Limits.MAX_NUMBER_EXPONENT + " with " + Limits.MAX_NUMBER_DIGITS + " digits)");
        }
        if (d.scale() <= 0) {
            BigInteger i = d.toBigIntegerExact();
            return i.compareTo(LONG_MIN) >= 0 && i.compareTo(LONG_MAX) <= 0 ? (Number) i.longValue() : i;
        }
        return d;
    }

    /**
     * Whether {@code unscaled} has more than {@link Limits#MAX_NUMBER_CHARS} digits, decided from its size alone when
     * that suffices (one linear comparison otherwise): stripping the zeros of a huge value would cost quadratic work.
     * So {@code new BigDecimal(TEN.pow(200), 75)}, worth {@code 1e125} but given with 201 digits, is refused, as its
     * 201-digit JSON text is: the limit is on what is given, before any arithmetic.
     */
    private static boolean tooManyDigits(BigInteger unscaled) {
        int bits = unscaled.bitLength();
        return bits > TOO_MANY_DIGITS.bitLength()
                || bits == TOO_MANY_DIGITS.bitLength() && unscaled.abs().compareTo(TOO_MANY_DIGITS) >= 0;
    }

    /** An unmodifiable map known to be canonical; equal to any map with the same entries. */
    private static final class Canonical extends java.util.AbstractMap<String, Object> {
        static final Canonical EMPTY = new Canonical(new LinkedHashMap<>());
        private final Map<String, Object> entries;

        Canonical(Map<String, Object> entries) {
            this.entries = Collections.unmodifiableMap(entries);
        }

        @Override
        public java.util.Set<Map.Entry<String, Object>> entrySet() {
            return entries.entrySet();
        }

        @Override
        public Object get(Object key) {
            return entries.get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            return entries.containsKey(key);
        }

        @Override
        public int size() {
            return entries.size();
        }
    }

    /**
     * Parses a number as written in JSON or a DynamoDB {@code N} attribute into its canonical form; see
     * {@link #number}. A text longer than {@link Limits#MAX_NUMBER_CHARS} is refused before it is parsed.
     */
    public static Number parseNumber(String field, String text) {
        if (text != null && text.length() > Limits.MAX_NUMBER_CHARS) {
            throw new InvalidInputException(
                    field,
                    "(a number of " + text.length() + " chars)",
                    "longer than " + Limits.MAX_NUMBER_CHARS + " chars");
        }
        if (text != null && isShortInteger(text)) {
            return Long.parseLong(text); // the common case, without BigDecimal arithmetic
        }
        try {
            return number(field, new BigDecimal(text));
        } catch (NumberFormatException e) {
            throw new InvalidInputException(field, text, "not a number");
        }
    }

    /** {@code -?[0-9]{1,18}}: always a {@code long}, already canonical once parsed. */
    private static boolean isShortInteger(String text) {
        int start = text.startsWith("-") ? 1 : 0;
        if (text.length() == start || text.length() - start > 18) {
            return false;
        }
        for (int i = start; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
