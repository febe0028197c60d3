/**
 * Operations over opened stores, written against the contracts only: {@link io.tidemark.tools.Migration}, the
 * interchange document ({@link io.tidemark.tools.Interchange}) and {@link io.tidemark.tools.Import}.
 */
module io.tidemark.tools {
    requires transitive io.tidemark.spi;
    requires com.fasterxml.jackson.core;
    requires com.fasterxml.jackson.databind;

    exports io.tidemark.tools;
}
