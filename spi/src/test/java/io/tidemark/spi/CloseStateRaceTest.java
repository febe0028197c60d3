package io.tidemark.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * {@link CloseState} without its lock: callers and closers race, and no call ever runs on a closed backend, every
 * close returns only once the backend is closed, and the backend is closed once.
 */
class CloseStateRaceTest {
    @Test
    void callsRacingTwoClosersNeverRunOnAClosedBackend() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(6);
        AtomicLong ran = new AtomicLong();
        try {
            for (int round = 0; round < 300; round++) {
                CloseState state = new CloseState("store " + round);
                AtomicBoolean backendClosed = new AtomicBoolean();
                AtomicLong closes = new AtomicLong();
                AtomicLong violations = new AtomicLong();
                CyclicBarrier start = new CyclicBarrier(6);
                List<Future<?>> all = new ArrayList<>();
                for (int c = 0; c < 4; c++) {
                    all.add(pool.submit(() -> {
                        start.await();
                        for (int i = 0; i < 2_000; i++) {
                            try {
                                state.call(() -> {
                                    if (backendClosed.get()) {
                                        violations.incrementAndGet();
                                    }
                                    ran.incrementAndGet();
                                    Thread.yield(); // stay inside a little, so that close has calls to wait for
                                    if (backendClosed.get()) {
                                        violations.incrementAndGet();
                                    }
                                    return null;
                                });
                            } catch (IllegalStateException closed) {
                                assertThat(closed.getMessage()).endsWith(" is closed");
                                return null;
                            }
                        }
                        return null;
                    }));
                }
                for (int c = 0; c < 2; c++) {
                    all.add(pool.submit(() -> {
                        start.await();
                        state.close(() -> {
                            closes.incrementAndGet();
                            backendClosed.set(true);
                        });
                        assertThat(backendClosed)
                                .as("close returned before the backend was closed")
                                .isTrue();
                        return null;
                    }));
                }
                for (Future<?> f : all) {
                    f.get(30, TimeUnit.SECONDS);
                }
                assertThat(violations.get())
                        .as("calls that ran on a closed backend")
                        .isZero();
                assertThat(closes.get()).as("backend closes").isEqualTo(1);
                assertThat(state.check(() -> {
                            throw new AssertionError("check ran on a closed store");
                        }))
                        .isInstanceOf(io.tidemark.Health.Unreachable.class);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(ran.get()).as("calls that ran before a close").isPositive();
    }
}
