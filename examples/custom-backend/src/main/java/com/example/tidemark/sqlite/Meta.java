package com.example.tidemark.sqlite;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.tidemark.CorruptedStoreException;
import io.tidemark.spi.support.JsonValues;
import java.util.Map;

/**
 * A meta map as JSON text in a {@code TEXT} column, with Jackson. Tidemark hands the backend canonical maps
 * ({@link JsonValues#meta}: whole numbers as {@code Long} or {@code BigInteger}, other numbers as
 * {@code BigDecimal}); reading parses every number exactly (no {@code double}) and makes the map canonical again, so
 * a record reads back equal to the one written, numbers at the edges of Tidemark's range included.
 */
final class Meta {
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();

  private Meta() {}

  /** The JSON text of a canonical meta map. */
  static String write(Map<String, Object> meta) {
    try {
      return JSON.writeValueAsString(meta);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a canonical meta map did not serialise: " + e.getOriginalMessage(), e);
    }
  }

  /** The canonical meta map stored as {@code text} in the column {@code field}. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> read(String field, String text) {
    try {
      return JsonValues.meta(field, JSON.readValue(text, Map.class));
    } catch (JsonProcessingException e) {
      throw new CorruptedStoreException(field + " is not a JSON object in the SQLite store: " + e.getOriginalMessage(),
          e);
    }
  }
}
