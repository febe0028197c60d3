package io.tidemark.backend.dynamodb;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.apache5.Apache5HttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/**
 * Runs the real DynamoDB Local as an HTTP server on a free loopback port in the test JVM, once per JVM, and gives
 * tests its endpoint, configs and real SDK clients (dummy keys: DynamoDB Local keeps tables per key and region).
 */
public final class DynamoDbLocal implements BeforeAllCallback {
    static final String KEY = "tidemarktest";
    static final String SECRET = "tidemarksecret";
    private static final AtomicInteger TABLES = new AtomicInteger();
    private static Server shared;

    /** A running server; {@link #stop()} and {@link #start()} again for fault tests. */
    static final class Server implements ExtensionContext.Store.CloseableResource {
        final int port;
        private final List<String> args;
        private DynamoDBProxyServer server;

        Server(int port, Path dbPath) {
            this.port = port;
            this.args = new ArrayList<>(List.of("-port", Integer.toString(port), "-disableTelemetry"));
            if (dbPath == null) {
                args.add("-inMemory");
            } else {
                args.addAll(List.of("-dbPath", dbPath.toString()));
            }
        }

        synchronized Server start() {
            try {
                server = ServerRunner.createServerFromCommandLineArgs(args.toArray(String[]::new));
                server.start();
                return this;
            } catch (Exception e) {
                throw new IllegalStateException("DynamoDB Local did not start on port " + port, e);
            }
        }

        synchronized void stop() {
            try {
                if (server != null) {
                    server.stop();
                    server = null;
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }

        URI endpoint() {
            return URI.create("http://127.0.0.1:" + port);
        }

        @Override
        public void close() {
            stop();
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        context.getRoot()
                .getStore(ExtensionContext.Namespace.GLOBAL)
                .getOrComputeIfAbsent("dynamodb-local", k -> shared(), Server.class);
    }

    static synchronized Server shared() {
        if (shared == null) {
            shared = new Server(freePort(), null).start();
        }
        return shared;
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    static String endpoint() {
        return shared().endpoint().toString();
    }

    static String freshTable(String prefix) {
        return prefix + "-" + ProcessHandle.current().pid() + "-" + TABLES.incrementAndGet();
    }

    /** A watermark-store config (signer guide keys) on a fresh table of the shared server. */
    static Map<String, Object> watermarkSettings(String table) {
        return watermarkSettingsFor(endpoint(), table);
    }

    static Map<String, Object> watermarkSettingsFor(String endpoint, String table) {
        return Map.of(
                "region",
                "us-east-1",
                "table",
                table,
                "endpoint",
                endpoint,
                "access_key_id",
                KEY,
                "secret_access_key",
                SECRET);
    }

    /** A publisher config (nameservice guide keys) on a fresh table of the shared server. */
    static Map<String, Object> publisherSettings(String table) {
        return publisherSettingsFor(endpoint(), table);
    }

    static Map<String, Object> publisherSettingsFor(String endpoint, String table) {
        return Map.of(
                "dynamodbTable",
                table,
                "dynamodbRegion",
                "us-east-1",
                "dynamodbEndpoint",
                endpoint,
                "create_table",
                true,
                "access_key_id",
                KEY,
                "secret_access_key",
                SECRET);
    }

    /** A real SDK client on {@code endpoint}, with the given interceptors. */
    static DynamoDbClient client(URI endpoint, ExecutionInterceptor... interceptors) {
        ClientOverrideConfiguration.Builder o = ClientOverrideConfiguration.builder();
        for (ExecutionInterceptor i : interceptors) {
            o.addExecutionInterceptor(i);
        }
        return DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(KEY, SECRET)))
                .httpClientBuilder(Apache5HttpClient.builder())
                .overrideConfiguration(o.build())
                .build();
    }
}
