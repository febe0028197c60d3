/** The in-process backend, driver {@code mem} (alias {@code memory}). */
module io.tidemark.backend.memory {
    requires io.tidemark.spi;
    requires static com.google.auto.service;

    exports io.tidemark.backend.memory;

    provides io.tidemark.spi.BackendProvider with
            io.tidemark.backend.memory.MemoryBackendProvider;
}
