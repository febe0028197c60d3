/** The DynamoDB backend, driver {@code aws} (alias {@code dynamodb}). */
module io.tidemark.backend.dynamodb {
    requires io.tidemark.spi;
    requires org.slf4j;
    requires software.amazon.awssdk.services.dynamodb;
    requires software.amazon.awssdk.core;
    requires software.amazon.awssdk.awscore;
    requires software.amazon.awssdk.auth;
    requires software.amazon.awssdk.regions;
    requires software.amazon.awssdk.http;
    requires software.amazon.awssdk.http.apache5;
    requires software.amazon.awssdk.identity.spi;
    requires software.amazon.awssdk.retries;
    requires software.amazon.awssdk.retries.api;
    requires static com.google.auto.service;

    exports io.tidemark.backend.dynamodb;

    provides io.tidemark.spi.BackendProvider with
            io.tidemark.backend.dynamodb.DynamoDbBackendProvider;
}
