package io.tidemark.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.Health;
import io.tidemark.watermark.AdvanceResult;
import io.tidemark.watermark.StoredWatermark;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Fourth adversarial review of {@link CloseState}, now a counter and a monitor instead of a read-write lock. The lock
 * was reentrant: a close reached again from inside the backend's close, on the same thread (a backend that closes
 * the store owning it, a resource registry closing everything it holds, including that store), found the store
 * closed and returned. The monitor version made that second close wait for the first to be done, which it never is:
 * the closing thread waited on itself forever.
 */
class Attack4CloseFromInsideBackendCloseTest {

    @Test
    void aCloseReachedFromInsideTheBackendsCloseReturns() throws Exception {
        AtomicInteger backendCloses = new AtomicInteger();
        AtomicReference<WatermarkStore> owner = new AtomicReference<>();
        WatermarkStore store = Checked.watermarkStore(new ClosingItsOwner(backendCloses, owner));
        owner.set(store);
        Thread closer = new Thread(store::close, "closer");
        closer.setDaemon(true); // if it hangs, it must not keep the test JVM alive
        closer.start();
        // A condition, not a sleep: the close either finishes, or waits (on the monitor) for a close that is its own.
        while (closer.isAlive() && closer.getState() != Thread.State.WAITING) {
            Thread.onSpinWait();
        }
        assertThat(closer.getState())
                .as("the closer waits for itself (a close from inside the backend's close)")
                .isNotEqualTo(Thread.State.WAITING);
        closer.join();
        assertThat(backendCloses.get()).as("backend closes").isEqualTo(1);
        assertThatThrownBy(() -> store.get(new WatermarkKey("NetX", "tz1close", "block")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageEndingWith(" is closed");
    }

    /** A CloseState closed from inside its own closeBackend: the inner close returns, the backend is closed once. */
    @Test
    void aNestedCloseOfTheStateReturnsAndClosesTheBackendOnce() throws Exception {
        CloseState state = new CloseState("store");
        AtomicInteger closes = new AtomicInteger();
        Thread closer = new Thread(() -> state.close(() -> {
            closes.incrementAndGet();
            state.close(closes::incrementAndGet);
        }));
        closer.setDaemon(true);
        closer.start();
        while (closer.isAlive() && closer.getState() != Thread.State.WAITING) {
            Thread.onSpinWait();
        }
        assertThat(closer.getState()).as("the closer waits for itself").isNotEqualTo(Thread.State.WAITING);
        closer.join();
        assertThat(closes.get()).isEqualTo(1);
    }

    /** A backend whose close closes the store that owns it. */
    private static final class ClosingItsOwner implements WatermarkBackend {
        private final AtomicInteger closes;
        private final AtomicReference<WatermarkStore> owner;

        ClosingItsOwner(AtomicInteger closes, AtomicReference<WatermarkStore> owner) {
            this.closes = closes;
            this.owner = owner;
        }

        @Override
        public String toString() {
            return "closing-its-owner backend";
        }

        @Override
        public AdvanceResult advance(WatermarkKey key, Watermark mark) {
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
            closes.incrementAndGet();
            owner.get().close();
        }
    }
}
