/** Operations over opened stores, written against the contracts only: {@link io.tidemark.tools.Migration}. */
module io.tidemark.tools {
    requires transitive io.tidemark.spi;

    exports io.tidemark.tools;
}
