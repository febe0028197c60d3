package io.tidemark.spring;

import java.io.IOException;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.dynamodb.services.local.main.ServerRunner;
import software.amazon.dynamodb.services.local.server.DynamoDBProxyServer;

/**
 * The real DynamoDB Local as an in-memory HTTP server on a free loopback port of this JVM, as backend-dynamodb's
 * tests run it (that module publishes no test jar). Dummy credentials: DynamoDB Local keeps tables per key.
 */
public final class DynamoDbLocalServer implements AutoCloseable {
    /** The access key id the tests use. */
    public static final String KEY = "tidemarktest";
    /** The secret access key the tests use: never in a message. */
    public static final String SECRET = "s3cr3t-never-shown";

    private static final AtomicInteger TABLES = new AtomicInteger();

    private final DynamoDBProxyServer server;
    private final String endpoint;

    private DynamoDbLocalServer(DynamoDBProxyServer server, int port) {
        this.server = server;
        this.endpoint = "http://127.0.0.1:" + port;
    }

    /** Starts a server; {@link #close()} stops it. */
    public static DynamoDbLocalServer start() {
        int port = freePort();
        List<String> args = new ArrayList<>(List.of("-port", Integer.toString(port), "-disableTelemetry", "-inMemory"));
        try {
            DynamoDBProxyServer server = ServerRunner.createServerFromCommandLineArgs(args.toArray(String[]::new));
            server.start();
            return new DynamoDbLocalServer(server, port);
        } catch (Exception e) {
            throw new IllegalStateException("DynamoDB Local did not start on port " + port, e);
        }
    }

    /** The server's URL. */
    public String endpoint() {
        return endpoint;
    }

    static String freshTable(String prefix) {
        return prefix + "-" + ProcessHandle.current().pid() + "-" + TABLES.incrementAndGet();
    }

    private static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
