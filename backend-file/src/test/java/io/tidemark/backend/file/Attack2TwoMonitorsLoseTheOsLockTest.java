package io.tidemark.backend.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.BackendUnavailableException;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Second adversarial review: what two monitors for one lock file (see {@link Attack2DirectoryMovedBehindSymlinkTest})
 * cost beyond refusals. The JDK closes a channel by first releasing its locks (and removing them from the JVM's
 * lock table) and only then closing the descriptor; closing a descriptor drops every fcntl lock the process holds
 * on the file. A thread of the other monitor that locks in between is told it holds the lock, and then loses it at
 * the OS level: another process can enter the same key while it decides and writes. This test checks, inside each
 * update (when the data file is read, the lock held), that {@code /proc/locks} still shows this process's lock on
 * the key's lock file.
 */
class Attack2TwoMonitorsLoseTheOsLockTest {
    static final WatermarkKey KEY = new WatermarkKey("NetXattack2", "tz1twomonitors", "block");

    @TempDir
    Path tmp;

    /** Checks, on each read of KEY's data file, that this process holds an fcntl lock on KEY's lock file. */
    static final class CheckingDisk extends ForwardingDisk {
        volatile long inode = -1;
        final AtomicInteger checks = new AtomicInteger();
        final AtomicReference<String> lost = new AtomicReference<>();

        CheckingDisk() {
            super(RealDisk.INSTANCE);
        }

        @Override
        public Optional<byte[]> read(Path file, int maxBytes) throws IOException {
            if (inode >= 0 && file.getFileName().toString().equals(FileCodec.fileName(KEY) + FileNames.DATA)) {
                checks.incrementAndGet();
                String pid = Long.toString(ProcessHandle.current().pid());
                boolean held = Files.readAllLines(Path.of("/proc/locks")).stream()
                        .map(l -> l.trim().split("\\s+"))
                        .anyMatch(f ->
                                f.length > 5 && f[1].equals("POSIX") && f[4].equals(pid) && f[5].endsWith(":" + inode));
                if (!held) {
                    lost.compareAndSet(
                            null,
                            "inside an update of " + file + " after " + checks.get() + " checks, /proc/locks"
                                    + " shows no lock of pid " + pid + " on inode " + inode);
                }
            }
            return super.read(file, maxBytes);
        }
    }

    /** Control: with one monitor (both handles opened after the move) every update finds its lock in /proc/locks. */
    @Test
    void control_oneMonitorAlwaysHoldsTheOsLock() throws Exception {
        Path base = tmp.resolve("base");
        CheckingDisk disk = new CheckingDisk();
        FileOptions options = new FileOptions(false, true, false, disk);
        try (WatermarkStore a = FileWatermarkStore.open(base, options);
                WatermarkStore b = FileWatermarkStore.open(base, options)) {
            a.advance(KEY, new Watermark(1, 0, "d"));
            Path lock = base.resolve("v1/watermarks").resolve(FileCodec.fileName(KEY) + FileNames.LOCK);
            disk.inode = (Long) Files.getAttribute(lock, "unix:ino", LinkOption.NOFOLLOW_LINKS);
            for (int i = 2; i < 2_000; i++) {
                (i % 2 == 0 ? a : b).advance(KEY, new Watermark(i, 0, "d"));
            }
            assertThat(disk.lost.get()).isNull();
            assertThat(disk.checks.get()).isGreaterThan(1_000);
        }
    }

    @Test
    void twoMonitorsForOneLockFileLetAClosingChannelDropTheOtherHoldersOsLock() throws Exception {
        Path base = tmp.resolve("base");
        CheckingDisk disk = new CheckingDisk();
        FileOptions options = new FileOptions(false, true, false, disk);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (WatermarkStore old = FileWatermarkStore.open(base, options)) {
            old.advance(KEY, new Watermark(1, 0, "d"));
            Path moved = Files.move(base, tmp.resolve("moved-base"));
            Files.createSymbolicLink(base, moved);
            try (WatermarkStore fresh = FileWatermarkStore.open(base, options)) {
                Path lock = moved.resolve("v1/watermarks").resolve(FileCodec.fileName(KEY) + FileNames.LOCK);
                disk.inode = (Long) Files.getAttribute(lock, "unix:ino", LinkOption.NOFOLLOW_LINKS);
                AtomicLong level = new AtomicLong(1);
                AtomicInteger refused = new AtomicInteger();
                CyclicBarrier start = new CyclicBarrier(2);
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
                List<Future<?>> runs = List.of(old, fresh).stream()
                        .map(s -> pool.submit(() -> {
                            start.await();
                            // Each refusal keeps a channel open for good: stop well before the descriptor limit.
                            while (disk.lost.get() == null && refused.get() < 4_000 && System.nanoTime() < deadline) {
                                try {
                                    s.advance(KEY, new Watermark(level.incrementAndGet(), 0, "d"));
                                } catch (BackendUnavailableException e) {
                                    refused.incrementAndGet();
                                }
                            }
                            return null;
                        }))
                        .<Future<?>>map(f -> f)
                        .toList();
                for (Future<?> f : runs) {
                    f.get(120, TimeUnit.SECONDS);
                }
                assertThat(disk.lost.get())
                        .as("an update ran without the OS lock (" + disk.checks.get() + " updates, " + refused.get()
                                + " refused)")
                        .isNull();
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
