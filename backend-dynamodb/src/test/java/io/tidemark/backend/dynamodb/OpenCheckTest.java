package io.tidemark.backend.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.tidemark.AccessDeniedException;
import io.tidemark.BackendConfig;
import io.tidemark.StoreNotFoundException;
import io.tidemark.discovery.Tidemark;
import java.net.URI;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * What open checks (issue 10 items 13 and 12's {@code create()}): one {@code DescribeTable} for both contracts, a
 * missing table without permission to create it is {@link StoreNotFoundException} with the create command, and
 * credentials that cannot be loaded or are refused are {@link AccessDeniedException} with the guides' hint, never a
 * retryable outage.
 */
@ExtendWith(DynamoDbLocal.class)
class OpenCheckTest {
    private final DynamoDbClient raw =
            DynamoDbLocal.client(DynamoDbLocal.shared().endpoint());

    @TempDir
    Path dir;

    private boolean exists(String table) {
        return catchThrowable(() -> raw.describeTable(b -> b.tableName(table))) == null;
    }

    @Test
    void watermarkStoreWithCreateFalseDoesNotCreateTheTable() {
        String table = DynamoDbLocal.freshTable("nocreate-wm");
        BackendConfig config =
                BackendConfig.of("aws", DynamoDbLocal.watermarkSettings(table)).withCreate(false);
        assertThatThrownBy(() -> Tidemark.openWatermarkStore(config))
                .isInstanceOf(StoreNotFoundException.class)
                .hasMessageContaining("'" + table + "'")
                .hasMessageContaining("us-east-1")
                .hasMessageContaining(DynamoDbLocal.endpoint())
                .hasMessageContaining("aws dynamodb create-table --table-name " + table)
                .hasMessageContaining("AttributeName=request,KeyType=RANGE");
        assertThat(catchThrowable(() -> raw.describeTable(b -> b.tableName(table))))
                .isInstanceOf(ResourceNotFoundException.class);
        Tidemark.openWatermarkStore(config.withCreate(true)).close();
        assertThat(exists(table)).isTrue();
        Tidemark.openWatermarkStore(config).close(); // an existing table opens with create false
    }

    @Test
    void publisherChecksTheTableAtOpen() {
        String table = DynamoDbLocal.freshTable("nocreate-ns");
        Map<String, Object> settings = new HashMap<>(DynamoDbLocal.publisherSettings(table));
        settings.remove("create_table");
        assertThatThrownBy(() -> Tidemark.openPublisher(BackendConfig.of("aws", settings)))
                .isInstanceOf(StoreNotFoundException.class)
                .hasMessageContaining("'" + table + "'")
                .hasMessageContaining("us-east-1")
                .hasMessageContaining(DynamoDbLocal.endpoint())
                .hasMessageContaining("aws dynamodb create-table --table-name " + table)
                .hasMessageContaining("AttributeName=ledger_alias,KeyType=HASH --billing-mode PAY_PER_REQUEST");
        assertThatThrownBy(() -> DynamoDbPublisher.open(raw, table, false)).isInstanceOf(StoreNotFoundException.class);
        settings.put("create_table", true);
        assertThatThrownBy(() ->
                        Tidemark.openPublisher(BackendConfig.of("aws", settings).withCreate(false)))
                .as("create() false wins over create_table")
                .isInstanceOf(StoreNotFoundException.class);
        assertThat(exists(table)).isFalse();
        Tidemark.openPublisher(BackendConfig.of("aws", settings)).close();
        assertThat(exists(table)).isTrue();
    }

    /** No credentials anywhere: the default chain fails before anything is sent. */
    @Test
    void noCredentialsAtAllIsAccessDeniedWithTheHint() {
        Map<String, String> props = Map.of(
                "aws.sharedCredentialsFile",
                dir.resolve("none").toString(),
                "aws.configFile",
                dir.resolve("none-config").toString(),
                "aws.disableEc2Metadata",
                "true");
        Map<String, String> old = new HashMap<>();
        props.forEach((k, v) -> old.put(k, System.setProperty(k, v)));
        try {
            org.junit.jupiter.api.Assumptions.assumeTrue(
                    System.getenv("AWS_ACCESS_KEY_ID") == null, "AWS credentials in the environment");
            Map<String, Object> wm =
                    new HashMap<>(DynamoDbLocal.watermarkSettings(DynamoDbLocal.freshTable("nocreds")));
            wm.remove("access_key_id");
            wm.remove("secret_access_key");
            Map<String, Object> ns =
                    new HashMap<>(DynamoDbLocal.publisherSettings(DynamoDbLocal.freshTable("nocreds")));
            ns.remove("access_key_id");
            ns.remove("secret_access_key");
            for (Throwable t : new Throwable[] {
                catchThrowable(() -> Tidemark.openWatermarkStore(BackendConfig.of("aws", wm))),
                catchThrowable(() -> Tidemark.openPublisher(BackendConfig.of("aws", ns)))
            }) {
                assertThat(t)
                        .isInstanceOf(AccessDeniedException.class)
                        .hasMessageContaining("no AWS credentials could be loaded")
                        .hasMessageContaining("access_key_id")
                        .hasMessageContaining("AWS_ACCESS_KEY_ID")
                        .hasMessageContaining("~/.aws/credentials")
                        .hasMessageContaining("IAM role")
                        .hasMessageNotContaining("safe to retry");
            }
        } finally {
            old.forEach((k, v) -> {
                if (v == null) {
                    System.clearProperty(k);
                } else {
                    System.setProperty(k, v);
                }
            });
        }
    }

    /** A caller's client whose provider cannot load credentials (a profile that does not exist). */
    @Test
    void callersClientWithoutCredentialsIsAccessDenied() {
        AwsCredentialsProvider missingProfile = ProfileCredentialsProvider.builder()
                .profileName("tidemark-no-such-profile")
                .profileFile(ProfileFile.builder()
                        .content(java.io.InputStream.nullInputStream())
                        .type(ProfileFile.Type.CREDENTIALS)
                        .build())
                .build();
        try (DynamoDbClient c = client(missingProfile)) {
            assertThatThrownBy(() -> DynamoDbWatermarkStore.open(c, DynamoDbLocal.freshTable("nocreds")))
                    .isInstanceOf(AccessDeniedException.class)
                    .hasMessageContaining("no AWS credentials could be loaded");
            assertThatThrownBy(() -> DynamoDbPublisher.open(c, DynamoDbLocal.freshTable("nocreds"), true))
                    .isInstanceOf(AccessDeniedException.class)
                    .hasMessageContaining("no AWS credentials could be loaded");
        }
    }

    /**
     * Credentials DynamoDB Local refuses: it does not know secrets, so it cannot check a signature, but it rejects an
     * access key id that is not alphanumeric (UnrecognizedClientException) and an unsigned request.
     */
    @Test
    void refusedCredentialsAreAccessDeniedNamingTheIamActions() {
        Map<String, Object> wm = new HashMap<>(DynamoDbLocal.watermarkSettings(DynamoDbLocal.freshTable("badkey")));
        wm.put("access_key_id", "not-a-valid-key!");
        wm.put("secret_access_key", "SUPERSECRETVALUE");
        Throwable t = catchThrowable(() -> Tidemark.openWatermarkStore(BackendConfig.of("aws", wm)));
        assertThat(t)
                .isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("access denied")
                .hasMessageContaining("dynamodb:PutItem")
                .hasMessageContaining("aws dynamodb describe-table --table-name")
                .hasMessageNotContaining("SUPERSECRETVALUE")
                .hasMessageNotContaining("safe to retry");
        try (DynamoDbClient anonymous = client(AnonymousCredentialsProvider.create())) {
            assertThatThrownBy(() -> DynamoDbPublisher.open(anonymous, DynamoDbLocal.freshTable("anon"), false))
                    .isInstanceOf(AccessDeniedException.class)
                    .hasMessageContaining("dynamodb:UpdateItem");
        }
    }

    private static DynamoDbClient client(AwsCredentialsProvider credentials) {
        URI endpoint = DynamoDbLocal.shared().endpoint();
        return DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(credentials)
                .httpClientBuilder(Apache5HttpClient.builder())
                .build();
    }
}
