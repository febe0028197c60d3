package io.tidemark.backend.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.publisher.LedgerAlias;
import io.tidemark.spi.ChangeSignal;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The memory backend's change signal fires synchronously, once per applied change and never for a call that changed
 * nothing, so watchers see memory changes at once (the TCK's watch rules check what they receive).
 */
class MemoryChangeSignalTest {
    private static final LedgerAlias A = LedgerAlias.parse("l:main");
    private static final LedgerAlias UNKNOWN = LedgerAlias.parse("nobody:main");

    @Test
    void everyAppliedChangeWakesOnceAndNothingElseDoes() {
        MemoryPublisher backend = new MemoryPublisher();
        ChangeSignal signal = backend.changeSignal();
        assertThat(signal.pollInterval()).isEqualTo(Duration.ofSeconds(30));
        AtomicInteger wakes = new AtomicInteger();
        ChangeSignal.Stop stop = signal.start(wakes::incrementAndGet);

        backend.publishCommit(A, "c1", 1, 10);
        assertThat(wakes).as("after an applied commit").hasValue(1);
        backend.publishCommit(A, "c1", 1, 11);
        backend.publishCommit(A, "c0", 0, 11);
        assertThat(wakes).as("after unchanged and stale commits").hasValue(1);
        backend.publishIndex(A, "i1", 1, 12);
        assertThat(wakes).as("after an applied index").hasValue(2);
        backend.publishIndex(A, "i0", 0, 12);
        assertThat(wakes).as("after a stale index").hasValue(2);
        backend.pushStatus(A, 9, "x", Map.of(), 13);
        backend.pushConfig(A, 9, Map.of(), Optional.empty(), 13);
        backend.retract(UNKNOWN, 13);
        backend.delete(UNKNOWN);
        assertThat(wakes).as("after conflicts and calls on an unknown alias").hasValue(2);
        backend.pushStatus(A, 1, "x", Map.of(), 14);
        backend.pushConfig(A, 0, Map.of(), Optional.empty(), 14);
        backend.retract(A, 15);
        backend.delete(A);
        assertThat(wakes).as("after status, config, retract and delete").hasValue(6);

        stop.close();
        backend.publishCommit(A, "c2", 2, 16);
        assertThat(wakes).as("after the signal stopped").hasValue(6);
    }
}
