package io.tidemark.tools;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonToken;
import io.tidemark.InvalidInputException;
import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.NsRecord;
import io.tidemark.publisher.Publisher;
import io.tidemark.watermark.StoredWatermark;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The Tidemark interchange document (format version {@value #FORMAT_VERSION}): a neutral JSON file holding a
 * store's signer marks and nameservice records, like the EIP-3076 slashing-protection interchange format for
 * Ethereum validators. Documented in {@code docs/interchange.md}, shaped by {@code docs/interchange.schema.json}:
 *
 * <pre>{@code
 * {"metadata": {"interchange_format_version": 1, "exported_at": "2026-01-02T03:04:05Z", "source": "file:/var/x"},
 *  "watermarks": [{"chain_id": "NetX", "pkh": "tz1...", "kind": "block", "level": 5, "round": 0, "digest": "vh..."}],
 *  "records": [{"ledger_alias": "db:main", "commit_address": "c", "commit_t": 9, "status": "ready",
 *               "updated_at": 1700000000, "status_v": 1, "status_meta": {}, "config_v": 0, "config_meta": {}}]}
 * }</pre>
 *
 * <p>{@link #export} writes one in constant memory, streaming each store's {@code list()} and {@code allRecords()}
 * (both closed); {@link Import} reads one (streaming, bounded) and merges it through the contract operations.
 */
public final class Interchange {
    /** The format version this class writes and reads. */
    public static final int FORMAT_VERSION = 1;
    /** Longest {@code metadata.source}, in chars. */
    public static final int MAX_SOURCE = 1024;

    static final String METADATA = "metadata";
    static final String VERSION = "interchange_format_version";
    static final String EXPORTED_AT = "exported_at";
    static final String SOURCE = "source";
    static final String WATERMARKS = "watermarks";
    static final String RECORDS = "records";
    static final String CHAIN_ID = "chain_id";
    static final String PKH = "pkh";
    static final String KIND = "kind";
    static final String LEVEL = "level";
    static final String ROUND = "round";
    static final String DIGEST = "digest";
    static final String LEDGER_ALIAS = "ledger_alias";
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

    /** {@code exported_at}: an ISO-8601 UTC instant with {@code Z}, as {@link Instant#toString()} writes it. */
    static final Pattern INSTANT =
            Pattern.compile("[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?Z");

    private static final List<String> MARK_FIELDS = List.of(CHAIN_ID, PKH, KIND, LEVEL, ROUND, DIGEST);
    private static final List<String> RECORD_REQUIRED =
            List.of(LEDGER_ALIAS, STATUS, UPDATED_AT, STATUS_V, STATUS_META, CONFIG_V, CONFIG_META);

    private Interchange() {}

    /**
     * What an export wrote.
     *
     * @param marks marks written
     * @param records records written
     */
    public record Exported(int marks, int records) {}

    /**
     * Writes the document of {@code marks} and {@code records} (either may be absent: its array is empty) to
     * {@code out} in constant memory, streaming each store (its stream is closed) item by item. {@code out} is flushed,
     * not closed. The export is not a snapshot: it reads each key when it reaches it, so while signers or publishers
     * run, marks of different keys may be from different moments (each is a value the store really held).
     *
     * @param source what was exported, for {@code metadata.source} (at most {@link #MAX_SOURCE} chars; cut)
     * @param exportedAt {@code metadata.exported_at}
     * @throws UncheckedIOException if {@code out} fails
     */
    public static Exported export(
            Optional<WatermarkStore> marks,
            Optional<Publisher> records,
            Writer out,
            String source,
            Instant exportedAt) {
        Objects.requireNonNull(out, "out");
        String src = source.length() > MAX_SOURCE ? source.substring(0, MAX_SOURCE) : source;
        try (JsonGenerator g = new JsonFactory().createGenerator(out)) {
            g.useDefaultPrettyPrinter();
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.writeStartObject();
            g.writeObjectFieldStart(METADATA);
            g.writeNumberField(VERSION, FORMAT_VERSION);
            g.writeStringField(EXPORTED_AT, exportedAt.toString());
            g.writeStringField(SOURCE, src);
            g.writeEndObject();
            int m = 0;
            g.writeArrayFieldStart(WATERMARKS);
            if (marks.isPresent()) {
                try (Stream<StoredWatermark> all = marks.get().list()) {
                    for (Iterator<StoredWatermark> it = all.iterator(); it.hasNext(); m++) {
                        writeMark(g, it.next());
                    }
                }
            }
            g.writeEndArray();
            int r = 0;
            g.writeArrayFieldStart(RECORDS);
            if (records.isPresent()) {
                try (Stream<NsRecord> all = records.get().allRecords()) {
                    for (Iterator<NsRecord> it = all.iterator(); it.hasNext(); r++) {
                        writeRecord(g, it.next());
                    }
                }
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeRaw('\n');
            g.flush();
            return new Exported(m, r);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the interchange document: " + e.getMessage(), e);
        }
    }

    private static void writeMark(JsonGenerator g, StoredWatermark w) throws IOException {
        g.writeStartObject();
        g.writeStringField(CHAIN_ID, w.key().chainId());
        g.writeStringField(PKH, w.key().publicKeyHash());
        g.writeStringField(KIND, w.key().requestKind());
        g.writeNumberField(LEVEL, w.mark().level());
        g.writeNumberField(ROUND, w.mark().round());
        g.writeStringField(DIGEST, w.mark().digest());
        g.writeEndObject();
    }

    private static void writeRecord(JsonGenerator g, NsRecord r) throws IOException {
        g.writeStartObject();
        g.writeStringField(LEDGER_ALIAS, r.alias().toString());
        if (r.commitT().isPresent()) {
            g.writeStringField(COMMIT_ADDRESS, r.commitAddress().get());
            g.writeNumberField(COMMIT_T, r.commitT().getAsLong());
        }
        if (r.indexT().isPresent()) {
            g.writeStringField(INDEX_ADDRESS, r.indexAddress().get());
            g.writeNumberField(INDEX_T, r.indexT().getAsLong());
        }
        if (r.defaultContextAddress().isPresent()) {
            g.writeStringField(
                    DEFAULT_CONTEXT_ADDRESS, r.defaultContextAddress().get());
        }
        g.writeStringField(STATUS, r.status());
        g.writeNumberField(UPDATED_AT, r.updatedAt());
        g.writeNumberField(STATUS_V, r.statusV());
        g.writeFieldName(STATUS_META);
        writeValue(g, r.statusMeta());
        g.writeNumberField(CONFIG_V, r.configV());
        g.writeFieldName(CONFIG_META);
        writeValue(g, r.configMeta());
        g.writeEndObject();
    }

    /** A canonical JSON-like value ({@link io.tidemark.spi.support.JsonValues}). */
    private static void writeValue(JsonGenerator g, Object v) throws IOException {
        if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof BigDecimal d) {
            g.writeNumber(d);
        } else if (v instanceof BigInteger i) {
            g.writeNumber(i);
        } else if (v instanceof Number n) {
            g.writeNumber(n.longValue());
        } else if (v instanceof List<?> l) {
            g.writeStartArray();
            for (Object x : l) {
                writeValue(g, x);
            }
            g.writeEndArray();
        } else {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
                g.writeFieldName((String) e.getKey());
                writeValue(g, e.getValue());
            }
            g.writeEndObject();
        }
    }

    /** The document at {@code file} as a source of at most {@code maxBytes}. */
    static Source source(Path file, long maxBytes) {
        return new Source() {
            @Override
            public void read(Sink sink) {
                try (JsonInput in = JsonInput.open(file, "", maxBytes)) {
                    readDocument(in, sink);
                }
            }

            @Override
            public String describe() {
                return file.toString();
            }
        };
    }

    /** Reads a whole document from {@code in}, handing each item to {@code sink}; see {@code docs/interchange.md}. */
    static void readDocument(JsonInput in, Sink sink) {
        in.expectNext(JsonToken.START_OBJECT, "an object (the interchange document)");
        Set<String> seen = new HashSet<>();
        while (in.next() == JsonToken.FIELD_NAME) {
            String name = in.name();
            seen.add(name);
            in.next();
            switch (name) {
                case METADATA -> readMetadata(in);
                case WATERMARKS -> readArray(in, () -> sink.mark(readMark(in)));
                case RECORDS -> readArray(in, () -> sink.record(readRecord(in)));
                default -> throw in.fail(name, "is not a member of the document (metadata, watermarks, records)");
            }
        }
        for (String required : List.of(METADATA, WATERMARKS, RECORDS)) {
            if (!seen.contains(required)) {
                throw in.fail(null, "the document has no '" + required + "'");
            }
        }
        in.expectEnd();
    }

    private static void readArray(JsonInput in, Runnable item) {
        if (in.current() != JsonToken.START_ARRAY) {
            throw in.fail(null, "must be an array");
        }
        while (in.next() != JsonToken.END_ARRAY) {
            if (in.current() != JsonToken.START_OBJECT) {
                throw in.fail(null, "must be an object");
            }
            item.run();
        }
    }

    private static void readMetadata(JsonInput in) {
        if (in.current() != JsonToken.START_OBJECT) {
            throw in.fail(null, "must be an object");
        }
        Set<String> seen = new HashSet<>();
        while (in.next() == JsonToken.FIELD_NAME) {
            String name = in.name();
            seen.add(name);
            in.next();
            switch (name) {
                case VERSION -> {
                    long v = in.integer(0, Integer.MAX_VALUE);
                    if (v != FORMAT_VERSION) {
                        throw in.fail(
                                v, "unsupported interchange format version; this Tidemark reads " + FORMAT_VERSION);
                    }
                }
                case EXPORTED_AT -> {
                    String at = in.string();
                    try {
                        if (!INSTANT.matcher(at).matches()) {
                            throw new DateTimeParseException("not yyyy-mm-ddThh:mm:ss[.f]Z", at, 0);
                        }
                        Instant.parse(at);
                    } catch (DateTimeParseException e) {
                        throw in.fail(at, "must be an ISO-8601 UTC instant such as 2026-01-02T03:04:05Z");
                    }
                }
                case SOURCE -> {
                    String s = in.string();
                    if (s.length() > MAX_SOURCE) {
                        throw in.fail(s, "longer than " + MAX_SOURCE + " chars");
                    }
                }
                default -> throw in.fail(name, "is not a member of metadata");
            }
        }
        for (String required : List.of(VERSION, EXPORTED_AT, SOURCE)) {
            if (!seen.contains(required)) {
                throw in.fail(null, "metadata has no '" + required + "'");
            }
        }
    }

    private static StoredWatermark readMark(JsonInput in) {
        String chain = null;
        String pkh = null;
        String kind = null;
        String digest = null;
        long level = -1;
        long round = -1;
        while (in.next() == JsonToken.FIELD_NAME) {
            String name = in.name();
            in.next();
            switch (name) {
                case CHAIN_ID -> chain = in.string();
                case PKH -> pkh = in.string();
                case KIND -> kind = in.string();
                case DIGEST -> digest = in.string();
                case LEVEL -> level = in.integer(0, Long.MAX_VALUE);
                case ROUND -> round = in.integer(0, Integer.MAX_VALUE);
                default -> throw in.fail(name, "is not a member of a watermark " + MARK_FIELDS);
            }
        }
        if (chain == null || pkh == null || kind == null || digest == null || level < 0 || round < 0) {
            throw in.fail(null, "a watermark needs every one of " + MARK_FIELDS);
        }
        String c = chain;
        String p = pkh;
        String k = kind;
        String d = digest;
        long l = level;
        int r = (int) round;
        return in.checked(() -> new StoredWatermark(new WatermarkKey(c, p, k), new Watermark(l, r, d)));
    }

    private static NsRecord readRecord(JsonInput in) {
        String alias = null;
        String commitAddress = null;
        String indexAddress = null;
        String context = null;
        String status = null;
        Map<String, Object> statusMeta = null;
        Map<String, Object> configMeta = null;
        long commitT = -1;
        long indexT = -1;
        long updatedAt = -1;
        long statusV = -1;
        long configV = -1;
        while (in.next() == JsonToken.FIELD_NAME) {
            String name = in.name();
            in.next();
            switch (name) {
                case LEDGER_ALIAS -> alias = in.string();
                case COMMIT_ADDRESS -> commitAddress = in.string();
                case COMMIT_T -> commitT = in.integer(0, Long.MAX_VALUE);
                case INDEX_ADDRESS -> indexAddress = in.string();
                case INDEX_T -> indexT = in.integer(0, Long.MAX_VALUE);
                case DEFAULT_CONTEXT_ADDRESS -> context = in.string();
                case STATUS -> status = in.string();
                case UPDATED_AT -> updatedAt = in.integer(0, Long.MAX_VALUE);
                case STATUS_V -> statusV = in.integer(0, Long.MAX_VALUE);
                case CONFIG_V -> configV = in.integer(0, Long.MAX_VALUE);
                case STATUS_META -> statusMeta = in.object();
                case CONFIG_META -> configMeta = in.object();
                default -> throw in.fail(name, "is not a member of a record");
            }
        }
        if (alias == null
                || status == null
                || updatedAt < 0
                || statusV < 0
                || configV < 0
                || statusMeta == null
                || configMeta == null) {
            throw in.fail(null, "a record needs every one of " + RECORD_REQUIRED);
        }
        if ((commitAddress == null) != (commitT < 0)) {
            throw in.fail(null, "commit_address and commit_t must be present together");
        }
        if ((indexAddress == null) != (indexT < 0)) {
            throw in.fail(null, "index_address and index_t must be present together");
        }
        String a = alias;
        Optional<String> ca = Optional.ofNullable(commitAddress);
        OptionalLong ct = commitT < 0 ? OptionalLong.empty() : OptionalLong.of(commitT);
        Optional<String> ia = Optional.ofNullable(indexAddress);
        OptionalLong it = indexT < 0 ? OptionalLong.empty() : OptionalLong.of(indexT);
        Optional<String> dc = Optional.ofNullable(context);
        String st = status;
        long up = updatedAt;
        long sv = statusV;
        long cv = configV;
        Map<String, Object> sm = statusMeta;
        Map<String, Object> cm = configMeta;
        return in.checked(() -> {
            LedgerAlias parsed = LedgerAlias.parse(a);
            if (!parsed.toString().equals(a)) {
                throw new InvalidInputException("ledger alias", a, "must be written as name:branch");
            }
            return new NsRecord(parsed, ca, ct, ia, it, dc, st, up, sv, sm, cv, cm);
        });
    }
}
