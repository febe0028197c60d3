/**
 * Tidemark's technology compatibility kit: the rules every backend keeps ({@code WatermarkRules},
 * {@code PublisherRules}) and the race harness, free of JUnit, plus thin abstract JUnit 5 suites a backend's tests
 * subclass ({@code WatermarkStoreTck}, {@code PublisherTck}; JUnit is needed only by them).
 */
module io.tidemark.tck {
    requires transitive io.tidemark.spi;
    requires static org.junit.jupiter.api;
    requires transitive org.assertj.core;

    exports io.tidemark.tck;

    opens io.tidemark.tck to
            org.junit.platform.commons;
}
