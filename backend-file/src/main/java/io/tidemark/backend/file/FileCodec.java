package io.tidemark.backend.file;

import io.tidemark.CorruptedStoreException;
import io.tidemark.Names;
import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.NsRecord;
import io.tidemark.watermark.StoredWatermark;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The file form of one stored mark or record: one flat JSON object ({@link FileJson}), a {@code format} number
 * first, then the fields below in this order (the names are those of the DynamoDB tables, so that files and items
 * read alike). Absent heads are absent members; members not named here are read and ignored. Anything that does not
 * decode into a valid value, or whose key does not hash to its file name, is a {@link CorruptedStoreException}
 * naming the file: never "nothing stored".
 * <pre>
 * {"format":1,"chain_id":"NetX","pkh":"tz1..","request":"block","lvl":41,"round":3,"digest":"vh.."}
 * {"format":1,"ledger_alias":"db:main","ledger_name":"db","branch":"main","commit_address":"..","commit_t":7,
 *  "index_address":"..","index_t":5,"default_context_address":"..","status":"ready","updated_at":1712345678,
 *  "status_v":1,"status_meta":{},"config_v":0,"config_meta":{}}
 * </pre>
 */
final class FileCodec {
    static final int FORMAT = 1;
    private static final String FORMAT_FIELD = "format";
    private static final String CHAIN_ID = "chain_id";
    private static final String PKH = "pkh";
    private static final String REQUEST = "request";
    private static final String LEVEL = "lvl";
    private static final String ROUND = "round";
    private static final String DIGEST = "digest";
    private static final String LEDGER_ALIAS = "ledger_alias";
    private static final String LEDGER_NAME = "ledger_name";
    private static final String BRANCH = "branch";
    private static final String COMMIT_ADDRESS = "commit_address";
    private static final String COMMIT_T = "commit_t";
    private static final String INDEX_ADDRESS = "index_address";
    private static final String INDEX_T = "index_t";
    private static final String DEFAULT_CONTEXT_ADDRESS = "default_context_address";
    private static final String STATUS = "status";
    private static final String UPDATED_AT = "updated_at";
    private static final String STATUS_V = "status_v";
    private static final String STATUS_META = "status_meta";
    private static final String CONFIG_V = "config_v";
    private static final String CONFIG_META = "config_meta";

    private FileCodec() {}

    static String fileName(WatermarkKey k) {
        return FileNames.of(k.chainId(), k.publicKeyHash(), k.requestKind());
    }

    static String fileName(LedgerAlias a) {
        return FileNames.of(a.name(), a.branch());
    }

    static String encode(WatermarkKey k, Watermark m) {
        Map<String, Object> o = header();
        o.put(CHAIN_ID, k.chainId());
        o.put(PKH, k.publicKeyHash());
        o.put(REQUEST, k.requestKind());
        o.put(LEVEL, m.level());
        o.put(ROUND, m.round());
        o.put(DIGEST, m.digest());
        return FileJson.write(o) + "\n";
    }

    static String encode(NsRecord r) {
        Map<String, Object> o = header();
        o.put(LEDGER_ALIAS, r.alias().toString());
        o.put(LEDGER_NAME, r.ledgerName());
        o.put(BRANCH, r.branch());
        r.commitAddress().ifPresent(a -> o.put(COMMIT_ADDRESS, a));
        r.commitT().ifPresent(t -> o.put(COMMIT_T, t));
        r.indexAddress().ifPresent(a -> o.put(INDEX_ADDRESS, a));
        r.indexT().ifPresent(t -> o.put(INDEX_T, t));
        r.defaultContextAddress().ifPresent(a -> o.put(DEFAULT_CONTEXT_ADDRESS, a));
        o.put(STATUS, r.status());
        o.put(UPDATED_AT, r.updatedAt());
        o.put(STATUS_V, r.statusV());
        o.put(STATUS_META, r.statusMeta());
        o.put(CONFIG_V, r.configV());
        o.put(CONFIG_META, r.configMeta());
        return FileJson.write(o) + "\n";
    }

    private static Map<String, Object> header() {
        Map<String, Object> o = new LinkedHashMap<>();
        o.put(FORMAT_FIELD, FORMAT);
        return o;
    }

    static StoredWatermark decodeWatermark(Path dir, String name, String text) {
        try {
            Map<?, ?> o = object(text);
            StoredWatermark w = new StoredWatermark(
                    new WatermarkKey(str(o, CHAIN_ID), str(o, PKH), str(o, REQUEST)),
                    new Watermark(num(o, LEVEL), Math.toIntExact(num(o, ROUND)), str(o, DIGEST)));
            check(fileName(w.key()), name);
            return w;
        } catch (RuntimeException e) {
            throw corrupted(dir, name, e);
        }
    }

    static NsRecord decodeRecord(Path dir, String name, String text) {
        try {
            Map<?, ?> o = object(text);
            LedgerAlias alias = new LedgerAlias(str(o, LEDGER_NAME), str(o, BRANCH));
            if (!alias.toString().equals(str(o, LEDGER_ALIAS))) {
                throw new IllegalArgumentException(LEDGER_ALIAS + " does not match " + LEDGER_NAME + " and " + BRANCH);
            }
            NsRecord r = new NsRecord(
                    alias,
                    optStr(o, COMMIT_ADDRESS),
                    optNum(o, COMMIT_T),
                    optStr(o, INDEX_ADDRESS),
                    optNum(o, INDEX_T),
                    optStr(o, DEFAULT_CONTEXT_ADDRESS),
                    str(o, STATUS),
                    num(o, UPDATED_AT),
                    num(o, STATUS_V),
                    map(o, STATUS_META),
                    num(o, CONFIG_V),
                    map(o, CONFIG_META));
            check(fileName(r.alias()), name);
            return r;
        } catch (RuntimeException e) {
            throw corrupted(dir, name, e);
        }
    }

    private static Map<?, ?> object(String text) {
        if (!(FileJson.parse(text) instanceof Map<?, ?> o)) {
            throw new IllegalArgumentException("not a JSON object");
        }
        if (num(o, FORMAT_FIELD) != FORMAT) {
            throw new IllegalArgumentException(
                    "unknown format " + Names.quote(o.get(FORMAT_FIELD)) + " (this version reads " + FORMAT + ")");
        }
        return o;
    }

    /** A required string member. */
    private static String str(Map<?, ?> o, String k) {
        if (!(o.get(k) instanceof String s)) {
            throw new IllegalArgumentException("'" + k + "' is missing or not a string");
        }
        return s;
    }

    /** A required whole-number member. */
    private static long num(Map<?, ?> o, String k) {
        if (!(o.get(k) instanceof Long n)) {
            throw new IllegalArgumentException("'" + k + "' is missing or not a whole number");
        }
        return n;
    }

    /** A meta map member, or null (which the record refuses) if it is missing or not an object. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> map(Map<?, ?> o, String k) {
        return o.get(k) instanceof Map<?, ?> m ? (Map<String, Object>) m : null;
    }

    private static Optional<String> optStr(Map<?, ?> o, String k) {
        return o.containsKey(k) ? Optional.of(str(o, k)) : Optional.empty();
    }

    private static OptionalLong optNum(Map<?, ?> o, String k) {
        return o.containsKey(k) ? OptionalLong.of(num(o, k)) : OptionalLong.empty();
    }

    private static void check(String expected, String name) {
        if (!expected.equals(name)) {
            throw new IllegalArgumentException("the key inside belongs in " + expected + FileNames.DATA);
        }
    }

    private static CorruptedStoreException corrupted(Path dir, String name, RuntimeException e) {
        return new CorruptedStoreException(
                "file " + dir.resolve(name + FileNames.DATA) + " cannot be read (" + e.getMessage()
                        + "); it was left as it is: restore it from a backup or remove it deliberately",
                e);
    }
}
