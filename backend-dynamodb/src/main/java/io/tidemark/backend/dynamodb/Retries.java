package io.tidemark.backend.dynamodb;

import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.SdkPlugin;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.retries.api.RetryStrategy;

/**
 * The SDK retries only what the server provably did not apply ({@link Errors#notApplied}): throttling, and requests
 * that were never sent (no connection, no credentials). It never retries a server error, a reset or closed
 * connection or a timeout after the request was sent: such a retry of an applied write would fail its condition and
 * be reported as the outcome. The backend itself resends those, recognising its own earlier attempt (see the
 * module README).
 */
final class Retries {
    /** Attempts per SDK call for throttling and connection failures (the DynamoDB client's default is higher). */
    static final int MAX_ATTEMPTS = 5;

    /** The strategy: the SDK's standard backoff, no client-default retry conditions, no circuit breaker. */
    static final RetryStrategy STRATEGY = DefaultRetryStrategy.standardStrategyBuilder()
            .useClientDefaults(false)
            .retryOnException(Errors::notApplied)
            .treatAsThrottling(e -> e instanceof AwsServiceException)
            .circuitBreakerEnabled(false)
            .maxAttempts(MAX_ATTEMPTS)
            .build();

    /**
     * The same strategy as a per-request override, for a client the caller built (whose own strategy retries server
     * errors and dropped connections): a request plugin replaces the client's strategy for that request only.
     */
    static final AwsRequestOverrideConfiguration REQUEST_OVERRIDE = AwsRequestOverrideConfiguration.builder()
            .addPlugin((SdkPlugin) config -> config.overrideConfiguration(o -> o.retryStrategy(STRATEGY)))
            .build();

    private Retries() {}
}
