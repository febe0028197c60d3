package io.tidemark;

/** No backend on the class path (or module path) answers to the configured driver name. The message lists the drivers found. */
public class NoSuchBackendException extends InvalidConfigException {
    private static final long serialVersionUID = 1L;

    public NoSuchBackendException(String message) {
        super(message);
    }
}
