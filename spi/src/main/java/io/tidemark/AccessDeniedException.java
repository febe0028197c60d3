package io.tidemark;

/** The backend refused the credentials or the permissions (IAM policy, file permissions). Not retryable as is. */
public class AccessDeniedException extends TidemarkException {
    private static final long serialVersionUID = 1L;

    public AccessDeniedException(String message, Throwable cause) {
        super(message, cause);
    }
}
