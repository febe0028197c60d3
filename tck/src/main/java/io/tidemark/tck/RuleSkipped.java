package io.tidemark.tck;

/**
 * Thrown by a {@link Rule} that cannot run with the fixture it got (a capability not declared, a hook not
 * provided); the message is the reason. The JUnit suites report the test as skipped (aborted) with it.
 */
public final class RuleSkipped extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** A skip for {@code reason}. */
    public RuleSkipped(String reason) {
        super(reason);
    }
}
