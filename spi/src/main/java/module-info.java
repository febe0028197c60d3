/** Tidemark's contracts, values, discovery and backend configuration. Backends implement {@link io.tidemark.spi.BackendProvider}. */
module io.tidemark.spi {
    requires org.slf4j;

    exports io.tidemark;
    exports io.tidemark.discovery;
    exports io.tidemark.watermark;
    exports io.tidemark.publisher;
    exports io.tidemark.spi;
    exports io.tidemark.spi.support;

    uses io.tidemark.spi.BackendProvider;
}
