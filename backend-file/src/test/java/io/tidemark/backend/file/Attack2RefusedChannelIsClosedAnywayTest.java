package io.tidemark.backend.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.BackendUnavailableException;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Second adversarial review of the OverlappingFileLockException fix. {@code acquire} adds the refused channel to
 * {@code NEVER_CLOSED} and throws, but the channel was opened in {@code locked}'s try-with-resources, which closes
 * it as the exception leaves the block. Closing it drops every fcntl lock this process holds on the file, the
 * holder's included. With two monitors for one lock file (a store moved behind a symlink while open, see
 * {@link Attack2DirectoryMovedBehindSymlinkTest}, or code outside Tidemark holding the file), one refused call
 * silently unlocks the holder: a child JVM then advances the key the holder is deciding on, and both sign one level.
 */
class Attack2RefusedChannelIsClosedAnywayTest {
    static final WatermarkKey KEY = AttackInterruptedWaiterDropsLockTest.KEY;

    @TempDir
    Path tmp;

    /**
     * Code outside Tidemark in this JVM holds the key's lock file. Our call is refused; afterwards the OS lock must
     * still be held: a child JVM trying the same key must wait until the holder releases it, then get through.
     */
    @Test
    void aRefusedCallLeavesTheOtherHoldersOsLockInPlace() throws Exception {
        Path base = tmp.resolve("base");
        try (WatermarkStore store = FileWatermarkStore.open(base, true)) {
            store.advance(KEY, new Watermark(5, 0, "vh5"));
            Path lockFile = base.resolve("v1/watermarks").resolve(FileCodec.fileName(KEY) + FileNames.LOCK);
            Process child = null;
            try (FileChannel foreign = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
                FileLock held = foreign.lock();
                assertThatThrownBy(() -> store.advance(KEY, new Watermark(6, 0, "refused")))
                        .isInstanceOf(BackendUnavailableException.class)
                        .hasMessageContaining("another channel of this JVM");
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
                CompletableFuture<String> answer = CompletableFuture.supplyAsync(() -> {
                    try {
                        return out.readLine();
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                });
                assertThatThrownBy(() -> answer.get(5, TimeUnit.SECONDS))
                        .as("the child must wait for the held OS lock")
                        .isInstanceOf(TimeoutException.class);
                held.release();
                assertThat(answer.get(60, TimeUnit.SECONDS)).startsWith("Advanced");
            } finally {
                if (child != null) {
                    child.destroyForcibly();
                }
            }
            assertThat(store.get(KEY)).contains(new Watermark(6, 0, "child"));
            assertThat(Files.exists(lockFile)).isTrue();
        }
    }
}
