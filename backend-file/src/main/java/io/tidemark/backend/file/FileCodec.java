package io.tidemark.backend.file;

import io.tidemark.CorruptedStoreException;
import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.NsRecord;
import io.tidemark.spi.support.Json;
import io.tidemark.spi.support.JsonForms;
import io.tidemark.watermark.StoredWatermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.Watermark;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The file form of one stored mark or record: {@link JsonForms} (the DynamoDB attribute names) plus a
 * {@code format} number. Anything that does not decode into a valid value, or whose key does not hash to its file
 * name, is a {@link CorruptedStoreException} naming the file: never "nothing stored".
 */
final class FileCodec {
  static final int FORMAT = 1;

  private FileCodec() {}

  static String fileName(WatermarkKey k) {
    return FileNames.of(k.chainId(), k.publicKeyHash(), k.requestKind());
  }

  static String fileName(LedgerAlias a) {
    return FileNames.of(a.name(), a.branch());
  }

  static String encode(WatermarkKey k, Watermark m) {
    return write(JsonForms.of(k, m));
  }

  static String encode(NsRecord r) {
    return write(JsonForms.of(r));
  }

  private static String write(Map<String, Object> body) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("format", FORMAT);
    o.putAll(body);
    return Json.write(o) + "\n";
  }

  static StoredWatermark decodeWatermark(Path dir, String name, String text) {
    try {
      StoredWatermark w = JsonForms.storedWatermark(object(text));
      check(fileName(w.key()), name);
      return w;
    } catch (RuntimeException e) {
      throw corrupted(dir, name, e);
    }
  }

  static NsRecord decodeRecord(Path dir, String name, String text) {
    try {
      NsRecord r = JsonForms.nsRecord(object(text));
      check(fileName(r.alias()), name);
      return r;
    } catch (RuntimeException e) {
      throw corrupted(dir, name, e);
    }
  }

  private static Map<?, ?> object(String text) {
    if (!(Json.parse(text) instanceof Map<?, ?> o)) {
      throw new IllegalArgumentException("not a JSON object");
    }
    if (JsonForms.num(o, "format") != FORMAT) {
      throw new IllegalArgumentException("unknown format " + io.tidemark.Names.quote(o.get("format")) + " (this version reads " + FORMAT + ")");
    }
    return o;
  }

  private static void check(String expected, String name) {
    if (!expected.equals(name)) {
      throw new IllegalArgumentException("the key inside belongs in " + expected + FileNames.DATA);
    }
  }

  private static CorruptedStoreException corrupted(Path dir, String name, RuntimeException e) {
    return new CorruptedStoreException("file " + dir.resolve(name + FileNames.DATA) + " cannot be read (" + e.getMessage()
        + "); it was left as it is: restore it from a backup or remove it deliberately", e);
  }
}
