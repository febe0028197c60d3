package io.tidemark.spi.support;

import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.NsRecord;
import io.tidemark.watermark.StoredWatermark;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The JSON-object form of marks and records, with the attribute names of the DynamoDB tables
 * ({@code chain_id}, {@code pkh}, {@code request}, {@code lvl}, {@code round}, {@code digest}; {@code ledger_alias},
 * {@code commit_t}, ...). Absent heads are absent keys. The {@code from*} methods throw
 * {@link IllegalArgumentException} (or {@link io.tidemark.InvalidInputException}) on anything else.
 */
public final class JsonForms {
  private JsonForms() {}

  public static Map<String, Object> of(WatermarkKey k) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("chain_id", k.chainId());
    o.put("pkh", k.publicKeyHash());
    o.put("request", k.requestKind());
    return o;
  }

  public static Map<String, Object> of(Watermark m) {
    Map<String, Object> o = new LinkedHashMap<>();
    o.put("lvl", m.level());
    o.put("round", m.round());
    o.put("digest", m.digest());
    return o;
  }

  /** Key and mark in one flat object. */
  public static Map<String, Object> of(WatermarkKey k, Watermark m) {
    Map<String, Object> o = of(k);
    o.putAll(of(m));
    return o;
  }

  public static StoredWatermark storedWatermark(Map<?, ?> o) {
    return new StoredWatermark(new WatermarkKey(str(o, "chain_id"), str(o, "pkh"), str(o, "request")),
        new Watermark(num(o, "lvl"), Math.toIntExact(num(o, "round")), str(o, "digest")));
  }

  public static Map<String, Object> of(NsRecord r) {
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

  @SuppressWarnings("unchecked")
  public static NsRecord nsRecord(Map<?, ?> o) {
    LedgerAlias alias = new LedgerAlias(str(o, "ledger_name"), str(o, "branch"));
    if (!alias.toString().equals(str(o, "ledger_alias"))) {
      throw new IllegalArgumentException("ledger_alias does not match ledger_name and branch");
    }
    return new NsRecord(alias, optStr(o, "commit_address"), optNum(o, "commit_t"), optStr(o, "index_address"),
        optNum(o, "index_t"), optStr(o, "default_context_address"), str(o, "status"), num(o, "updated_at"),
        num(o, "status_v"), (Map<String, Object>) o.get("status_meta"), num(o, "config_v"), (Map<String, Object>) o.get("config_meta"));
  }

  /** A required string member. */
  public static String str(Map<?, ?> o, String k) {
    if (!(o.get(k) instanceof String s)) {
      throw new IllegalArgumentException("'" + k + "' is missing or not a string");
    }
    return s;
  }

  /** A required whole-number member. */
  public static long num(Map<?, ?> o, String k) {
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
}
