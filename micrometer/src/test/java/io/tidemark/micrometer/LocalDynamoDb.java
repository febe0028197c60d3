package io.tidemark.micrometer;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.Map;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/** The real DynamoDB Local, in memory, on a free loopback port of the test JVM (as backend-dynamodb's tests run it). */
final class LocalDynamoDb {
    private static final String KEY = "tidemarktest";
    private static final String SECRET = "tidemarksecret";
    private final int port;
    private DynamoDBProxyServer server;

    private LocalDynamoDb(int port, DynamoDBProxyServer server) {
        this.port = port;
        this.server = server;
    }

    static LocalDynamoDb start() {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        try {
            DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(
                    new String[] {"-port", Integer.toString(port), "-inMemory", "-disableTelemetry"});
            server.start();
            return new LocalDynamoDb(port, server);
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

    String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    /** Watermark-store settings (the signer guide's keys) on {@code table}, created at open. */
    Map<String, Object> watermarkSettings(String table) {
        return Map.of(
                "region", "us-east-1",
                "table", table,
                "endpoint", endpoint(),
                "access_key_id", KEY,
                "secret_access_key", SECRET);
    }

    /** Publisher settings (the nameservice guide's keys) on {@code table}, created at open. */
    Map<String, Object> publisherSettings(String table) {
        return Map.of(
                "dynamodbTable",
                table,
                "dynamodbRegion",
                "us-east-1",
                "dynamodbEndpoint",
                endpoint(),
                "create_table",
                true,
                "access_key_id",
                KEY,
                "secret_access_key",
                SECRET);
    }
}
