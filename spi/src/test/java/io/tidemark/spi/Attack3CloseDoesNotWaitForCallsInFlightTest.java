package io.tidemark.spi;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.Health;
import io.tidemark.watermark.AdvanceResult;
import io.tidemark.watermark.StoredWatermark;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The layer's close check is check-then-act ({@code lifecycle.check(); return backend.advance(..)}) and close() does
 * not wait for calls that passed the check: close() returns, and closes the backend, while a call is still inside it;
 * that call's write then lands after close() returned, on a backend already closed.
 */
class Attack3CloseDoesNotWaitForCallsInFlightTest {

    @Test
    void noWriteLandsAfterCloseReturned() throws Exception {
        List<String> events = new CopyOnWriteArrayList<>();
        CountDownLatch inside = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        WatermarkBackend backend = new WatermarkBackend() {
            @Override
            public AdvanceResult advance(WatermarkKey key, Watermark mark) {
                inside.countDown();
                try {
                    release.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                events.add("write " + mark.level());
                return new AdvanceResult.Advanced(Optional.empty());
            }

            @Override
            public Optional<Watermark> get(WatermarkKey key) {
                return Optional.empty();
            }

            @Override
            public Stream<StoredWatermark> list() {
                return Stream.empty();
            }

            @Override
            public boolean reset(WatermarkKey key) {
                return false;
            }

            @Override
            public Health check() {
                return new Health.Reachable("test backend");
            }

            @Override
            public void close() {
                events.add("backend closed");
            }
        };
        WatermarkStore store = Checked.watermarkStore(backend);
        CompletableFuture<AdvanceResult> call = CompletableFuture.supplyAsync(
                () -> store.advance(new WatermarkKey("NetX", "tz1close", "block"), new Watermark(9, 0, "d")));
        assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();
        Thread closing = new Thread(store::close, "closer");
        closing.start();
        // a condition, not a sleep: the closer either blocks (waiting for the call in flight) or finishes first
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (closing.getState() != Thread.State.WAITING
                && closing.getState() != Thread.State.TERMINATED
                && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        events.add("close returned? " + (closing.getState() == Thread.State.TERMINATED));
        assertThat(closing.getState())
                .as("close() must wait while a call is inside the backend; events: " + events)
                .isEqualTo(Thread.State.WAITING);
        release.countDown();
        call.get(5, TimeUnit.SECONDS);
        closing.join(5000);
        assertThat(events)
                .as("the call's write lands before the backend is closed")
                .containsSubsequence("write 9", "backend closed");
    }
}
