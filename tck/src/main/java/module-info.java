/** Tidemark's technology compatibility kit: abstract JUnit 5 suites a backend subclasses. */
module io.tidemark.tck {
  requires transitive io.tidemark.spi;
  requires transitive org.junit.jupiter.api;
  requires org.assertj.core;
  exports io.tidemark.tck;
  opens io.tidemark.tck to org.junit.platform.commons;
}
