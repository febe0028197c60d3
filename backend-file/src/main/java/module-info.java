/** The durable local backend, driver {@code file}. */
module io.tidemark.backend.file {
    requires io.tidemark.spi;
    requires org.slf4j;
    requires com.fasterxml.jackson.core;
    requires static com.google.auto.service;

    exports io.tidemark.backend.file;

    provides io.tidemark.spi.BackendProvider with
            io.tidemark.backend.file.FileBackendProvider;
}
