package io.tidemark.backend.dynamodb;

import io.tidemark.BackendConfig;
import io.tidemark.InvalidConfigException;
import io.tidemark.spi.ConfigKey;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Where and how to reach DynamoDB: table, region, optional endpoint, call timeout and credentials. Builds the
 * synchronous client (Apache HTTP client). Credentials come from the SDK's default chain unless keys are
 * configured; they never appear in {@link #toString()} or in messages.
 */
record Connection(
        String table,
        String region,
        Optional<URI> endpoint,
        Duration timeout,
        Optional<AwsCredentialsProvider> credentials) {

    /** Reads the keys named by {@code keys} and the credential keys from {@code config}, defaults applied. */
    static Connection from(BackendConfig config, Keys keys) {
        String table = text(config, keys.table);
        if (!table.matches("[A-Za-z0-9_.-]{3,255}")) {
            throw config.fail(keys.table.name(), "a DynamoDB table name: 3-255 of A-Z a-z 0-9 _ . -");
        }
        String region = text(config, keys.region);
        Optional<URI> endpoint = config.string(keys.endpoint.name()).map(e -> {
            try {
                URI u = URI.create(e);
                if (u.getScheme() == null || u.getHost() == null) {
                    throw new IllegalArgumentException("no scheme or host");
                }
                return u;
            } catch (IllegalArgumentException ex) {
                throw config.fail(keys.endpoint.name(), "a URL such as http://localhost:8000");
            }
        });
        Duration timeout = Duration.ofMillis(
                config.longValue(keys.timeout.name(), DynamoDbBackendProvider.DEFAULT_TIMEOUT_MS, 1, 600_000));
        Optional<String> id = config.string(DynamoDbBackendProvider.ACCESS_KEY_ID.name());
        Optional<String> secret = config.string(DynamoDbBackendProvider.SECRET_ACCESS_KEY.name());
        Optional<String> token = config.string(DynamoDbBackendProvider.SESSION_TOKEN.name());
        if (id.isPresent() != secret.isPresent()) {
            throw new InvalidConfigException("config keys 'access_key_id' and 'secret_access_key' of driver '"
                    + config.driver() + "' must be set together (or neither, to use the AWS default credential chain)");
        }
        Optional<AwsCredentialsProvider> creds = id.map(i -> StaticCredentialsProvider.create(
                token.<AwsCredentials>map(t -> AwsSessionCredentials.create(i, secret.get(), t))
                        .orElseGet(() -> AwsBasicCredentials.create(i, secret.get()))));
        return new Connection(table, region, endpoint, timeout, creds);
    }

    /** A text key's value, else its default; a required key without either fails naming it. */
    private static String text(BackendConfig config, ConfigKey key) {
        return config.string(key.name())
                .or(key::defaultValue)
                .orElseThrow(() -> config.fail(key.name(), "a value (it is required)"));
    }

    /** Describes a client the caller built, for messages; its timeout is whatever the caller configured. */
    static Connection of(DynamoDbClient client, String table) {
        var conf = client.serviceClientConfiguration();
        return new Connection(
                table,
                conf.region().id(),
                conf.endpointOverride(),
                conf.overrideConfiguration().apiCallTimeout().orElse(Duration.ZERO),
                Optional.empty());
    }

    /** The config keys of one contract (the two source guides name them differently). */
    record Keys(ConfigKey table, ConfigKey region, ConfigKey endpoint, ConfigKey timeout) {}

    /** A new client with the backend's retry strategy ({@link Retries}); the caller owns (closes) it. */
    DynamoDbClient client() {
        var builder = DynamoDbClient.builder()
                .region(Region.of(region))
                .httpClientBuilder(Apache5HttpClient.builder()
                        .connectionTimeout(
                                timeout.compareTo(Duration.ofSeconds(2)) < 0 ? timeout : Duration.ofSeconds(2))
                        .socketTimeout(timeout))
                .overrideConfiguration(ClientOverrideConfiguration.builder()
                        .apiCallTimeout(timeout)
                        .retryStrategy(Retries.STRATEGY)
                        .build())
                .credentialsProvider(credentials.orElseGet(
                        () -> DefaultCredentialsProvider.builder().build()));
        endpoint.ifPresent(builder::endpointOverride);
        return builder.build();
    }

    /** {@code table 'x' in region r at endpoint e}: for messages. */
    String where() {
        return "table '" + table + "' in region " + region
                + endpoint.map(e -> " at endpoint " + e).orElse("");
    }

    @Override
    public String toString() {
        return "Connection[" + where() + ", timeout " + timeout.toMillis() + " ms, credentials "
                + (credentials.isPresent() ? "configured (****)" : "from the default chain") + "]";
    }
}
