package io.tidemark.backend.dynamodb;

import io.tidemark.AccessDeniedException;
import io.tidemark.BackendUnavailableException;
import io.tidemark.InvalidInputException;
import io.tidemark.OutcomeUnknownException;
import io.tidemark.StoreNotFoundException;
import io.tidemark.TidemarkException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * Maps the SDK's exceptions onto Tidemark's hierarchy, and says which failures prove that a request was not applied.
 * Messages name the operation, key and table, never a credential.
 */
final class Errors {
    private static final Set<String> DENIED = Set.of(
            "AccessDeniedException",
            "UnrecognizedClientException",
            "InvalidSignatureException",
            "ExpiredTokenException",
            "MissingAuthenticationTokenException",
            "MissingAuthenticationToken",
            "IncompleteSignature",
            "IncompleteSignatureException",
            "InvalidClientTokenId",
            "SignatureDoesNotMatch");
    private static final Set<String> THROTTLED = Set.of(
            "ProvisionedThroughputExceededException",
            "RequestLimitExceeded",
            "ThrottlingException",
            "ThrottlingExceptions",
            "Throttling",
            "TooManyRequestsException",
            "LimitExceededException");

    private Errors() {}

    /**
     * Whether {@code e} proves the server did not apply the request: it refused it for throughput (throttling), or
     * the request was never sent (the connection could not be made, the credentials could not be loaded). Only these
     * are retried by the SDK ({@link Retries}); a server error, a reset or closed connection or a timeout after the
     * request was sent may hide an applied write.
     */
    static boolean notApplied(Throwable e) {
        if (e instanceof AwsServiceException s) {
            return isThrottling(s);
        }
        return notSent(e);
    }

    /**
     * Whether a write that failed with {@code e} may nevertheless have been applied: a server error (5xx other than
     * throttling), a timeout, or a client-side failure after the request may have been sent.
     */
    static boolean ambiguous(RuntimeException e) {
        if (e instanceof AwsServiceException s) {
            return s.statusCode() >= 500 && !isThrottling(s);
        }
        return e instanceof SdkClientException && !notSent(e);
    }

    /**
     * Whether a call failed with a timeout (the API call timeout, or the socket read timeout that goes with it): the
     * time budget is spent, so the backend does not resend a write.
     */
    static boolean isTimeout(RuntimeException e) {
        if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) {
            return true;
        }
        for (Throwable c = e.getCause(); c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof SocketTimeoutException) {
                return !notSent(e);
            }
        }
        return false;
    }

    private static boolean isThrottling(AwsServiceException s) {
        return s.isThrottlingException() || THROTTLED.contains(code(s));
    }

    /** The connection was never made, so nothing was sent. */
    private static boolean notSent(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof ConnectException
                    || c instanceof UnknownHostException
                    || c instanceof NoRouteToHostException
                    || c.getClass().getSimpleName().equals("ConnectTimeoutException")) {
                return true;
            }
        }
        return isCredentialFailure(e);
    }

    /**
     * Whether {@code e} was thrown while resolving credentials (before anything is sent): the SDK reports it as a
     * plain client exception, so it is recognised by where it was thrown, the identity provider's public
     * {@code resolveIdentity} / {@code resolveCredentials} methods.
     */
    static boolean isCredentialFailure(Throwable e) {
        for (Throwable c = e; c != null; c = c.getCause() == c ? null : c.getCause()) {
            for (StackTraceElement f : c.getStackTrace()) {
                if (f.getMethodName().equals("resolveIdentity")
                        || f.getMethodName().equals("resolveCredentials")) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * Maps a failure that did not leave a write's outcome open: a read's failure, a refusal, a request never sent.
     *
     * @param what the operation and key, for example {@code advance NetX/tz1/block}
     * @param table names the table and how to create it and which IAM actions it needs
     */
    static TidemarkException map(String what, Table table, RuntimeException e) {
        Connection c = table.connection;
        String where = what + " on " + c.where();
        if (e instanceof ResourceNotFoundException) {
            return new StoreNotFoundException(
                    where + ": the table does not exist. Create it with:\n  " + table.createCommand(), e);
        }
        if (isCredentialFailure(e)) {
            return new AccessDeniedException(
                    where + ": no AWS credentials could be loaded (" + rootMessage(e) + "); " + credentialHint(), e);
        }
        if (isTimeout(e)) {
            return new BackendUnavailableException(
                    where + ": no answer within " + c.timeout().toMillis()
                            + " ms (dynamodbTimeoutMs / timeout_ms); safe to retry",
                    e);
        }
        if (e instanceof AwsServiceException s) {
            String code = code(s);
            String msg = s.awsErrorDetails() == null
                    ? s.getMessage()
                    : s.awsErrorDetails().errorMessage();
            if (DENIED.contains(code) || s.statusCode() == 403) {
                return new AccessDeniedException(
                        where + ": access denied (" + code + "): " + msg + "; check the credentials ("
                                + credentialHint() + ") and that the IAM policy allows " + table.iamActions()
                                + " on the table; test with:\n  aws dynamodb describe-table --table-name " + c.table()
                                + " --region " + c.region(),
                        e);
            }
            if (isThrottling(s) || s.statusCode() >= 500) {
                return new BackendUnavailableException(
                        where + ": DynamoDB is throttling or failing (" + code + "): " + msg + "; safe to retry", e);
            }
            if ("ValidationException".equals(code)) {
                return new InvalidInputException("item", what, "DynamoDB rejected it: " + msg);
            }
            return new TidemarkException(where + ": DynamoDB error " + code + ": " + msg, e);
        }
        if (e instanceof SdkClientException) {
            return new BackendUnavailableException(
                    where + ": cannot reach DynamoDB: " + rootMessage(e) + "; safe to retry", e);
        }
        return new TidemarkException(where + ": " + e.getMessage(), e);
    }

    /** A write whose reply was lost and whose outcome could not be established; {@code detail} says what is known. */
    static OutcomeUnknownException unknown(String what, Connection c, RuntimeException e, String detail) {
        String why = e instanceof AwsServiceException s
                ? "DynamoDB answered " + s.statusCode() + " (" + code(s) + ")"
                : isTimeout(e)
                        ? "no answer within " + c.timeout().toMillis() + " ms (dynamodbTimeoutMs / timeout_ms)"
                        : "the connection failed after the request was sent: " + rootMessage(e);
        return new OutcomeUnknownException(what + " on " + c.where() + ": " + why + "; " + detail, e);
    }

    private static String credentialHint() {
        return "set access_key_id and secret_access_key in the config, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY "
                + "(and AWS_SESSION_TOKEN for temporary credentials) in the environment, or a profile in ~/.aws/credentials, "
                + "or run with an IAM role (EC2, ECS, Lambda)";
    }

    private static String code(AwsServiceException s) {
        return s.awsErrorDetails() == null || s.awsErrorDetails().errorCode() == null
                ? ""
                : s.awsErrorDetails().errorCode();
    }

    private static String rootMessage(Throwable t) {
        Throwable r = t;
        while (r.getCause() != null && r.getCause() != r) {
            r = r.getCause();
        }
        return r == t ? String.valueOf(t.getMessage()) : t.getMessage() + " (" + r + ")";
    }
}
