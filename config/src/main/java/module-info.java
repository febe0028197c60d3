/**
 * Tidemark's config files: the native {@code tidemark.yaml}/{@code .properties}, the signer's (Signatory) YAML and
 * the ledger's (Fluree) JSON-LD connection config, each read into {@link io.tidemark.BackendConfig}s. Start at
 * {@link io.tidemark.config.TidemarkConfig#load(java.nio.file.Path)}.
 */
module io.tidemark.config {
    requires transitive io.tidemark.spi;
    requires org.slf4j;
    requires org.yaml.snakeyaml;
    requires com.fasterxml.jackson.databind;

    exports io.tidemark.config;
}
