package io.tidemark.backend.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.tidemark.BackendConfig;
import io.tidemark.CorruptedStoreException;
import io.tidemark.discovery.Tidemark;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Adversarial review of "a store holds regular files only" (issue 10 item 5 fix). Links are refused, but a FIFO
 * planted where a data or lock file belongs is opened as is: {@code open(2)} of a FIFO blocks until a peer opens
 * the other end, so {@code get}, {@code advance} (holding the key's JVM monitor, so every other thread on the key
 * queues behind it) and store open hang forever instead of failing with {@code CorruptedStoreException}. A
 * directory planted as a data file is reported as a retryable outage instead of a corrupted store.
 */
class AttackPlantedSpecialFilesTest {
    private static final WatermarkKey KEY = new WatermarkKey("NetXattack", "tz1special", "block");

    @TempDir
    Path tmp;

    private static BackendConfig config(Path base) {
        return BackendConfig.of("file", Map.of("base_dir", base.toString()));
    }

    private static void mkfifo(Path p) throws Exception {
        Files.deleteIfExists(p);
        assertThat(new ProcessBuilder("mkfifo", "-m", "600", p.toString())
                        .inheritIO()
                        .start()
                        .waitFor())
                .isZero();
    }

    /** Runs {@code call} for at most 10 s; on a hang, unblocks it by opening the FIFO's other end, then fails. */
    private static Throwable within10s(Callable<?> call, Path fifo, boolean hangIsReaderSide) throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<?> f = pool.submit(call);
            try {
                f.get(10, TimeUnit.SECONDS);
                return null;
            } catch (ExecutionException e) {
                return e.getCause();
            } catch (TimeoutException e) {
                // unblock the stuck open(2) so the test JVM can finish, then report the hang
                if (hangIsReaderSide) {
                    try (OutputStream o = Files.newOutputStream(fifo)) {
                        o.flush();
                    }
                } else {
                    Files.newInputStream(fifo).close();
                }
                throw new AssertionError("call blocked for more than 10 s on a FIFO planted at " + fifo
                        + " (expected a prompt CorruptedStoreException)");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFifoPlantedAsTheDataFileMakesGetHangForever() throws Exception {
        Path base = tmp.resolve("base");
        try (WatermarkStore store = Tidemark.openWatermarkStore(config(base))) {
            store.advance(KEY, new Watermark(5, 0, "vh5"));
            Path data = base.resolve("v1/watermarks").resolve(FileCodec.fileName(KEY) + FileNames.DATA);
            mkfifo(data);
            Throwable t = within10s(() -> store.get(KEY), data, true);
            assertThat(t).isInstanceOf(CorruptedStoreException.class);
        }
    }

    @Test
    void aFifoPlantedAsTheDataFileMakesAdvanceHangHoldingTheKeysLock() throws Exception {
        Path base = tmp.resolve("base");
        try (WatermarkStore store = Tidemark.openWatermarkStore(config(base))) {
            store.advance(KEY, new Watermark(5, 0, "vh5"));
            Path data = base.resolve("v1/watermarks").resolve(FileCodec.fileName(KEY) + FileNames.DATA);
            mkfifo(data);
            Throwable t = within10s(() -> store.advance(KEY, new Watermark(6, 0, "vh6")), data, true);
            assertThat(t).isInstanceOf(CorruptedStoreException.class);
        }
    }

    @Test
    void aFifoPlantedAsTheLockFileMakesAdvanceHang() throws Exception {
        Path base = tmp.resolve("base");
        try (WatermarkStore store = Tidemark.openWatermarkStore(config(base))) {
            store.advance(KEY, new Watermark(5, 0, "vh5"));
            Path lock = base.resolve("v1/watermarks").resolve(FileCodec.fileName(KEY) + FileNames.LOCK);
            mkfifo(lock);
            Throwable t = within10s(() -> store.advance(KEY, new Watermark(6, 0, "vh6")), lock, false);
            assertThat(t).isInstanceOf(CorruptedStoreException.class);
        }
    }

    @Test
    void aDirectoryPlantedAsTheDataFileIsCorruptionNotARetryableOutage() throws IOException {
        Path base = tmp.resolve("base");
        try (WatermarkStore store = Tidemark.openWatermarkStore(config(base))) {
            store.advance(KEY, new Watermark(5, 0, "vh5"));
            Path data = base.resolve("v1/watermarks").resolve(FileCodec.fileName(KEY) + FileNames.DATA);
            Files.delete(data);
            Files.createDirectory(data);
            Throwable get = catchThrowable(() -> store.get(KEY));
            assertThat(get)
                    .as("get on a directory planted as data file")
                    .isInstanceOf(CorruptedStoreException.class)
                    .hasMessageContaining(data.toString());
            Throwable list = catchThrowable(() -> store.list().count());
            assertThat(list)
                    .as("list with a directory planted as a data file")
                    .isInstanceOf(CorruptedStoreException.class);
        }
    }
}
