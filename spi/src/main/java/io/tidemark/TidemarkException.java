package io.tidemark;

/**
 * Root of every fault Tidemark reports. Unchecked. "Lost the race" outcomes (refused, stale, conflict)
 * are return values, never exceptions: an exception always means the operation could not be decided.
 * Messages name the store, the key and the cause, and never contain a credential.
 */
public class TidemarkException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TidemarkException(String message) {
        super(message);
    }

    public TidemarkException(String message, Throwable cause) {
        super(message, cause);
    }
}
