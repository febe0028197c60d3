package io.tidemark.publisher;

import java.util.Objects;
import java.util.Optional;

/**
 * The outcome of {@link Publisher#publishCommit} / {@link Publisher#publishIndex}. {@link Stale} is a normal
 * outcome (another writer is ahead), never an exception, and never looks like success: check {@link #applied()}.
 */
public sealed interface PublishResult {

    /** True only for {@link Updated}. */
    boolean applied();

    /** The record as stored after the call. */
    NsRecord current();

    /** The head advanced. {@code previous} is the record before (empty if the call created it). */
    record Updated(Optional<NsRecord> previous, NsRecord current) implements PublishResult {
        public Updated {
            Objects.requireNonNull(previous, "previous");
            Objects.requireNonNull(current, "current");
        }

        @Override
        public boolean applied() {
            return true;
        }
    }

    /** The same t and address were already stored (an idempotent retry); nothing was written. */
    record Unchanged(NsRecord current) implements PublishResult {
        public Unchanged {
            Objects.requireNonNull(current, "current");
        }

        @Override
        public boolean applied() {
            return false;
        }
    }

    /** A higher t, or the same t with another address, is stored; nothing was written. */
    record Stale(NsRecord current) implements PublishResult {
        public Stale {
            Objects.requireNonNull(current, "current");
        }

        @Override
        public boolean applied() {
            return false;
        }
    }
}
