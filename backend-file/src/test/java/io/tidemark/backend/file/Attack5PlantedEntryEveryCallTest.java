package io.tidemark.backend.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.tidemark.CorruptedStoreException;
import io.tidemark.Health;
import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.Publisher;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Adversarial review of d57fc9a: a FIFO, a Unix socket, a directory or a symbolic link planted where a data file
 * belongs, met by every call that reads it (get, advance, list; lookup, publish, allRecords) and by the health check.
 * Each call returns within the bound (none blocks on a FIFO, which is opened read-write and fails its positional
 * read) with {@code CorruptedStoreException} naming the file and saying what it is, and the entry is left as it is.
 * Held: this passes on d57fc9a.
 */
class Attack5PlantedEntryEveryCallTest {
    private static final WatermarkKey KEY = new WatermarkKey("NetXattack5", "tz1planted", "block");
    private static final LedgerAlias ALIAS = LedgerAlias.parse("planted:main");

    @TempDir
    Path tmp;

    /** Puts a {@code kind} entry at {@code data} (which holds a record now); returns what to close afterwards. */
    private static AutoCloseable plant(String kind, Path data) throws Exception {
        Files.delete(data);
        switch (kind) {
            case "fifo" -> {
                Process p = new ProcessBuilder("mkfifo", "-m", "600", data.toString()).start();
                assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
                assumeThat(p.exitValue()).as("mkfifo works here").isZero();
                return () -> {};
            }
            case "socket" -> {
                Path shortDir = Files.createTempDirectory(Path.of("/tmp"), "a5"); // sun_path holds 107 bytes
                Path at = shortDir.resolve("s");
                ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
                server.bind(UnixDomainSocketAddress.of(at));
                Files.move(at, data);
                return () -> {
                    server.close();
                    Files.deleteIfExists(shortDir);
                };
            }
            case "directory" -> {
                Files.createDirectory(data);
                return () -> {};
            }
            default -> {
                Files.createSymbolicLink(data, data.resolveSibling("elsewhere.json"));
                return () -> {};
            }
        }
    }

    private static String what(String kind) {
        return switch (kind) {
            case "fifo", "socket" -> "a special file";
            case "directory" -> "a directory";
            default -> "a symbolic link";
        };
    }

    /** The exception {@code call} ends with, waiting at most 30 s; a hang opens the FIFO's other end, then fails. */
    private static Throwable bounded(String name, Supplier<?> call, Path data) throws Exception {
        CompletableFuture<Throwable> f = CompletableFuture.supplyAsync(() -> {
            try {
                call.get();
                return null;
            } catch (RuntimeException e) {
                return e;
            }
        });
        try {
            return f.get(30, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            try (OutputStream o = Files.newOutputStream(data)) { // unblock a reader stuck on the FIFO
                o.flush();
            }
            throw new AssertionError(name + " blocked for 30 s on " + data);
        }
    }

    private static void assertRefused(String name, Throwable t, Path data, String kind) {
        assertThat(t)
                .as("%s with %s planted", name, kind)
                .isInstanceOf(CorruptedStoreException.class)
                .hasMessageContaining(data.toString())
                .hasMessageContaining(what(kind));
    }

    @ParameterizedTest
    @ValueSource(strings = {"fifo", "socket", "directory", "link"})
    void everyWatermarkCallRefusesAPlantedEntryWithoutBlocking(String kind) throws Exception {
        Path base = tmp.resolve("base");
        try (WatermarkStore store = FileWatermarkStore.open(base, true)) {
            store.advance(KEY, new Watermark(5, 0, "vh5"));
            Path data = base.resolve("v1/watermarks").resolve(FileCodec.fileName(KEY) + FileNames.DATA);
            try (AutoCloseable planted = plant(kind, data)) {
                assertRefused("get", bounded("get", () -> store.get(KEY), data), data, kind);
                assertRefused(
                        "advance",
                        bounded("advance", () -> store.advance(KEY, new Watermark(6, 0, "vh6")), data),
                        data,
                        kind);
                assertRefused("list", bounded("list", () -> store.list().count(), data), data, kind);
                Throwable health =
                        bounded("check", () -> assertThat(store.check()).isInstanceOf(Health.class), data);
                assertThat(health).as("the health check returns").isNull();
                assertThat(Files.exists(data, java.nio.file.LinkOption.NOFOLLOW_LINKS))
                        .as("left as it is")
                        .isTrue();
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"fifo", "socket", "directory", "link"})
    void everyPublisherCallRefusesAPlantedEntryWithoutBlocking(String kind) throws Exception {
        Path base = tmp.resolve("base");
        try (Publisher ns = FilePublisher.open(base, true)) {
            ns.publishCommit(ALIAS, "c1", 1);
            Path data = base.resolve("v1/nameservice").resolve(FileCodec.fileName(ALIAS) + FileNames.DATA);
            try (AutoCloseable planted = plant(kind, data)) {
                assertRefused("lookup", bounded("lookup", () -> ns.lookup(ALIAS), data), data, kind);
                assertRefused(
                        "publishCommit",
                        bounded("publishCommit", () -> ns.publishCommit(ALIAS, "c2", 2), data),
                        data,
                        kind);
                assertRefused(
                        "publishIndex",
                        bounded("publishIndex", () -> ns.publishIndex(ALIAS, "i2", 2), data),
                        data,
                        kind);
                assertRefused(
                        "allRecords",
                        bounded("allRecords", () -> ns.allRecords().count(), data),
                        data,
                        kind);
            }
        }
    }
}
