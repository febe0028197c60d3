package io.tidemark.backend.dynamodb;

import io.tidemark.CorruptedStoreException;
import io.tidemark.Names;
import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.NsRecord;
import io.tidemark.spi.support.JsonValues;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.UUID;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The attribute names and types of both tables, exactly as the source guides give them, and the conversions
 * between items and values. An item that cannot be read is a {@link CorruptedStoreException} naming its key.
 */
final class Items {
    // Nameservice table (hash key ledger_alias).
    static final String LEDGER_ALIAS = "ledger_alias";
    static final String LEDGER_NAME = "ledger_name";
    static final String BRANCH = "branch";
    static final String COMMIT_ADDRESS = "commit_address";
    static final String COMMIT_T = "commit_t";
    static final String INDEX_ADDRESS = "index_address";
    static final String INDEX_T = "index_t";
    static final String DEFAULT_CONTEXT_ADDRESS = "default_context_address";
    static final String STATUS = "status";
    static final String UPDATED_AT = "updated_at";
    static final String STATUS_V = "status_v";
    static final String STATUS_META = "status_meta";
    static final String CONFIG_V = "config_v";
    static final String CONFIG_META = "config_meta";
    /**
     * Not in the guide: the random token of the last retract or compare-and-set that Tidemark applied to the item
     * (S). It lets a write whose reply was lost recognise its own effect; other tools ignore it.
     */
    static final String REQ = "tidemark_req";
    // Watermark table (hash key idx, range key request).
    static final String IDX = "idx";
    static final String REQUEST = "request";
    static final String LVL = "lvl";
    static final String ROUND = "round";
    static final String DIGEST = "digest";

    private Items() {}

    static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    static AttributeValue n(long v) {
        return AttributeValue.fromN(Long.toString(v));
    }

    /** A fresh random request token for {@link #REQ}. */
    static String newToken() {
        return UUID.randomUUID().toString();
    }

    /** Whether {@code item} carries {@code token} in {@link #REQ}. */
    static boolean hasToken(Map<String, AttributeValue> item, String token) {
        AttributeValue a = item == null ? null : item.get(REQ);
        return a != null && token.equals(a.s());
    }

    static Map<String, AttributeValue> key(LedgerAlias alias) {
        return Map.of(LEDGER_ALIAS, s(alias.toString()));
    }

    /** The watermark table's key: {@link #IDX} = {@link #idx}, {@link #REQUEST} = the kind. */
    static Map<String, AttributeValue> key(WatermarkKey key) {
        return Map.of(IDX, s(idx(key)), REQUEST, s(key.requestKind()));
    }

    /**
     * {@code <chainId>/<publicKeyHash>}: the partition key of the watermark table. A chain id never contains {@code /}
     * ({@link WatermarkKey} refuses it), so the first {@code /} splits it back ({@link #watermarkKey}).
     */
    static String idx(WatermarkKey key) {
        return key.chainId() + "/" + key.publicKeyHash();
    }

    /** A JSON-like value as an attribute: S, N, BOOL, L or M. */
    static AttributeValue value(Object v) {
        if (v instanceof String str) {
            return AttributeValue.fromS(str);
        }
        if (v instanceof Boolean b) {
            return AttributeValue.fromBool(b);
        }
        if (v instanceof BigDecimal d) {
            return AttributeValue.fromN(d.toPlainString());
        }
        if (v instanceof Number num) {
            return AttributeValue.fromN(num.toString());
        }
        if (v instanceof List<?> l) {
            List<AttributeValue> out = new ArrayList<>(l.size());
            l.forEach(x -> out.add(value(x)));
            return AttributeValue.fromL(out);
        }
        Map<String, AttributeValue> out = new LinkedHashMap<>();
        ((Map<?, ?>) v).forEach((k, x) -> out.put((String) k, value(x)));
        return AttributeValue.fromM(out);
    }

    /** An attribute as a JSON-like value (see {@link JsonValues}). */
    static Object json(String where, AttributeValue a) {
        switch (a.type()) {
            case S:
                return a.s();
            case N:
                return JsonValues.parseNumber(where, a.n());
            case BOOL:
                return a.bool();
            case L: {
                List<Object> out = new ArrayList<>();
                a.l().forEach(x -> out.add(json(where, x)));
                return out;
            }
            case M: {
                Map<String, Object> out = new LinkedHashMap<>();
                a.m().forEach((k, x) -> out.put(k, json(where + "." + k, x)));
                return out;
            }
            default:
                throw new IllegalArgumentException(
                        where + " has DynamoDB type " + a.type() + ", not a JSON-like value");
        }
    }

    /** Decodes a nameservice item, applying the documented defaults for attributes written by other tools. */
    @SuppressWarnings("unchecked")
    static NsRecord record(String table, Map<String, AttributeValue> item) {
        try {
            String key = str(item, LEDGER_ALIAS);
            LedgerAlias alias = item.containsKey(LEDGER_NAME) && item.containsKey(BRANCH)
                    ? new LedgerAlias(str(item, LEDGER_NAME), str(item, BRANCH))
                    : LedgerAlias.parse(key);
            if (!alias.toString().equals(key)) {
                throw new IllegalArgumentException("ledger_name and branch do not match ledger_alias");
            }
            return new NsRecord(
                    alias,
                    optStr(item, COMMIT_ADDRESS),
                    optNum(item, COMMIT_T),
                    optStr(item, INDEX_ADDRESS),
                    optNum(item, INDEX_T),
                    optStr(item, DEFAULT_CONTEXT_ADDRESS),
                    optStr(item, STATUS).orElse(NsRecord.READY),
                    optNum(item, UPDATED_AT).orElse(0),
                    optNum(item, STATUS_V).orElse(1),
                    metaOf(item, STATUS_META),
                    optNum(item, CONFIG_V).orElse(0),
                    metaOf(item, CONFIG_META));
        } catch (RuntimeException e) {
            throw new CorruptedStoreException(
                    "item " + name(item, LEDGER_ALIAS) + " of table '" + table + "' cannot be read: " + e.getMessage(),
                    e);
        }
    }

    static Optional<NsRecord> recordIfAny(String table, Map<String, AttributeValue> item) {
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(record(table, item));
    }

    /**
     * Decodes a watermark item's mark. The digest is read in every shape the Tezos signer's own DynamoDB backend
     * writes (its {@code digest} field is a {@code *tz.BlockPayloadHash} marshalled by the Go SDK's
     * {@code attributevalue.MarshalMap}): {@code B} with the 32 hash bytes, read as the signer's text form
     * ({@link PayloadHash}); {@code NULL} (the marshaller's form of a nil pointer), read as
     * {@link Watermark#NO_DIGEST}; and {@code S}, the guide's and Tidemark's own form, read as is. A missing digest,
     * binary of another length, or any other type is a corrupted item.
     */
    static Watermark mark(String table, Map<String, AttributeValue> item) {
        try {
            return new Watermark(num(item, LVL), Math.toIntExact(num(item, ROUND)), digest(item));
        } catch (RuntimeException e) {
            throw new CorruptedStoreException(
                    "item " + name(item, IDX, REQUEST) + " of table '" + table + "' cannot be read: " + e.getMessage(),
                    e);
        }
    }

    /** The digest of a watermark item; see {@link #mark}. */
    private static String digest(Map<String, AttributeValue> item) {
        AttributeValue a = item.get(DIGEST);
        if (a == null) {
            throw new IllegalArgumentException("'" + DIGEST + "' is missing");
        }
        switch (a.type()) {
            case S:
                return a.s();
            case B:
                byte[] hash = a.b().asByteArray();
                if (hash.length != PayloadHash.LENGTH) {
                    throw new IllegalArgumentException("'" + DIGEST + "' is binary (B) of " + hash.length
                            + " bytes, not a " + PayloadHash.LENGTH + "-byte block payload hash");
                }
                return PayloadHash.text(hash);
            case NUL:
                return Watermark.NO_DIGEST;
            default:
                throw new IllegalArgumentException(
                        "'" + DIGEST + "' has DynamoDB type " + a.type() + ", not S, B (32 bytes) or NULL");
        }
    }

    static Optional<Watermark> markIfAny(String table, Map<String, AttributeValue> item) {
        return item == null || item.isEmpty() ? Optional.empty() : Optional.of(mark(table, item));
    }

    /** Decodes a watermark item's key: {@link #idx} split at its first {@code /}, and the kind. */
    static WatermarkKey watermarkKey(String table, Map<String, AttributeValue> item) {
        try {
            String idx = str(item, IDX);
            int slash = idx.indexOf('/');
            if (slash < 0) {
                throw new IllegalArgumentException("'" + IDX + "' is not <chainId>/<publicKeyHash>");
            }
            return new WatermarkKey(idx.substring(0, slash), idx.substring(slash + 1), str(item, REQUEST));
        } catch (RuntimeException e) {
            throw new CorruptedStoreException(
                    "item " + name(item, IDX, REQUEST) + " of table '" + table + "' has an unreadable key: "
                            + e.getMessage(),
                    e);
        }
    }

    /** The item's key attributes for messages: {@code idx='a' request='b'}, or what is wrong with one; one line. */
    static String name(Map<String, AttributeValue> item, String... keys) {
        StringBuilder b = new StringBuilder();
        for (String k : keys) {
            AttributeValue a = item.get(k);
            b.append(b.length() == 0 ? "" : " ")
                    .append(k)
                    .append(a == null ? " (missing)" : a.s() == null ? " (not a string)" : "=" + Names.quote(a.s()));
        }
        return b.toString();
    }

    private static String str(Map<String, AttributeValue> item, String name) {
        AttributeValue a = item.get(name);
        if (a == null || a.s() == null) {
            throw new IllegalArgumentException("'" + name + "' is missing or not a string (S)");
        }
        return a.s();
    }

    private static long num(Map<String, AttributeValue> item, String name) {
        AttributeValue a = item.get(name);
        if (a == null || a.n() == null) {
            throw new IllegalArgumentException("'" + name + "' is missing or not a number (N)");
        }
        return Long.parseLong(a.n());
    }

    private static Optional<String> optStr(Map<String, AttributeValue> item, String name) {
        return item.containsKey(name) ? Optional.of(str(item, name)) : Optional.empty();
    }

    private static OptionalLong optNum(Map<String, AttributeValue> item, String name) {
        return item.containsKey(name) ? OptionalLong.of(num(item, name)) : OptionalLong.empty();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> metaOf(Map<String, AttributeValue> item, String name) {
        AttributeValue a = item.get(name);
        if (a == null) {
            return Map.of();
        }
        if (a.type() != AttributeValue.Type.M) {
            throw new IllegalArgumentException("'" + name + "' is not a map (M)");
        }
        return (Map<String, Object>) json(name, a);
    }
}
