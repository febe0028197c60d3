package io.tidemark.spi;

import static org.assertj.core.api.Assertions.assertThat;

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
            public void close() {
                events.add("backend closed");
            }
        };
        WatermarkStore store = Checked.watermarkStore(backend);
        CompletableFuture<AdvanceResult> call = CompletableFuture.supplyAsync(
                () -> store.advance(new WatermarkKey("NetX", "tz1close", "block"), new Watermark(9, 0, "d")));
        assertThat(inside.await(5, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Void> closing = CompletableFuture.runAsync(store::close);
        Thread.sleep(200);
        boolean closeReturnedFirst = closing.isDone();
        events.add("close returned? " + closeReturnedFirst);
        release.countDown();
        call.get(5, TimeUnit.SECONDS);
        closing.get(5, TimeUnit.SECONDS);
        assertThat(closeReturnedFirst)
                .as("close() returned while a call was still inside the backend; events: " + events)
                .isFalse();
    }
}
