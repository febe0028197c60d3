/** The {@code tidemark} command. */
module io.tidemark.cli {
  requires io.tidemark.spi;
  requires io.tidemark.tck;
  requires info.picocli;
  opens io.tidemark.cli to info.picocli;
}
