package io.tidemark.backend.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.BackendUnavailableException;
import io.tidemark.CorruptedStoreException;
import io.tidemark.StoreNotFoundException;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fourth adversarial review of the lock file's checks. One {@code lstat} refuses a FIFO at the lock file's name,
 * then the lock file is opened for writing: a FIFO put there between the two (a hostile entry, racing) is opened,
 * and {@code open(2)} of a FIFO for writing blocks until a reader comes, holding the key's monitor: every update of
 * that key in the JVM hangs with it. A FIFO is swapped in and out of the lock file's name while a signer advances:
 * each advance must end, refused or not. (It runs until one advance met the FIFO after the check, or a cap.)
 */
class Attack4FifoSwappedInAfterTheLockCheckTest {
    static final WatermarkKey KEY = new WatermarkKey("NetXattack4", "tz1fifo", "block");
    /** At most this many advances; the race (about one in a few thousand) is usually met well before. */
    static final int ADVANCES = 20_000;

    @TempDir
    Path tmp;

    @Test
    void aFifoSwappedInBetweenTheCheckAndTheOpenIsRefusedNotOpened() throws Exception {
        Path base = tmp.resolve("base");
        ExecutorService pool = Executors.newFixedThreadPool(2);
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong refusedFifo = new AtomicLong();
        AtomicLong swaps = new AtomicLong();
        AtomicLong afterCheck = new AtomicLong();
        try (WatermarkStore store = FileWatermarkStore.open(base, false)) {
            store.advance(KEY, new Watermark(1, 0, "d1"));
            Path dir = base.resolve("v1").resolve("watermarks");
            Path lock = dir.resolve(FileCodec.fileName(KEY) + FileNames.LOCK);
            Path stash = dir.resolve("fifo-stash");
            assertThat(new ProcessBuilder("mkfifo", "-m", "600", stash.toString())
                            .inheritIO()
                            .start()
                            .waitFor())
                    .isZero();
            Future<?> toggler = pool.submit(() -> {
                while (!stop.get()) {
                    Files.move(stash, lock, StandardCopyOption.ATOMIC_MOVE); // over the regular lock file, if any
                    Files.move(lock, stash, StandardCopyOption.ATOMIC_MOVE); // the name is free: a new one is made
                    swaps.incrementAndGet();
                }
                return null;
            });
            Future<?> signer = pool.submit(() -> {
                for (int level = 2; level < ADVANCES && afterCheck.get() == 0; level++) {
                    try {
                        store.advance(KEY, new Watermark(level, 0, "d" + level));
                    } catch (CorruptedStoreException e) {
                        refusedFifo.incrementAndGet(); // the lstat saw the FIFO (or the open found it)
                        if (e.getMessage().contains("after it was checked")) {
                            afterCheck.incrementAndGet();
                        }
                    } catch (BackendUnavailableException | StoreNotFoundException e) {
                        // the regular lock file was replaced under the update: it wrote nothing
                    }
                }
                return null;
            });
            try {
                signer.get(240, TimeUnit.SECONDS); // a safety net for a hang, not a speed claim
            } catch (TimeoutException e) {
                stop.set(true);
                toggler.get(30, TimeUnit.SECONDS);
                // unblock the open(2) stuck on the FIFO (wherever the toggler left it), then report
                for (Path p : new Path[] {lock, stash}) {
                    if (Files.exists(p) && !Files.isRegularFile(p)) {
                        try {
                            Files.newInputStream(p).close();
                        } catch (NoSuchFileException ignored) {
                            // moved meanwhile
                        }
                    }
                }
                throw new AssertionError("an advance opened a FIFO swapped in after the lock file's check and blocked"
                        + " (" + swaps.get() + " swaps)");
            }
            stop.set(true);
            toggler.get(30, TimeUnit.SECONDS);
            assertThat(refusedFifo.get()).as("advances that met the FIFO").isPositive();
        } finally {
            stop.set(true);
            pool.shutdownNow();
        }
    }
}
