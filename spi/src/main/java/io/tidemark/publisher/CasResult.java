package io.tidemark.publisher;

import java.util.Objects;
import java.util.Optional;

/** The outcome of a version compare-and-set ({@link Publisher#pushStatus}, {@link Publisher#pushConfig}). */
public sealed interface CasResult {

    /** True only for {@link Applied}. */
    boolean applied();

    /** The stored version matched; {@code record} is the record as stored now, its version bumped by one. */
    record Applied(NsRecord record) implements CasResult {
        public Applied {
            Objects.requireNonNull(record, "record");
        }

        @Override
        public boolean applied() {
            return true;
        }
    }

    /** The stored version differs (or the alias is unknown: empty); nothing was written. */
    record Conflict(Optional<NsRecord> current) implements CasResult {
        public Conflict {
            Objects.requireNonNull(current, "current");
        }

        @Override
        public boolean applied() {
            return false;
        }
    }
}
