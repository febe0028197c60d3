package io.tidemark;

/**
 * The backend could not be reached or did not answer in time (timeout, connection refused, throttling after
 * the client's own retries). Retryable: the operation may or may not have been applied, and retrying it is
 * safe because every write is conditional and monotonic.
 */
public class BackendUnavailableException extends TidemarkException {
    private static final long serialVersionUID = 1L;

    public BackendUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
