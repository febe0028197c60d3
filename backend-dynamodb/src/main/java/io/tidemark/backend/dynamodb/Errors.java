package io.tidemark.backend.dynamodb;

import io.tidemark.AccessDeniedException;
import io.tidemark.BackendUnavailableException;
import io.tidemark.InvalidInputException;
import io.tidemark.StoreNotFoundException;
import io.tidemark.TidemarkException;
import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/** Maps the SDK's exceptions onto Tidemark's hierarchy. Messages name the operation, key and table, never a credential. */
final class Errors {
  private static final Set<String> DENIED = Set.of("AccessDeniedException", "UnrecognizedClientException",
      "InvalidSignatureException", "ExpiredTokenException", "MissingAuthenticationTokenException", "IncompleteSignature");
  private static final Set<String> THROTTLED = Set.of("ProvisionedThroughputExceededException", "RequestLimitExceeded",
      "ThrottlingException", "LimitExceededException");

  private Errors() {}

  /**
   * @param what the operation and key, for example {@code advance NetX/tz1/block}
   * @param createTable the command that creates the table, for a missing table
   */
  static TidemarkException map(String what, Connection c, String createTable, SdkException e) {
    String where = what + " on " + c.where();
    if (e instanceof ResourceNotFoundException) {
      return new StoreNotFoundException(where + ": the table does not exist. Create it with:\n  " + createTable, e);
    }
    if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) {
      return new BackendUnavailableException(where + ": no answer within " + c.timeout().toMillis()
          + " ms (dynamodbTimeoutMs / timeout_ms); the call may or may not have been applied and is safe to retry", e);
    }
    if (e instanceof AwsServiceException s) {
      String code = s.awsErrorDetails() == null ? "" : s.awsErrorDetails().errorCode();
      String msg = s.awsErrorDetails() == null ? s.getMessage() : s.awsErrorDetails().errorMessage();
      if (DENIED.contains(code) || s.statusCode() == 403) {
        return new AccessDeniedException(where + ": access denied (" + code + "): " + msg
            + "; check the credentials and the IAM policy (see the module README)", e);
      }
      if (THROTTLED.contains(code) || s.isThrottlingException() || s.statusCode() >= 500) {
        return new BackendUnavailableException(where + ": DynamoDB is throttling or failing after the SDK's retries ("
            + code + "): " + msg + "; safe to retry", e);
      }
      if ("ValidationException".equals(code)) {
        return new InvalidInputException("item", what, "DynamoDB rejected it: " + msg);
      }
      return new TidemarkException(where + ": DynamoDB error " + code + ": " + msg, e);
    }
    if (e instanceof SdkClientException) {
      return new BackendUnavailableException(where + ": cannot reach DynamoDB: " + rootMessage(e)
          + "; the call may or may not have been applied and is safe to retry", e);
    }
    return new TidemarkException(where + ": " + e.getMessage(), e);
  }

  private static String rootMessage(Throwable t) {
    Throwable r = t;
    while (r.getCause() != null && r.getCause() != r) {
      r = r.getCause();
    }
    return r == t ? String.valueOf(t.getMessage()) : t.getMessage() + " (" + r + ")";
  }
}
