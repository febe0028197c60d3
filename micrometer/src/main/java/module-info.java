/** Micrometer meters for Tidemark's store operations: {@link io.tidemark.micrometer.TidemarkMetrics}. */
module io.tidemark.micrometer {
    requires transitive io.tidemark.spi;
    requires transitive micrometer.core;

    exports io.tidemark.micrometer;
}
