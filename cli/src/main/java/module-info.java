/** The {@code tidemark} command. */
module io.tidemark.cli {
    requires io.tidemark.spi;
    requires io.tidemark.config;
    requires io.tidemark.tools;
    requires io.tidemark.tck;
    requires info.picocli;
    requires com.fasterxml.jackson.databind;

    opens io.tidemark.cli to
            info.picocli;
}
