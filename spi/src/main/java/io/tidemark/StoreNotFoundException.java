package io.tidemark;

/** The configured table or directory does not exist. The message names it and gives the command that creates it. */
public class StoreNotFoundException extends TidemarkException {
    private static final long serialVersionUID = 1L;

    public StoreNotFoundException(String message, Throwable cause) {
        super(message, cause);
    }
}
