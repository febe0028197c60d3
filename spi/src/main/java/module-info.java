/** Tidemark's contracts, values, discovery and configuration. Backends implement {@link io.tidemark.spi.BackendProvider}. */
module io.tidemark.spi {
  requires org.slf4j;
  requires org.apache.commons.configuration2;
  requires org.yaml.snakeyaml;
  requires com.fasterxml.jackson.databind;
  exports io.tidemark;
  exports io.tidemark.discovery;
  exports io.tidemark.watermark;
  exports io.tidemark.publisher;
  exports io.tidemark.spi;
  exports io.tidemark.spi.support;
  exports io.tidemark.config;
  uses io.tidemark.spi.BackendProvider;
}
