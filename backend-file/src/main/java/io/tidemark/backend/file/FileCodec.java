package io.tidemark.backend.file;

import io.tidemark.CorruptedStoreException;
import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.NsRecord;
import io.tidemark.spi.support.Json;
import io.tidemark.watermark.StoredWatermark;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The JSON form of one stored mark or record, with the attribute names of the DynamoDB tables. Anything that
 * does not decode into a valid value, or whose key does not hash to its file name, is a
 * {@link CorruptedStoreException} naming the file: never "nothing stored".
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
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("format", FORMAT);
    o.put("chain_id", k.chainId());
    o.put("pkh", k.publicKeyHash());
    o.put("request", k.requestKind());
    o.put("lvl", m.level());
    o.put("round", m.round());
    o.put("digest", m.digest());
    return Json.write(o) + "\n";
  }

  static StoredWatermark decodeWatermark(Path dir, String name, String text) {
    try {
      Map<?, ?> o = object(text);
      WatermarkKey k = new WatermarkKey(str(o, "chain_id"), str(o, "pkh"), str(o, "request"));
      Watermark m = new Watermark(num(o, "lvl"), Math.toIntExact(num(o, "round")), str(o, "digest"));
      check(fileName(k), name);
      return new StoredWatermark(k, m);
    } catch (RuntimeException e) {
      throw corrupted(dir, name, e);
    }
  }

  static String encode(NsRecord r) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("format", FORMAT);
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
    return Json.write(o) + "\n";
  }

  @SuppressWarnings("unchecked")
  static NsRecord decodeRecord(Path dir, String name, String text) {
    try {
      Map<?, ?> o = object(text);
      LedgerAlias alias = new LedgerAlias(str(o, "ledger_name"), str(o, "branch"));
      if (!alias.toString().equals(str(o, "ledger_alias"))) {
        throw new IllegalArgumentException("ledger_alias does not match ledger_name and branch");
      }
      check(fileName(alias), name);
      return new NsRecord(alias, optStr(o, "commit_address"), optNum(o, "commit_t"), optStr(o, "index_address"),
          optNum(o, "index_t"), optStr(o, "default_context_address"), str(o, "status"), num(o, "updated_at"),
          num(o, "status_v"), (Map<String, Object>) o.get("status_meta"), num(o, "config_v"),
          (Map<String, Object>) o.get("config_meta"));
    } catch (RuntimeException e) {
      throw corrupted(dir, name, e);
    }
  }

  private static Map<?, ?> object(String text) {
    if (!(Json.parse(text) instanceof Map<?, ?> o)) {
      throw new IllegalArgumentException("not a JSON object");
    }
    if (num(o, "format") != FORMAT) {
      throw new IllegalArgumentException("unknown format " + o.get("format") + " (this version reads " + FORMAT + ")");
    }
    return o;
  }

  private static void check(String expected, String name) {
    if (!expected.equals(name)) {
      throw new IllegalArgumentException("the key inside belongs in " + expected + FileNames.DATA);
    }
  }

  private static String str(Map<?, ?> o, String k) {
    if (!(o.get(k) instanceof String s)) {
      throw new IllegalArgumentException("'" + k + "' is missing or not a string");
    }
    return s;
  }

  private static long num(Map<?, ?> o, String k) {
    if (!(o.get(k) instanceof Long n)) {
      throw new IllegalArgumentException("'" + k + "' is missing or not a whole number");
    }
    return n;
  }

  private static Optional<String> optStr(Map<?, ?> o, String k) {
    return o.containsKey(k) ? Optional.of(str(o, k)) : Optional.empty();
  }

  private static OptionalLong optNum(Map<?, ?> o, String k) {
    return o.containsKey(k) ? OptionalLong.of(num(o, k)) : OptionalLong.empty();
  }

  private static CorruptedStoreException corrupted(Path dir, String name, RuntimeException e) {
    return new CorruptedStoreException("file " + dir.resolve(name + FileNames.DATA) + " cannot be read (" + e.getMessage()
        + "); it was left as it is: restore it from a backup or remove it deliberately", e);
  }
}
