package io.tidemark.backend.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.BackendConfig;
import io.tidemark.CorruptedStoreException;
import io.tidemark.InvalidConfigException;
import io.tidemark.discovery.Tidemark;
import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.Publisher;
import io.tidemark.watermark.AdvanceResult;
import io.tidemark.watermark.StoredWatermark;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the file backend promises beyond the TCK: layout, hostile names, corruption, permissions, config. */
class FileBackendTest {
    @TempDir
    Path tmp;

    private WatermarkStore open(Path base) {
        return Tidemark.openWatermarkStore(BackendConfig.of("file", Map.of("base_dir", base.toString())));
    }

    private static List<Path> walk(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.toList();
        }
    }

    @Test
    void hostileNamesStayInsideBaseDirAndRoundTripExactly() throws IOException {
        Path base = tmp.resolve("base");
        Path outside = tmp.resolve("x");
        List<String> hostile = List.of(
                "../x",
                "..",
                ".",
                "a/b",
                "..\\..\\x",
                "CON",
                "con",
                "NUL.txt",
                "aux",
                "Abc",
                "abc",
                "ABC",
                "/etc/passwd",
                "~",
                "$HOME",
                "*",
                "a:b",
                "x".repeat(64),
                "Y".repeat(128),
                "\u00e9t\u00e9",
                "e\u0301te\u0301",
                " lead",
                "trail ",
                "\uD83C\uDF0A",
                "COM1",
                ".hidden",
                "-rf");
        List<WatermarkKey> keys = new ArrayList<>();
        for (String h : hostile) {
            if (h.length() <= 64) {
                keys.add(new WatermarkKey("NetX", "tz1", h));
            }
            keys.add(new WatermarkKey(h.replace('/', '_'), h, "block"));
            keys.add(new WatermarkKey("NetX", h, "block"));
        }
        Set<WatermarkKey> distinct = new HashSet<>(keys);
        try (WatermarkStore store = open(base)) {
            for (WatermarkKey k : distinct) {
                assertThat(store.advance(k, new Watermark(1, 0, "d")))
                        .as("key %s", k)
                        .isInstanceOf(AdvanceResult.Advanced.class);
            }
            try (Stream<StoredWatermark> s = store.list()) {
                assertThat(s.map(StoredWatermark::key).collect(Collectors.toSet()))
                        .isEqualTo(distinct);
            }
        }
        try (Publisher p = Tidemark.openPublisher(BackendConfig.of("file", Map.of("base_dir", base.toString())))) {
            for (String h : hostile) {
                if (!h.contains(":")) {
                    LedgerAlias a = new LedgerAlias(h, h);
                    p.publishCommit(a, "c", 1);
                    assertThat(p.lookup(a).orElseThrow().alias()).isEqualTo(a);
                }
            }
        }
        assertThat(outside).doesNotExist();
        try (Stream<Path> s = Files.list(tmp)) {
            assertThat(s.toList()).as("nothing created beside base_dir").containsExactly(base);
        }
        for (Path p : walk(base)) {
            Path rel = base.relativize(p);
            assertThat(rel.getNameCount()).as("depth of %s", rel).isLessThanOrEqualTo(3);
            String file = p.getFileName().toString();
            if (Files.isRegularFile(p)) {
                assertThat(file).matches("[a-z0-9_][a-z0-9._~-]*-[0-9a-f]{32}\\.(json|lock)");
            }
        }
    }

    @Test
    void layoutIsVersionedWithSeparateTreesAndOneFilePerKey() throws IOException {
        Path base = tmp.resolve("base");
        try (WatermarkStore store = open(base);
                Publisher p = Tidemark.openPublisher(BackendConfig.of("file", Map.of("base_dir", base.toString())))) {
            store.advance(new WatermarkKey("NetXdQ", "tz1abc", "block"), new Watermark(5, 0, "vh"));
            store.advance(new WatermarkKey("NetXdQ", "tz1abc", "attestation"), new Watermark(5, 0, "vh"));
            p.publishCommit(LedgerAlias.parse("mydb:main"), "c1", 1);
        }
        try (Stream<Path> s = Files.list(base.resolve("v1/watermarks"))) {
            assertThat(s.filter(f -> f.toString().endsWith(".json")).count()).isEqualTo(2);
        }
        Path record;
        try (Stream<Path> s = Files.list(base.resolve("v1/nameservice"))) {
            record = s.filter(f -> f.toString().endsWith(".json")).findFirst().orElseThrow();
        }
        assertThat(record.getFileName().toString()).startsWith("mydb~main-");
        assertThat(Files.readString(record))
                .contains("\"ledger_alias\":\"mydb:main\"", "\"commit_t\":1", "\"status\":\"ready\"");
    }

    @Test
    void filesAre0600AndDirectories0700() throws IOException {
        Path base = tmp.resolve("deep/base");
        try (WatermarkStore store = open(base)) {
            store.advance(new WatermarkKey("NetX", "tz1", "block"), new Watermark(1, 0, "d"));
        }
        for (Path p : walk(tmp.resolve("deep"))) {
            String perms = PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
            assertThat(perms).as("permissions of %s", p).isEqualTo(Files.isDirectory(p) ? "rwx------" : "rw-------");
        }
    }

    @Test
    void unparseableFileIsAnErrorNamingItNeverAnEmptyMark() throws IOException {
        Path base = tmp.resolve("base");
        WatermarkKey key = new WatermarkKey("NetX", "tz1", "block");
        try (WatermarkStore store = open(base)) {
            store.advance(key, new Watermark(100, 0, "d"));
        }
        Path file;
        try (Stream<Path> s = Files.list(base.resolve("v1/watermarks"))) {
            file = s.filter(f -> f.toString().endsWith(".json")).findFirst().orElseThrow();
        }
        for (String garbage : List.of("", "{\"format\":1,\"lvl\":", "\u0000\u0000\u0000", "{\"format\":1}", "[]")) {
            Files.writeString(file, garbage, StandardCharsets.ISO_8859_1);
            try (WatermarkStore store = open(base)) {
                assertThatThrownBy(() -> store.advance(key, new Watermark(1, 0, "other")))
                        .isInstanceOf(CorruptedStoreException.class)
                        .hasMessageContaining(file.toString());
                assertThatThrownBy(() -> store.get(key)).isInstanceOf(CorruptedStoreException.class);
                assertThatThrownBy(() -> store.list().count()).isInstanceOf(CorruptedStoreException.class);
            }
            assertThat(Files.readString(file, StandardCharsets.ISO_8859_1))
                    .as("corrupted file left as it was")
                    .isEqualTo(garbage);
        }
    }

    @Test
    void fileMovedToAnotherKeysNameIsReportedNotMisread() throws IOException {
        Path base = tmp.resolve("base");
        WatermarkKey a = new WatermarkKey("NetX", "tz1a", "block");
        WatermarkKey b = new WatermarkKey("NetX", "tz1b", "block");
        try (WatermarkStore store = open(base)) {
            store.advance(a, new Watermark(100, 0, "d"));
            store.advance(b, new Watermark(1, 0, "d"));
        }
        Path dir = base.resolve("v1/watermarks");
        Files.copy(
                dir.resolve(FileCodec.fileName(a) + ".json"),
                dir.resolve(FileCodec.fileName(b) + ".json"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        try (WatermarkStore store = open(base)) {
            assertThatThrownBy(() -> store.get(b))
                    .isInstanceOf(CorruptedStoreException.class)
                    .hasMessageContaining("belongs in");
        }
    }

    @Test
    void leftoverTempFileIsIgnoredAndCleanedUp() throws IOException {
        Path base = tmp.resolve("base");
        WatermarkKey key = new WatermarkKey("NetX", "tz1", "block");
        try (WatermarkStore store = open(base)) {
            store.advance(key, new Watermark(5, 0, "d"));
        }
        Path temp = base.resolve("v1/watermarks").resolve(FileCodec.fileName(key) + ".tmp");
        Files.writeString(temp, "{\"format\":1,\"half");
        try (WatermarkStore store = open(base)) {
            assertThat(temp).doesNotExist();
            assertThat(store.get(key)).contains(new Watermark(5, 0, "d"));
            assertThat(store.list().count()).isEqualTo(1);
        }
    }

    @Test
    void configErrorsNameTheKey() {
        assertThatThrownBy(() -> Tidemark.openWatermarkStore(BackendConfig.of("file", Map.of())))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("base_dir");
        assertThatThrownBy(() -> Tidemark.openWatermarkStore(BackendConfig.of("file", Map.of("basedir", "/tmp/x"))))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("'basedir'")
                .hasMessageContaining("did you mean 'base_dir'");
        assertThatThrownBy(() -> Tidemark.openWatermarkStore(
                        BackendConfig.of("file", Map.of("base_dir", tmp.toString(), "fsync", "maybe"))))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("'fsync'")
                .hasMessageContaining("'maybe'");
    }

    @Test
    void baseDirThatIsAFileIsATypedError() throws IOException {
        Path file = Files.writeString(tmp.resolve("plain"), "x");
        assertThatThrownBy(() -> open(file))
                .isInstanceOf(io.tidemark.TidemarkException.class)
                .hasMessageContaining(file.toString());
    }
}
