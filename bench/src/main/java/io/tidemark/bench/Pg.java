package io.tidemark.bench;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;

/** An embedded PostgreSQL server in the benchmark JVM, and a HikariCP pool on it over loopback TCP. */
final class Pg {
    private Pg() {}

    static EmbeddedPostgres start() {
        try {
            return EmbeddedPostgres.builder().start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A pool as the backend builds one from a config: autocommit, server-side statement timeout. */
    static HikariDataSource pool(EmbeddedPostgres pg, int size) {
        HikariConfig h = new HikariConfig();
        h.setJdbcUrl("jdbc:postgresql://127.0.0.1:" + pg.getPort() + "/postgres?sslmode=disable");
        h.setUsername("postgres");
        h.setMaximumPoolSize(size);
        h.setMinimumIdle(0);
        h.addDataSourceProperty("options", "-c statement_timeout=5000");
        return new HikariDataSource(h);
    }
}
