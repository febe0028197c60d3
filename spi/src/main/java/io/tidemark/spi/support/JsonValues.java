package io.tidemark.spi.support;

import io.tidemark.InvalidInputException;
import io.tidemark.Limits;
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
  /** Bits of the largest unscaled value with {@link Limits#MAX_NUMBER_CHARS} digits. */
  private static final int MAX_UNSCALED_BITS = BigInteger.TEN.pow(Limits.MAX_NUMBER_CHARS).bitLength();

  private JsonValues() {}

  /**
   * Checks and copies a meta map into its canonical immutable form.
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
    Map<String, Object> result = (Map<String, Object>) canonical(field, map, 0);
    int bytes = Json.write(result).getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
    if (bytes > Limits.MAX_META_BYTES) {
      throw new InvalidInputException(field, "(" + bytes + " bytes of JSON)", "larger than " + Limits.MAX_META_BYTES + " bytes");
    }
    return result;
  }

  /** The canonical form of one value; see the class comment. */
  public static Object canonical(String field, Object value, int depth) {
    if (depth > Limits.MAX_META_DEPTH) {
      throw new InvalidInputException(field, "(nested value)", "nested deeper than " + Limits.MAX_META_DEPTH);
    }
    if (value instanceof String s) {
      return Validate.unicode(field, s);
    }
    if (value instanceof Boolean b) {
      return b;
    }
    if (value instanceof Number n) {
      return number(field, n);
    }
    if (value instanceof Map<?, ?> m) {
      Map<String, Object> copy = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        if (!(e.getKey() instanceof String k) || k.isEmpty()) {
          throw new InvalidInputException(field, e.getKey(), "map keys must be non-empty strings");
        }
        Validate.unicode(field, k);
        copy.put(k, canonical(field + "." + Names.escape(k), e.getValue(), depth + 1));
      }
      return new Canonical(copy);
    }
    if (value instanceof List<?> l) {
      List<Object> copy = new ArrayList<>(l.size());
      for (int i = 0; i < l.size(); i++) {
        copy.add(canonical(field + "[" + i + "]", l.get(i), depth + 1));
      }
      return Collections.unmodifiableList(copy);
    }
    if (value == null) {
      throw new InvalidInputException(field, null, "null is not allowed in meta maps");
    }
    throw new InvalidInputException(field, value, "not JSON-like (" + value.getClass().getName()
        + "); use String, Number, Boolean, List or Map");
  }

  /**
   * The canonical number (see the class comment) or an {@link InvalidInputException}. Accepted: finite numbers of
   * at most {@link Limits#MAX_NUMBER_DIGITS} significant digits whose leading digit's decimal exponent is from
   * {@link Limits#MIN_NUMBER_EXPONENT} to {@link Limits#MAX_NUMBER_EXPONENT}, and zero. A {@code BigDecimal} or
   * {@code BigInteger} whose unscaled value has more than {@link Limits#MAX_NUMBER_CHARS} digits is refused before
   * any arithmetic.
   */
  public static Number number(String field, Number n) {
    BigDecimal d;
    if (n instanceof Long || n instanceof Integer || n instanceof Short || n instanceof Byte) {
      return n.longValue();
    } else if (n instanceof Double || n instanceof Float) {
      double v = n.doubleValue();
      if (!Double.isFinite(v)) {
        throw new InvalidInputException(field, n, "numbers must be finite");
      }
      d = BigDecimal.valueOf(v);
    } else if (n instanceof BigDecimal bd) {
      d = bd;
    } else if (n instanceof BigInteger bi) {
      d = new BigDecimal(bi);
    } else {
      return parseNumber(field, n.toString());
    }
    if (d.unscaledValue().bitLength() > MAX_UNSCALED_BITS) {
      throw new InvalidInputException(field, "(a number of about " + (long) (d.unscaledValue().bitLength() * LOG10_2)
          + " digits)", "more than " + Limits.MAX_NUMBER_CHARS + " digits before trailing zeros are removed");
    }
    d = d.signum() == 0 ? BigDecimal.ZERO : d.stripTrailingZeros();
    if (d.precision() > Limits.MAX_NUMBER_DIGITS) {
      throw new InvalidInputException(field, n, "more than " + Limits.MAX_NUMBER_DIGITS + " significant digits");
    }
    long exponent = (long) d.precision() - d.scale() - 1; // of the leading digit: 1.5e-129 -> -129, 1e125 -> 125
    if (d.signum() != 0 && (exponent < Limits.MIN_NUMBER_EXPONENT || exponent > Limits.MAX_NUMBER_EXPONENT)) {
      throw new InvalidInputException(field, n, "magnitude out of range (1e" + Limits.MIN_NUMBER_EXPONENT
          + " to 9.99...e" + Limits.MAX_NUMBER_EXPONENT + " with " + Limits.MAX_NUMBER_DIGITS + " digits)");
    }
    if (d.scale() <= 0) {
      BigInteger i = d.toBigIntegerExact();
      return i.compareTo(LONG_MIN) >= 0 && i.compareTo(LONG_MAX) <= 0 ? (Number) i.longValue() : i;
    }
    return d;
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
      throw new InvalidInputException(field, "(a number of " + text.length() + " chars)", "longer than "
          + Limits.MAX_NUMBER_CHARS + " chars");
    }
    try {
      return number(field, new BigDecimal(text));
    } catch (NumberFormatException e) {
      throw new InvalidInputException(field, text, "not a number");
    }
  }
}
