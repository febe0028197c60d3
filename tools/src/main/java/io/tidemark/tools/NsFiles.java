package io.tidemark.tools;

import com.fasterxml.jackson.core.JsonToken;
import io.tidemark.InvalidInputException;
import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.NsRecord;
import io.tidemark.spi.support.JsonValues;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The ledger nameservice's file records: {@code ns@v2/<ledger>/<branch>.json} plus the indexer's
 * {@code <branch>.index.json}, in both dialects its implementations write (see the fixtures' README for the source
 * files this follows):
 *
 * <ul>
 *   <li>older ({@code fluree/db} Clojure {@code nameservice/storage.cljc}, and {@code fluree/db-r} before content
 *       ids): {@code @context {"f": "https://ns.flur.ee/ledger#"}}, {@code f:commit {"@id"}}, {@code f:t},
 *       {@code f:index {"@id", "f:t"}}; index file {@code {"f:index": {...}}};
 *   <li>newer ({@code fluree/db-r} {@code fluree-db-nameservice/src/file.rs}): {@code @context {"f":
 *       "https://ns.flur.ee/db#"}}, {@code f:commitCid} (or {@code f:ledgerCommit {"@id"}}), {@code f:t},
 *       {@code f:ledgerIndex {"f:cid" or "@id", "f:t"}}; index file {@code {"f:ledgerIndex": {...}}}.
 * </ul>
 *
 * Both may carry {@code f:status}, {@code f:statusV} (default 1), {@code f:statusMeta}, {@code f:configV} (default
 * 0), {@code f:configMeta}, and a default context as {@code f:defaultContext {"@id"}} or {@code f:defaultContextCid}.
 * Members are found through the file's own {@code @context}: any prefix mapped to either vocabulary, or the full IRI.
 * The index file's head is taken when its {@code t} is equal to or higher than the main file's index t (0 when it has
 * none), as the source's read-time merge does. The alias is {@code <ledger>:<branch>} from the path (ledger names
 * may hold {@code /}); files directly under {@code ns@v2/} and graph-source records (virtual graphs, index or mapped
 * sources) are not ledgers and are left out. {@code updated_at} is not stored there: records read as 0.
 */
final class NsFiles implements Source {
    /** The directory the nameservice keeps its records in. */
    static final String NS_DIR = "ns@v2";
    /** The vocabularies of the two dialects: older (Clojure, early Rust) and newer (Rust). */
    static final List<String> VOCABULARIES = List.of("https://ns.flur.ee/ledger#", "https://ns.flur.ee/db#");

    private static final Set<String> GRAPH_SOURCE_TYPES =
            Set.of("VirtualGraphDatabase", "IndexSource", "MappedSource", "GraphSourceDatabase");

    private final Path dir;
    private final long maxFileBytes;

    /**
     * The records under {@code path}: a directory holding {@code ns@v2/}, or {@code ns@v2/} itself.
     *
     * @throws InvalidDocumentException if there is no such directory
     */
    NsFiles(Path path, long maxFileBytes) {
        this.maxFileBytes = maxFileBytes;
        Path name = path.getFileName();
        if (name != null && name.toString().equals(NS_DIR) && Files.isDirectory(path)) {
            this.dir = path;
        } else if (Files.isDirectory(path.resolve(NS_DIR))) {
            this.dir = path.resolve(NS_DIR);
        } else {
            throw new InvalidDocumentException("ns files", path.toString(), "holds no " + NS_DIR + "/ directory");
        }
    }

    @Override
    public String describe() {
        return dir.toString();
    }

    @Override
    public void read(Sink sink) {
        for (Path file : mainFiles()) {
            Path rel = dir.relativize(file);
            if (rel.getNameCount() < 2) {
                continue;
            }
            List<String> parts = new ArrayList<>();
            for (int i = 0; i < rel.getNameCount() - 1; i++) {
                parts.add(rel.getName(i).toString());
            }
            String fileName = rel.getFileName().toString();
            String branch = fileName.substring(0, fileName.length() - ".json".length());
            record(String.join("/", parts), branch, file).ifPresent(sink::record);
        }
    }

    private List<Path> mainFiles() {
        try (Stream<Path> all = Files.walk(dir)) {
            return all.filter(Files::isRegularFile)
                    .filter(p -> {
                        String n = p.getFileName().toString();
                        return n.endsWith(".json") && !n.endsWith(".index.json") && !n.endsWith(".snapshots.json");
                    })
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /** One ledger's record, merged with its index file; empty for a graph source. */
    private Optional<NsRecord> record(String ledger, String branch, Path file) {
        String where = NS_DIR + "/" + ledger + "/" + branch + ".json";
        Doc main = Doc.read(file, where, maxFileBytes);
        if (main.isGraphSource()) {
            return Optional.empty();
        }
        Optional<String> commit = main.ref("commit", "commitCid", "ledgerCommit");
        OptionalLong commitT =
                commit.isPresent() ? OptionalLong.of(main.number("t").orElse(0)) : OptionalLong.empty();
        Head index = main.index();
        Path indexFile = file.resolveSibling(branch + ".index.json");
        if (Files.isRegularFile(indexFile)) {
            Doc idx = Doc.read(indexFile, NS_DIR + "/" + ledger + "/" + branch + ".index.json", maxFileBytes);
            Head fromFile = idx.index();
            if (fromFile.present() && fromFile.t >= index.t) {
                index = fromFile;
            }
        }
        Optional<String> indexAddress = index.address;
        OptionalLong indexT = indexAddress.isPresent() ? OptionalLong.of(index.t) : OptionalLong.empty();
        try {
            return Optional.of(new NsRecord(
                    new LedgerAlias(ledger, branch),
                    commit,
                    commitT,
                    indexAddress,
                    indexT,
                    main.ref("defaultContext", "defaultContextCid", null),
                    main.string("status").orElse(NsRecord.READY),
                    0,
                    main.number("statusV").orElse(1),
                    main.meta("statusMeta"),
                    main.number("configV").orElse(0),
                    main.meta("configMeta")));
        } catch (InvalidInputException e) {
            throw new InvalidDocumentException(where, e.field(), e.getMessage());
        }
    }

    /** An index head: its address (absent when the file names none) and t (0 when absent). */
    private record Head(Optional<String> address, long t) {
        boolean present() {
            return address.isPresent();
        }
    }

    /** One parsed file and the prefixes its {@code @context} maps to a known vocabulary. */
    private record Doc(String where, Map<String, Object> json, List<String> prefixes) {
        static Doc read(Path file, String where, long maxBytes) {
            try (JsonInput in = JsonInput.open(file, where, maxBytes)) {
                in.expectNext(JsonToken.START_OBJECT, "an object");
                @SuppressWarnings("unchecked")
                Map<String, Object> json = (Map<String, Object>) in.tree();
                in.expectEnd();
                List<String> prefixes = new ArrayList<>();
                Object ctx = json.get("@context");
                for (Object c : ctx instanceof List<?> l ? l : List.of(ctx == null ? List.of() : ctx)) {
                    if (c instanceof Map<?, ?> m) {
                        m.forEach((k, v) -> {
                            if (VOCABULARIES.contains(v)) {
                                prefixes.add((String) k);
                            }
                        });
                    }
                }
                if (prefixes.isEmpty()) {
                    throw new InvalidDocumentException(
                            where + ": $[\"@context\"]",
                            String.valueOf(ctx),
                            "maps no prefix to a nameservice vocabulary " + VOCABULARIES);
                }
                return new Doc(where, json, prefixes);
            }
        }

        /** The member {@code local} of {@code object}: {@code <prefix>:<local>} or the full IRI. */
        Object get(Map<?, ?> object, String local) {
            for (String p : prefixes) {
                Object v = object.get(p + ":" + local);
                if (v != null) {
                    return v;
                }
            }
            for (String vocab : VOCABULARIES) {
                Object v = object.get(vocab + local);
                if (v != null) {
                    return v;
                }
            }
            return null;
        }

        boolean isGraphSource() {
            Object type = json.get("@type");
            for (Object t : type instanceof List<?> l ? l : List.of(type == null ? "" : type)) {
                String s = String.valueOf(t);
                String local = s.substring(Math.max(s.lastIndexOf(':'), s.lastIndexOf('#')) + 1);
                if (GRAPH_SOURCE_TYPES.contains(local)) {
                    return true;
                }
            }
            return false;
        }

        /** A reference: an {@code {"@id"}} object under {@code objectName}, or a string under {@code stringName}. */
        Optional<String> ref(String objectName, String stringName, String otherObjectName) {
            for (String name : new String[] {objectName, otherObjectName}) {
                if (name == null) {
                    continue;
                }
                Object v = get(json, name);
                if (v != null && v != JsonInput.NULL) {
                    if (!(v instanceof Map<?, ?> m) || !(m.get("@id") instanceof String id)) {
                        throw fail(name, v, "must be an object with a string \"@id\"");
                    }
                    return Optional.of(id);
                }
            }
            Object v = stringName == null ? null : get(json, stringName);
            if (v == null || v == JsonInput.NULL) {
                return Optional.empty();
            }
            if (!(v instanceof String s)) {
                throw fail(stringName, v, "must be a string");
            }
            return Optional.of(s);
        }

        /** The index head of this file ({@code f:index} or {@code f:ledgerIndex}). */
        Head index() {
            for (String name : new String[] {"index", "ledgerIndex"}) {
                Object v = get(json, name);
                if (v == null || v == JsonInput.NULL) {
                    continue;
                }
                if (!(v instanceof Map<?, ?> m)) {
                    throw fail(name, v, "must be an object");
                }
                Object id = m.get("@id");
                if (id == null || id == JsonInput.NULL) {
                    id = get(m, "cid");
                }
                if (id != null && id != JsonInput.NULL && !(id instanceof String)) {
                    throw fail(name, id, "must name its index by a string \"@id\" or \"f:cid\"");
                }
                Object t = get(m, "t");
                long tv = t == null || t == JsonInput.NULL ? 0 : asLong(name + ".t", t);
                return new Head(Optional.ofNullable((String) (id == JsonInput.NULL ? null : id)), tv);
            }
            return new Head(Optional.empty(), 0);
        }

        OptionalLong number(String local) {
            Object v = get(json, local);
            return v == null || v == JsonInput.NULL ? OptionalLong.empty() : OptionalLong.of(asLong(local, v));
        }

        Optional<String> string(String local) {
            Object v = get(json, local);
            if (v == null || v == JsonInput.NULL) {
                return Optional.empty();
            }
            if (!(v instanceof String s)) {
                throw fail(local, v, "must be a string");
            }
            return Optional.of(s);
        }

        Map<String, Object> meta(String local) {
            Object v = get(json, local);
            if (v == null || v == JsonInput.NULL) {
                return Map.of();
            }
            if (!(v instanceof Map<?, ?> m)) {
                throw fail(local, v, "must be an object");
            }
            @SuppressWarnings("unchecked")
            Map<String, ?> map = (Map<String, ?>) m;
            try {
                return JsonValues.meta(local, map);
            } catch (InvalidInputException e) {
                throw fail(local, v, e.getMessage());
            }
        }

        private long asLong(String local, Object v) {
            if (!(v instanceof Long l)) {
                throw fail(local, v, "must be an integer between 0 and " + Long.MAX_VALUE);
            }
            return l;
        }

        private InvalidDocumentException fail(String local, Object value, String reason) {
            return new InvalidDocumentException(where + ": f:" + local, value, reason);
        }
    }
}
