/** The {@code tidemark} command. */
module io.tidemark.cli {
  requires io.tidemark.spi;
  requires io.tidemark.config;
  requires info.picocli;
  opens io.tidemark.cli to info.picocli;
}
