package io.tidemark.backend.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.NsRecord;
import io.tidemark.publisher.PublishResult;
import io.tidemark.publisher.Publisher;
import io.tidemark.watermark.AdvanceResult;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Calls racing {@code close()}: the checking layer refuses calls once closed, and the file backend holds nothing
 * between calls, so a call either never starts (IllegalStateException, nothing written) or completes whole, its write
 * made under its key's lock. Afterwards the stored value is the one the last applied call reported (no write landed
 * that no caller was told about, none was lost), and no lock is left held.
 */
class FileCloseRaceTest {
    private static final int ROUNDS = 20;
    private static final int THREADS = 6;
    private static final WatermarkKey KEY = new WatermarkKey("NetX", "tz1close", "block");
    private static final LedgerAlias ALIAS = LedgerAlias.parse("close:main");

    @TempDir
    Path tmp;

    @Test
    void advancesRacingCloseCompleteWholeOrNeverStart() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            Path base = tmp.resolve("w" + round);
            WatermarkStore store = FileWatermarkStore.open(base, FileOptions.defaults(false));
            AtomicLong levels = new AtomicLong();
            ConcurrentLinkedQueue<Long> advanced = new ConcurrentLinkedQueue<>();
            List<Throwable> unexpected = race(
                    () -> {
                        long level = levels.incrementAndGet();
                        if (store.advance(KEY, new Watermark(level, 0, "d" + level))
                                instanceof AdvanceResult.Advanced) {
                            advanced.add(level);
                        }
                    },
                    levels,
                    store);
            assertThat(unexpected).isEmpty();
            long highest = advanced.stream().mapToLong(Long::longValue).max().orElseThrow();
            try (WatermarkStore reopened = FileWatermarkStore.open(base, true)) {
                assertThat(reopened.get(KEY)).contains(new Watermark(highest, 0, "d" + highest));
            }
            assertUnlocked(base.resolve("v1/watermarks").resolve(FileCodec.fileName(KEY) + FileNames.LOCK));
        }
    }

    @Test
    void publishesRacingCloseCompleteWholeOrNeverStart() throws Exception {
        for (int round = 0; round < ROUNDS; round++) {
            Path base = tmp.resolve("p" + round);
            Publisher publisher = FilePublisher.open(base, FileOptions.defaults(false), Clock.systemUTC());
            AtomicLong ts = new AtomicLong();
            ConcurrentLinkedQueue<Long> applied = new ConcurrentLinkedQueue<>();
            List<Throwable> unexpected = race(
                    () -> {
                        long t = ts.incrementAndGet();
                        PublishResult r = publisher.publishCommit(ALIAS, "c" + t, t);
                        if (r.applied()) {
                            applied.add(t);
                        }
                    },
                    ts,
                    publisher);
            assertThat(unexpected).isEmpty();
            long highest = applied.stream().mapToLong(Long::longValue).max().orElseThrow();
            try (Publisher reopened = FilePublisher.open(base, true)) {
                Optional<NsRecord> r = reopened.lookup(ALIAS);
                assertThat(r.flatMap(NsRecord::commitAddress)).contains("c" + highest);
            }
            assertUnlocked(base.resolve("v1/nameservice").resolve(FileCodec.fileName(ALIAS) + FileNames.LOCK));
        }
    }

    /**
     * Runs {@code call} in a loop on several threads until it is refused as closed, closing {@code store} once some
     * calls have started; returns what the threads threw besides that refusal.
     */
    private static List<Throwable> race(Runnable call, AtomicLong started, AutoCloseable store) throws Exception {
        CountDownLatch go = new CountDownLatch(1);
        ConcurrentLinkedQueue<Throwable> unexpected = new ConcurrentLinkedQueue<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            Thread t = new Thread(() -> {
                try {
                    go.await();
                    while (true) {
                        call.run();
                    }
                } catch (IllegalStateException closed) {
                    if (!closed.getMessage().endsWith(" is closed")) {
                        unexpected.add(closed);
                    }
                } catch (Throwable e) {
                    unexpected.add(e);
                }
            });
            t.start();
            threads.add(t);
        }
        go.countDown();
        while (started.get() < 3L * THREADS) {
            Thread.onSpinWait();
        }
        store.close(); // while calls are in flight
        for (Thread t : threads) {
            t.join();
        }
        return new ArrayList<>(unexpected);
    }

    /** Nobody holds the lock file: this process can take it at once. */
    private static void assertUnlocked(Path lockFile) throws IOException {
        try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.WRITE);
                FileLock lock = ch.tryLock()) {
            assertThat(lock)
                    .as("the lock of " + lockFile + " is free after close")
                    .isNotNull();
        }
        assertThat(Files.exists(lockFile)).isTrue();
    }
}
