package io.tidemark.backend.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.tidemark.CorruptedStoreException;
import io.tidemark.watermark.AdvanceResult;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Adversarial review of d57fc9a ("no stat of a data file on the update path"): a FIFO, socket or directory that
 * takes the data file's place between the read and the in-place write of one update (an operator or attacker with
 * write access to the store directory; the update holds only the key's lock, which does not stop a rename).
 * Since the data file is opened read-write without a stat, a FIFO opens, and its positional write fails with
 * {@code ESPIPE}: the update used to report {@code OutcomeUnknownException} and mark the whole handle unusable
 * (every key refused until reopened), although nothing was written anywhere. A socket or directory was reported as
 * a retryable outage. Promised instead: {@code CorruptedStoreException} naming the entry, nothing written, the handle
 * still serving the other keys, and the key working again once the entry is put back.
 */
class Attack5SwappedSpecialFileTest {
    private static final WatermarkKey KEY = new WatermarkKey("NetXattack5", "tz1swap", "block");
    private static final WatermarkKey OTHER = new WatermarkKey("NetXattack5", "tz1other", "block");

    @TempDir
    Path tmp;

    /** Replaces {@code data} by a FIFO, a Unix socket or a directory, keeping the regular file at {@code aside}. */
    private static AutoCloseable plant(String kind, Path data, Path aside) throws Exception {
        Files.move(data, aside);
        switch (kind) {
            case "fifo" -> {
                Process p = new ProcessBuilder("mkfifo", "-m", "600", data.toString()).start();
                assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
                assumeThat(p.exitValue()).as("mkfifo works here").isZero();
                return () -> {};
            }
            case "socket" -> {
                // sun_path holds 107 bytes: bind in a short directory, then rename the socket into place
                Path shortDir = Files.createTempDirectory(Path.of("/tmp"), "a5");
                Path at = shortDir.resolve("s");
                ServerSocketChannel server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
                server.bind(UnixDomainSocketAddress.of(at));
                Files.move(at, data);
                return () -> {
                    server.close();
                    Files.deleteIfExists(shortDir);
                };
            }
            default -> {
                Files.createDirectory(data);
                return () -> {};
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"fifo", "socket", "directory"})
    void anEntrySwappedInBetweenReadAndWriteIsCorruptionAndTheHandleStaysUsable(String kind) throws Exception {
        Path base = tmp.resolve("base");
        Path dir = base.resolve("v1/watermarks");
        Path data = dir.resolve(FileCodec.fileName(KEY) + FileNames.DATA);
        Path aside = tmp.resolve("aside");
        AutoCloseable[] planted = new AutoCloseable[1];
        Disk swapping = new ForwardingDisk(RealDisk.INSTANCE) {
            @Override
            public Overwrite overwrite(Path file) throws IOException {
                if (file.equals(data) && planted[0] == null) {
                    try {
                        planted[0] = plant(kind, data, aside);
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                }
                return super.overwrite(file);
            }
        };
        try (WatermarkStore store = FileWatermarkStore.open(base, new FileOptions(true, true, false, swapping))) {
            store.advance(KEY, new Watermark(5, 0, "vh5")); // a new file: written whole, no overwrite
            store.advance(OTHER, new Watermark(1, 0, "o1"));
            Throwable t = CompletableFuture.supplyAsync(() -> {
                        try {
                            store.advance(KEY, new Watermark(6, 0, "vh6"));
                            return null;
                        } catch (RuntimeException e) {
                            return e;
                        }
                    })
                    .get(30, TimeUnit.SECONDS);
            assertThat(planted[0]).as("the entry was swapped in").isNotNull();
            assertThat(t)
                    .as("advance on a %s swapped in before the write", kind)
                    .isInstanceOf(CorruptedStoreException.class)
                    .hasMessageContaining(data.toString());
            assertThat(store.get(OTHER))
                    .as("the handle still serves other keys")
                    .contains(new Watermark(1, 0, "o1"));
            planted[0].close();
            if (Files.isDirectory(data)) {
                Files.delete(data);
            } else {
                Files.deleteIfExists(data);
            }
            Files.move(aside, data);
            assertThat(store.get(KEY)).as("nothing was written").contains(new Watermark(5, 0, "vh5"));
            assertThat(store.advance(KEY, new Watermark(6, 0, "vh6"))).isInstanceOf(AdvanceResult.Advanced.class);
            assertThat(store.get(KEY)).isEqualTo(Optional.of(new Watermark(6, 0, "vh6")));
        }
    }
}
