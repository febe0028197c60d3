/** The PostgreSQL backend, driver {@code postgresql} (aliases {@code postgres}, {@code jdbc}). */
module io.tidemark.backend.jdbc {
    requires io.tidemark.spi;
    requires org.slf4j;
    requires java.sql;
    requires com.zaxxer.hikari;
    requires org.postgresql.jdbc;
    requires com.fasterxml.jackson.core;
    requires static com.google.auto.service;

    exports io.tidemark.backend.jdbc;

    provides io.tidemark.spi.BackendProvider with
            io.tidemark.backend.jdbc.PostgresBackendProvider;
}
