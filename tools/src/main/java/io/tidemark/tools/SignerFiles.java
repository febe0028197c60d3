package io.tidemark.tools;

import com.fasterxml.jackson.core.JsonToken;
import io.tidemark.watermark.StoredWatermark;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The Tezos signer's file watermarks ({@code ecadlabs/signatory}, {@code pkg/signatory/watermark/file.go} and
 * {@code migration.go}), in the layout the signer itself would load: {@code <base_dir>/watermark_v2/<chain id>.json}
 * if that directory exists, else {@code watermark_v1/}, else the oldest {@code watermark/}. Each file is named after
 * its chain id; the signer ignores entries that are not regular {@code .json} files (its {@code os.ReadDir} entry
 * type: a symbolic link is not regular, even to a regular file), and so does this reader.
 *
 * <ul>
 *   <li>{@code watermark_v2}: public key hash -> request kind -> {@code {"level", "round", "hash"}}.
 *   <li>{@code watermark_v1}: public key hash -> {@code {"level", "round" (or null), "order", "hash"}}, the kind
 *       given by {@code order} as the signer's own migration maps it: 0 {@code block}, 1 {@code preendorsement},
 *       anything else {@code endorsement}.
 *   <li>{@code watermark}: request kind -> public key hash -> {@code {"level", "round", "hash"}}.
 * </ul>
 *
 * <p>As Go's decoder does, member names match case-insensitively, unknown members are ignored, and a missing or
 * {@code null} level or round is 0. {@code "hash"} is the block payload hash's text ({@code vh...}); a missing or
 * {@code null} hash (marks the signer migrated from the legacy layouts carry none) becomes
 * {@link Watermark#NO_DIGEST}, so that slot is refused and never signed again. The legacy kinds
 * {@code preendorsement} and {@code endorsement} (written by the signer's migration, no longer read by its current
 * code) become {@code preattestation} and {@code attestation} unless names are kept.
 */
final class SignerFiles implements Source {
    /** The kinds the signer's v1 -> v2 migration writes, and the names its current code reads. */
    static final Map<String, String> LEGACY_KINDS =
            Map.of("preendorsement", "preattestation", "endorsement", "attestation");

    /** A layout and its directory name under the signer's base directory, newest first. */
    enum Layout {
        V2("watermark_v2"),
        V1("watermark_v1"),
        V0("watermark");

        final String dir;

        Layout(String dir) {
            this.dir = dir;
        }
    }

    private final Path dir;
    private final Layout layout;
    private final boolean keepKindNames;
    private final long maxFileBytes;

    /**
     * The signer's files under {@code path}: its base directory (the layout it would load is chosen) or one layout
     * directory itself.
     *
     * @throws InvalidDocumentException if {@code path} holds no signer watermark directory
     */
    SignerFiles(Path path, boolean keepKindNames, long maxFileBytes) {
        this.keepKindNames = keepKindNames;
        this.maxFileBytes = maxFileBytes;
        Path name = path.getFileName();
        for (Layout l : Layout.values()) {
            if (name != null && name.toString().equals(l.dir) && Files.isDirectory(path)) {
                this.dir = path;
                this.layout = l;
                return;
            }
        }
        for (Layout l : Layout.values()) {
            if (Files.isDirectory(path.resolve(l.dir))) {
                this.dir = path.resolve(l.dir);
                this.layout = l;
                return;
            }
        }
        throw new InvalidDocumentException(
                "signer files", path.toString(), "holds no watermark_v2/, watermark_v1/ or watermark/ directory");
    }

    /** The layout read. */
    Layout layout() {
        return layout;
    }

    @Override
    public String describe() {
        return dir.toString();
    }

    @Override
    public void read(Sink sink) {
        for (Path file : files()) {
            String name = file.getFileName().toString();
            String chain = name.substring(0, name.length() - ".json".length());
            String where = layout.dir + "/" + name;
            try (JsonInput in = JsonInput.open(file, where, maxFileBytes)) {
                in.expectNext(JsonToken.START_OBJECT, "an object");
                while (in.next() == JsonToken.FIELD_NAME) {
                    String outer = in.name();
                    in.next();
                    switch (layout) {
                        case V2 -> eachMember(in, kind -> sink.mark(mark(in, chain, outer, kind)));
                        case V1 -> sink.mark(v1Mark(in, chain, outer));
                        case V0 -> eachMember(in, pkh -> sink.mark(mark(in, chain, pkh, outer)));
                    }
                }
                in.expectEnd();
            }
        }
    }

    /** The regular {@code .json} files of the layout directory (symbolic links not followed), by name. */
    private List<Path> files() {
        try (Stream<Path> all = Files.list(dir)) {
            return all.filter(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)
                            && p.getFileName().toString().endsWith(".json"))
                    .sorted()
                    .toList();
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Calls {@code each} with the name of every member of the current object, positioned at its value. */
    private static void eachMember(JsonInput in, java.util.function.Consumer<String> each) {
        if (in.current() != JsonToken.START_OBJECT) {
            throw in.fail(null, "must be an object");
        }
        while (in.next() == JsonToken.FIELD_NAME) {
            String name = in.name();
            in.next();
            each.accept(name);
        }
    }

    /** A v2 or v0 mark {@code {"level", "round", "hash"}}. */
    private StoredWatermark mark(JsonInput in, String chain, String pkh, String kind) {
        long[] levelRound = {0, 0};
        String[] hash = {null};
        fields(in, levelRound, hash, null);
        return stored(in, chain, pkh, kind, levelRound, hash[0]);
    }

    /** A v1 mark {@code {"level", "round", "order", "hash"}}: the kind comes from {@code order}. */
    private StoredWatermark v1Mark(JsonInput in, String chain, String pkh) {
        long[] levelRound = {0, 0};
        String[] hash = {null};
        long[] order = {0};
        fields(in, levelRound, hash, order);
        String kind = order[0] == 0 ? "block" : order[0] == 1 ? "preendorsement" : "endorsement";
        return stored(in, chain, pkh, kind, levelRound, hash[0]);
    }

    private static void fields(JsonInput in, long[] levelRound, String[] hash, long[] order) {
        if (in.current() != JsonToken.START_OBJECT) {
            throw in.fail(null, "must be an object (a watermark)");
        }
        while (in.next() == JsonToken.FIELD_NAME) {
            String name = in.name().toLowerCase(Locale.ROOT);
            JsonToken t = in.next();
            boolean isNull = t == JsonToken.VALUE_NULL;
            switch (name) {
                case "level" -> levelRound[0] = isNull ? 0 : in.integer(Integer.MIN_VALUE, Integer.MAX_VALUE);
                case "round" -> levelRound[1] = isNull ? 0 : in.integer(Integer.MIN_VALUE, Integer.MAX_VALUE);
                case "hash" -> hash[0] = in.stringOrNull();
                case "order" -> {
                    if (order != null && !isNull) {
                        order[0] = in.integer(Long.MIN_VALUE, Long.MAX_VALUE);
                    }
                }
                default -> in.skip();
            }
        }
    }

    private StoredWatermark stored(JsonInput in, String chain, String pkh, String kind, long[] lr, String hash) {
        String k = keepKindNames ? kind : LEGACY_KINDS.getOrDefault(kind, kind);
        String digest = hash == null ? Watermark.NO_DIGEST : hash;
        return in.checked(() -> new StoredWatermark(
                new WatermarkKey(chain, pkh, k), new Watermark(lr[0], Math.toIntExact(lr[1]), digest)));
    }
}
