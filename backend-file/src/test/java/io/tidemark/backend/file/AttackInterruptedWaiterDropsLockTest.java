package io.tidemark.backend.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.BackendUnavailableException;
import io.tidemark.CorruptedStoreException;
import io.tidemark.watermark.AdvanceResult;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Adversarial review of the in-JVM lock (issue 10 item 1 fix). The fix keys the JVM monitor on (directory file key,
 * key name) and, when a second channel of this JVM finds the lock file already locked, waits in {@code acquire}
 * with the channel OPEN. If that waiter is interrupted it throws and closes its channel, and closing any channel on
 * a file drops every fcntl lock this process holds on it, including the one the holder is relying on. Another
 * process then enters the same key: both sign one level with different digests.
 *
 * <p>Two monitors for one lock file arise whenever the lock file's identity differs from what the monitor is keyed
 * on: (a) the store directory is replaced while a handle is open (restore from backup: {@code mv watermarks
 * watermarks.old; cp -a watermarks.old watermarks}) and a second handle is opened afterwards: the old handle's
 * monitor names the old inode, the new handle's the new one, but both open the same path; (b) a {@code .lock} file
 * hard-linked to another key's lock file.
 *
 * <p>The monitors are named by the directory's device and inode again, and a handle checks before each call that its
 * path still leads to that directory (one stat): after (a) the old handle refuses, and a holder that the restore
 * caught inside an update finds its lock file replaced before writing and writes nothing.
 */
class AttackInterruptedWaiterDropsLockTest {
    static final WatermarkKey KEY = new WatermarkKey("NetXattack", "tz1lockdrop", "block");
    static final WatermarkKey OTHER = new WatermarkKey("NetXattack", "tz1lockdrop", "attestation");

    @TempDir
    Path tmp;

    /** A disk whose read of {@code KEY}'s data file returns the bytes and then waits: the holder has decided on them. */
    static final class HoldingDisk extends ForwardingDisk {
        final CountDownLatch holding = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        volatile boolean armed;

        HoldingDisk() {
            super(RealDisk.INSTANCE);
        }

        @Override
        public Optional<byte[]> read(Path file, int maxBytes) throws IOException {
            Optional<byte[]> r = super.read(file, maxBytes);
            if (armed && file.getFileName().toString().equals(FileCodec.fileName(KEY) + FileNames.DATA)) {
                armed = false;
                holding.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    throw new IOException(e);
                }
            }
            return r;
        }
    }

    @Test
    void aDirectoryRestoredUnderAnOpenHandleLetsAnInterruptedWaiterDropTheHoldersLock_doubleSign() throws Exception {
        Path base = tmp.resolve("base");
        HoldingDisk disk = new HoldingDisk();
        WatermarkStore old = FileWatermarkStore.open(base, new FileOptions(true, true, false, disk));
        old.advance(KEY, new Watermark(5, 0, "vh5"));
        WatermarkStore[] fresh = new WatermarkStore[1];
        // While the old handle is inside an update, the operator restores the store directory from a copy, and a
        // second handle on the same base_dir is opened (a reloaded component, a health check...).
        race(
                old,
                disk,
                () -> {
                    Path dir = base.resolve("v1").resolve("watermarks");
                    Path saved = Files.move(dir, base.resolve("v1").resolve("watermarks.old"));
                    Files.createDirectory(
                            dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                    try (var files = Files.list(saved)) {
                        for (Path p : files.toList()) {
                            Files.copy(p, dir.resolve(p.getFileName()));
                        }
                    }
                    fresh[0] = FileWatermarkStore.open(base, true);
                },
                () -> fresh[0].advance(KEY, new Watermark(5, 1, "waiter")),
                base);
        // The old handle's directory is another one now: it refuses, and the fresh handle goes on.
        assertThatThrownBy(() -> old.advance(KEY, new Watermark(7, 0, "old")))
                .isInstanceOf(BackendUnavailableException.class)
                .hasMessageContaining("moved or replaced");
        assertThat(fresh[0].advance(KEY, new Watermark(7, 0, "fresh"))).isInstanceOf(AdvanceResult.Advanced.class);
        fresh[0].close();
        old.close();
    }

    interface ThrowingRunnable {
        void run() throws Exception;
    }

    /** A lock file with a second name is refused before it is opened, so no second channel can exist to close. */
    @Test
    void aHardLinkedLockFileLetsAnInterruptedWaiterDropTheHoldersLock_doubleSign() throws Exception {
        Path base = tmp.resolve("base");
        try (WatermarkStore store = FileWatermarkStore.open(base, true)) {
            store.advance(KEY, new Watermark(5, 0, "vh5"));
            store.advance(OTHER, new Watermark(1, 0, "x"));
            Path dir = base.resolve("v1").resolve("watermarks");
            Path otherLock = dir.resolve(FileCodec.fileName(OTHER) + FileNames.LOCK);
            Files.delete(otherLock);
            Files.createLink(otherLock, dir.resolve(FileCodec.fileName(KEY) + FileNames.LOCK));
            for (WatermarkKey k : List.of(KEY, OTHER)) {
                assertThatThrownBy(() -> store.advance(k, new Watermark(6, 0, "d")))
                        .isInstanceOf(CorruptedStoreException.class)
                        .hasMessageContaining("hard links");
            }
            assertThat(store.get(KEY)).contains(new Watermark(5, 0, "vh5"));
            assertThat(store.get(OTHER)).contains(new Watermark(1, 0, "x"));
        }
    }

    /**
     * Thread H advances KEY to (6, 0, "holder") and stops after reading the stored mark, holding the key's locks.
     * Thread W, through another monitor, opens the same lock file and waits; W is interrupted. A child JVM then
     * advances KEY to (6, 0, "child"). Both must not be Advanced.
     */
    private void race(
            WatermarkStore holderStore,
            HoldingDisk disk,
            ThrowingRunnable whileHolding,
            java.util.concurrent.Callable<?> waiterCall,
            Path base)
            throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(3);
        Process child = null;
        try {
            disk.armed = true;
            Future<AdvanceResult> holder = pool.submit(() -> holderStore.advance(KEY, new Watermark(6, 0, "holder")));
            assertThat(disk.holding.await(30, TimeUnit.SECONDS))
                    .as("holder inside the update")
                    .isTrue();
            whileHolding.run();
            Thread[] waiterThread = new Thread[1];
            CountDownLatch started = new CountDownLatch(1);
            Future<?> waiter = pool.submit(() -> {
                waiterThread[0] = Thread.currentThread();
                started.countDown();
                return waiterCall.call();
            });
            started.await();
            // Wait (without sleeping) until the waiter is stuck behind the holder (blocked on the key's monitor, or
            // parked
            // waiting for the lock) or has already been refused; then interrupt it.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            Set<Thread.State> stuck =
                    EnumSet.of(Thread.State.BLOCKED, Thread.State.WAITING, Thread.State.TIMED_WAITING);
            while (!waiter.isDone() && !stuck.contains(waiterThread[0].getState()) && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertThat(waiter.isDone() || stuck.contains(waiterThread[0].getState()))
                    .as("waiter stuck or refused")
                    .isTrue();
            waiterThread[0].interrupt();
            Throwable waiterError = null;
            try {
                waiter.get(
                        2, TimeUnit.SECONDS); // a waiter blocked on the key's monitor ignores the interrupt: it goes on
                // waiting
            } catch (java.util.concurrent.ExecutionException e) {
                waiterError = e.getCause();
            } catch (java.util.concurrent.TimeoutException e) {
                waiterError = e;
            }
            // Another process on the same host now advances the key the holder is in the middle of updating.
            String java =
                    Path.of(System.getProperty("java.home"), "bin", "java").toString();
            child = new ProcessBuilder(
                            java,
                            "-XX:TieredStopAtLevel=1",
                            "-XX:+UseSerialGC",
                            "-cp",
                            System.getProperty("java.class.path"),
                            AttackAdvanceChild.class.getName(),
                            base.toString(),
                            KEY.chainId(),
                            KEY.publicKeyHash(),
                            KEY.requestKind(),
                            "6",
                            "0",
                            "child")
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            BufferedReader out =
                    new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            Future<String> childAnswer = pool.submit(out::readLine);
            String childLine;
            try {
                // The child either waits for the holder's lock (correct: this times out) or gets through at once.
                childLine = childAnswer.get(15, TimeUnit.SECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                childLine = null;
            }
            disk.release.countDown();
            AdvanceResult h;
            try {
                h = holder.get(60, TimeUnit.SECONDS);
            } catch (java.util.concurrent.ExecutionException e) {
                assertThat(e.getCause())
                        .as("a holder refused for a lock file replaced under it")
                        .isInstanceOf(BackendUnavailableException.class)
                        .hasMessageContaining("nothing was written");
                h = null;
            }
            if (childLine == null) {
                childLine = childAnswer.get(60, TimeUnit.SECONDS);
            }
            List<String> advanced = new ArrayList<>();
            if (h instanceof AdvanceResult.Advanced) {
                advanced.add("holder");
            }
            if (childLine != null && childLine.startsWith("Advanced")) {
                advanced.add("child");
            }
            assertThat(advanced)
                    .as("level 6 round 0 signed with two digests (waiter's error was: " + waiterError + "; child said: "
                            + childLine + ")")
                    .hasSizeLessThan(2);
        } finally {
            disk.release.countDown();
            pool.shutdownNow();
            if (child != null) {
                child.destroyForcibly();
            }
        }
    }
}
