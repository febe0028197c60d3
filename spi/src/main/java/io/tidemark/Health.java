package io.tidemark;

import java.util.Objects;

/**
 * Whether a store can serve calls now, as its {@code check()} found it: {@link Reachable} with a detail saying what
 * was looked at, or {@link Unreachable} with the reason. A check is cheap and has no side effects; it never throws
 * for a backend fault (the fault becomes {@code Unreachable}), and a reason never carries a credential.
 */
public sealed interface Health {

    /** True if the store answered the check. */
    boolean reachable();

    /**
     * The store answered.
     *
     * @param detail what was checked, for example {@code table 'watermark' ACTIVE}; not null
     */
    record Reachable(String detail) implements Health {
        /** Validates that the detail is present. */
        public Reachable {
            Objects.requireNonNull(detail, "detail");
        }

        @Override
        public boolean reachable() {
            return true;
        }
    }

    /**
     * The store cannot serve calls now (or is closed).
     *
     * @param reason why, one line naming the store and what failed; not null
     */
    record Unreachable(String reason) implements Health {
        /** Validates that the reason is present. */
        public Unreachable {
            Objects.requireNonNull(reason, "reason");
        }

        @Override
        public boolean reachable() {
            return false;
        }
    }
}
