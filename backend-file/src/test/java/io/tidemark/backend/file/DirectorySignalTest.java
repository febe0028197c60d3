package io.tidemark.backend.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.BackendUnavailableException;
import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.Publisher;
import io.tidemark.spi.ChangeSignal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file publisher's change signal, started on its own (no polling behind it): a write by another handle wakes it,
 * and so does a removal; stopping it ends its thread.
 */
class DirectorySignalTest {
    private static final LedgerAlias A = LedgerAlias.parse("l:main");

    @TempDir
    Path tmp;

    @Test
    void anotherHandlesWritesAndDeletesWakeItAndStopEndsItsThread() throws Exception {
        Publisher writer = FilePublisher.open(tmp, false);
        ChangeSignal signal = new FilePublisher(tmp, FileOptions.defaults(false)).changeSignal();
        assertThat(signal.pollInterval()).isEqualTo(Duration.ofSeconds(2));
        Semaphore wakes = new Semaphore(0);
        ChangeSignal.Stop stop = signal.start(wakes::release);
        Thread relay = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName()
                        .equals("tidemark-watch-dir " + tmp.resolve("v1").resolve("nameservice")))
                .findFirst()
                .orElseThrow();
        assertThat(relay.isDaemon()).isTrue();

        writer.publishCommit(A, "c1", 1);
        assertThat(wakes.tryAcquire(30, TimeUnit.SECONDS))
                .as("woken by a write")
                .isTrue();
        wakes.drainPermits();
        writer.delete(A);
        assertThat(wakes.tryAcquire(30, TimeUnit.SECONDS))
                .as("woken by a delete")
                .isTrue();

        stop.close();
        relay.join(TimeUnit.SECONDS.toMillis(30));
        assertThat(relay.isAlive()).as("the relay thread after stop").isFalse();
        writer.close();
    }

    @Test
    void aDirectoryThatCannotBeWatchedIsATypedError() throws Exception {
        Path gone = Files.createDirectory(tmp.resolve("gone"));
        DirectorySignal signal = new DirectorySignal(gone);
        Files.delete(gone);
        assertThatThrownBy(() -> signal.start(() -> {}))
                .isInstanceOf(BackendUnavailableException.class)
                .hasMessageContaining(gone.toString());
        assertThat(signal.toString()).contains(gone.toString(), "2 s");
        assertThat(Optional.of(signal.pollInterval())).contains(DirectorySignal.POLL);
    }
}
