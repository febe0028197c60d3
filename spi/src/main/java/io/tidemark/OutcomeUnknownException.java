package io.tidemark;

/**
 * A write reached the backend but its reply was lost (a dropped connection, a server error or a timeout after the
 * request was sent), and the backend could not establish whether it was applied. The call may or may not have
 * taken effect; it never took effect twice. Retrying is safe because every write is conditional and monotonic: a
 * retried {@code advance} of the same mark ends in {@code Advanced} or {@code Repeated}, a retried publish in
 * {@code Updated} or {@code Unchanged}. A retried {@code retract} or compare-and-set is a new operation (it bumps
 * again, or conflicts with the version the first call wrote): look the record up first.
 */
public class OutcomeUnknownException extends BackendUnavailableException {
    private static final long serialVersionUID = 1L;

    public OutcomeUnknownException(String message, Throwable cause) {
        super(message, cause);
    }
}
