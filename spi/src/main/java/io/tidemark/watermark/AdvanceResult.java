package io.tidemark.watermark;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of {@link WatermarkStore#advance}. The caller may sign exactly when {@link #maySign()} is true:
 * on {@link Advanced} (the new mark was stored) or {@link Repeated} (the very same mark was stored before:
 * a safe idempotent re-sign). {@link Refused} is a normal outcome, never an exception.
 */
public sealed interface AdvanceResult {

    /** True for {@link Advanced} and {@link Repeated}. */
    boolean maySign();

    /** The candidate was higher than the stored mark (or none was stored) and is now stored. */
    record Advanced(Optional<Watermark> previous) implements AdvanceResult {
        public Advanced {
            Objects.requireNonNull(previous, "previous");
        }

        @Override
        public boolean maySign() {
            return true;
        }
    }

    /** The stored mark has the same level, round and digest; nothing was written. */
    record Repeated(Watermark current) implements AdvanceResult {
        public Repeated {
            Objects.requireNonNull(current, "current");
        }

        @Override
        public boolean maySign() {
            return true;
        }
    }

    /** The stored mark {@code current} is higher, or at the same level and round with another digest; nothing was written. */
    record Refused(Watermark current) implements AdvanceResult {
        public Refused {
            Objects.requireNonNull(current, "current");
        }

        @Override
        public boolean maySign() {
            return false;
        }
    }
}
