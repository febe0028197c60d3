package io.tidemark.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Fourth adversarial review of {@link CloseState} (an attack that held). A call counts itself in flight before it
 * looks at {@code closed}, so a call refused because the store is closing still holds the count above zero while it
 * builds its exception, and close waits until it sees the count at zero. Could callers that keep calling a closing
 * store (a retry loop, a health poller, a pool draining its queue) keep close from ever seeing zero, as a waiting
 * writer of the old read-write lock would not have let them? No: every refused call that brings the count to zero
 * wakes the closer, and it finds a zero while the callers go on calling (they stop only once close has returned).
 */
class Attack4LateCallersStarveCloseTest {
    static final int CALLERS = 4;
    /** A bound on how long callers keep calling while close has not returned: a starved close fails the test. */
    static final long CALLING_FOR_AT_MOST_NANOS = TimeUnit.SECONDS.toNanos(120);

    @Test
    void callersRefusedForAClosedStoreDoNotHoldCloseBack() throws Exception {
        CloseState state = new CloseState("store");
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        AtomicBoolean backendClosed = new AtomicBoolean();
        AtomicBoolean closeReturned = new AtomicBoolean();
        AtomicInteger callersThatSawClose = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(CALLERS + 2);
        try {
            Future<?> first = pool.submit(() -> state.call(() -> {
                inside.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return null;
            }));
            assertThat(inside.await(30, TimeUnit.SECONDS)).isTrue();
            Thread[] closerThread = new Thread[1];
            CountDownLatch closerStarted = new CountDownLatch(1);
            Future<?> closer = pool.submit(() -> {
                closerThread[0] = Thread.currentThread();
                closerStarted.countDown();
                state.close(() -> backendClosed.set(true));
                closeReturned.set(true);
            });
            closerStarted.await();
            while (closerThread[0].getState() != Thread.State.WAITING) { // waiting for the first call: closed is set
                Thread.onSpinWait();
            }
            CountDownLatch callersStarted = new CountDownLatch(CALLERS);
            List<Future<Long>> callers = new ArrayList<>();
            for (int c = 0; c < CALLERS; c++) {
                callers.add(pool.submit(() -> {
                    callersStarted.countDown();
                    long refused = 0;
                    long deadline = System.nanoTime() + CALLING_FOR_AT_MOST_NANOS;
                    // keep calling until close has returned: callers that never stop must not hold it back
                    do {
                        try {
                            state.call(() -> {
                                throw new AssertionError("a call ran on a closing store");
                            });
                        } catch (IllegalStateException e) {
                            refused++;
                        }
                    } while (!closeReturned.get() && System.nanoTime() < deadline);
                    if (closeReturned.get()) { // this caller stopped because close returned
                        callersThatSawClose.incrementAndGet();
                    }
                    return refused;
                }));
            }
            callersStarted.await();
            release.countDown(); // the one call in flight returns: close may go on now
            first.get(30, TimeUnit.SECONDS);
            long refused = 0;
            for (Future<Long> f : callers) {
                refused += f.get(300, TimeUnit.SECONDS);
            }
            assertThat(refused).as("calls refused, at least one per caller").isGreaterThanOrEqualTo(CALLERS);
            closer.get(30, TimeUnit.SECONDS);
            assertThat(callersThatSawClose.get())
                    .as("callers that stopped because close returned (the others gave up after 120 s of calling:"
                            + " close was starved)")
                    .isEqualTo(CALLERS);
            assertThat(backendClosed).isTrue();
        } finally {
            release.countDown();
            pool.shutdownNow();
        }
    }
}
