package io.tidemark.tck;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

/**
 * The TCK's race harness, used by the race rules and by {@code tidemark demo}: racing threads that start together
 * (a latch) and run until their work is done, a deadline passes, or one of them fails.
 */
public final class Race {
    /** One racer's body: appends what it did to {@code out} while {@code go} is true. */
    @FunctionalInterface
    public interface Body<T> {
        /**
         * Runs racer number {@code thread} (0-based); {@code go} turns false at the deadline or when another racer
         * failed.
         */
        void run(int thread, List<T> out, BooleanSupplier go) throws Exception;
    }

    private Race() {}

    /**
     * A step barrier for {@code parties} racers: each call blocks until all of them have called it. A racer that
     * waits over a minute (another one died) fails with an AssertionError instead of hanging the suite.
     */
    public static Runnable barrier(int parties) {
        CyclicBarrier barrier = new CyclicBarrier(parties);
        return () -> {
            try {
                barrier.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted at the racers' barrier", e);
            } catch (BrokenBarrierException | TimeoutException e) {
                throw new AssertionError("a racer never reached the barrier: " + e, e);
            }
        };
    }

    /**
     * Runs {@code threads} racers released together, for at most {@code budget} (their {@code go} turns false
     * then); returns everything they appended, racer by racer. Returns only when every racer has stopped. If a
     * racer throws, the others see {@code go} turn false, and its exception is thrown here as it is (a checked
     * one wrapped in an {@link AssertionError}).
     */
    public static <T> List<T> run(int threads, Duration budget, Body<T> body) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicBoolean failed = new AtomicBoolean();
        try {
            CountDownLatch ready = new CountDownLatch(threads);
            CountDownLatch start = new CountDownLatch(1);
            long[] deadline = new long[1];
            BooleanSupplier go = () -> !failed.get() && System.nanoTime() - deadline[0] < 0;
            List<Future<List<T>>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int thread = i;
                futures.add(pool.submit(() -> {
                    List<T> out = new ArrayList<>();
                    ready.countDown();
                    start.await();
                    try {
                        body.run(thread, out, go);
                    } catch (Throwable t) {
                        failed.set(true);
                        throw t;
                    }
                    return out;
                }));
            }
            ready.await();
            deadline[0] = System.nanoTime() + budget.toNanos();
            start.countDown();
            List<T> all = new ArrayList<>();
            for (Future<List<T>> f : futures) {
                all.addAll(f.get(budget.toMillis() + 120_000, TimeUnit.MILLISECONDS));
            }
            return Collections.unmodifiableList(all);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            } else if (e.getCause() instanceof Error r) {
                throw r;
            }
            throw new AssertionError("a racing call threw: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while racing", e);
        } catch (TimeoutException e) {
            throw new AssertionError("a racer did not finish " + budget + " after its deadline plus two minutes", e);
        } finally {
            failed.set(true);
            pool.shutdownNow();
            awaitStopped(pool);
        }
    }

    private static void awaitStopped(ExecutorService pool) {
        try {
            if (!pool.awaitTermination(2, TimeUnit.MINUTES)) {
                throw new AssertionError("racers did not stop within two minutes of being interrupted");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
