package io.tidemark.spi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.tidemark.BackendUnavailableException;
import io.tidemark.Health;
import io.tidemark.OperationEvent;
import io.tidemark.watermark.AdvanceResult;
import io.tidemark.watermark.StoredWatermark;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The checking layer's recording and health: one event per call with the exception rethrown as the same instance, a
 * throwing listener that changes neither a result nor an exception, a backend check that throws or answers nothing
 * turned into Unreachable, and a closed store's check answered without the backend.
 */
class OperationEventsTest {
    private static final WatermarkKey KEY = new WatermarkKey("NetX", "tz1", "block");
    private static final BackendUnavailableException FAULT = new BackendUnavailableException("down", null);

    /** Advances always; get fails with {@link #FAULT}; check throws, answers nothing or is Reachable as set. */
    private static final class Backend implements WatermarkBackend {
        RuntimeException checkThrows;
        boolean checkAnswersNothing;
        int checks;

        @Override
        public AdvanceResult advance(WatermarkKey key, Watermark mark) {
            return new AdvanceResult.Advanced(Optional.empty());
        }

        @Override
        public Optional<Watermark> get(WatermarkKey key) {
            throw FAULT;
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
            checks++;
            if (checkThrows != null) {
                throw checkThrows;
            }
            return checkAnswersNothing ? null : new Health.Reachable("fine");
        }

        @Override
        public void close() {}

        @Override
        public String toString() {
            return "test backend";
        }
    }

    @Test
    void oneEventPerCallAndTheBackendsExceptionIsRethrownAsItWas() {
        List<OperationEvent> events = new ArrayList<>();
        WatermarkStore s = Checked.watermarkStore(new Backend(), "test", Optional.of(events::add));
        s.advance(KEY, new Watermark(1, 0, "d"));
        assertThat(catchThrowable(() -> s.get(KEY))).isSameAs(FAULT);
        assertThat(events)
                .extracting(e -> e.driver() + " " + e.contract() + " " + e.operation() + " " + e.requestKind() + " "
                        + e.outcome() + " " + e.error())
                .containsExactly(
                        "test watermark advance Optional[block] advanced Optional.empty",
                        "test watermark get Optional[block] error Optional[BackendUnavailableException]");
    }

    @Test
    void aThrowingListenerChangesNeitherResultNorException() {
        List<String> seen = new ArrayList<>();
        WatermarkStore s = Checked.watermarkStore(new Backend(), "test", Optional.of(e -> {
            seen.add(e.outcome());
            throw new IllegalArgumentException("broken listener");
        }));
        assertThat(s.advance(KEY, new Watermark(1, 0, "d"))).isEqualTo(new AdvanceResult.Advanced(Optional.empty()));
        assertThat(catchThrowable(() -> s.get(KEY))).isSameAs(FAULT);
        assertThat(s.check()).isEqualTo(new Health.Reachable("fine"));
        assertThat(seen).containsExactly("advanced", "error", "reachable");
    }

    @Test
    void aCheckThatThrowsOrAnswersNothingIsUnreachableAndAClosedStoreIsNotAsked() {
        Backend b = new Backend();
        List<String> outcomes = new ArrayList<>();
        WatermarkStore s = Checked.watermarkStore(b, "test", Optional.of(e -> outcomes.add(e.outcome())));
        b.checkThrows = new IllegalStateException("socket gone");
        assertThat(s.check())
                .isEqualTo(new Health.Unreachable("test backend: check failed: IllegalStateException: socket gone"));
        b.checkThrows = null;
        b.checkAnswersNothing = true;
        assertThat(s.check()).isEqualTo(new Health.Unreachable("test backend: the backend's check answered nothing"));
        s.close();
        assertThat(s.check()).isEqualTo(new Health.Unreachable("test backend is closed"));
        assertThat(b.checks)
                .as("the closed store's check did not reach the backend")
                .isEqualTo(2);
        assertThat(outcomes).containsExactly("unreachable", "unreachable", "unreachable");
    }
}
