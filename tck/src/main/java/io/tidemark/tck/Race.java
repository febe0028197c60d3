package io.tidemark.tck;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;

/** Runs racing threads that start together (latch) and stop at a deadline or an op budget. */
final class Race {
  /** One racer's body: appends what it did to {@code out} while {@code go} is true. */
  interface Body<T> {
    void run(int thread, List<T> out, BooleanSupplier go) throws Exception;
  }

  private Race() {}

  /**
   * A step barrier for {@code parties} racers: each call blocks until all of them have called it. A racer that
   * waits over a minute (another one died) fails with an AssertionError instead of hanging the suite.
   */
  static Runnable barrier(int parties) {
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

  static <T> List<T> run(int threads, Duration budget, Body<T> body) {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch ready = new CountDownLatch(threads);
      CountDownLatch start = new CountDownLatch(1);
      long[] deadline = new long[1];
      List<Future<List<T>>> futures = new ArrayList<>();
      for (int i = 0; i < threads; i++) {
        int thread = i;
        futures.add(pool.submit(() -> {
          List<T> out = new ArrayList<>();
          ready.countDown();
          start.await();
          body.run(thread, out, () -> System.nanoTime() < deadline[0]);
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
    } catch (java.util.concurrent.ExecutionException e) {
      throw new AssertionError("a racing call threw: " + e.getCause(), e.getCause());
    } catch (Exception e) {
      throw new AssertionError("race did not complete: " + e, e);
    } finally {
      pool.shutdownNow();
    }
  }
}
