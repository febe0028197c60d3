package io.tidemark;

/**
 * Stored data cannot be read (a file that does not parse, an item with missing or mistyped attributes).
 * Never treated as "no mark": doing so could allow a double sign. The message names the file or item.
 */
public class CorruptedStoreException extends TidemarkException {
    private static final long serialVersionUID = 1L;

    public CorruptedStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
