package io.tidemark;

/** A configuration value or file is missing, malformed or unknown. Names the key, the value (secrets masked) and what was expected. */
public class InvalidConfigException extends TidemarkException {
    private static final long serialVersionUID = 1L;

    public InvalidConfigException(String message) {
        super(message);
    }

    public InvalidConfigException(String message, Throwable cause) {
        super(message, cause);
    }
}
