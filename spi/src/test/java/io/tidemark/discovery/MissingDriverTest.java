package io.tidemark.discovery;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.BackendConfig;
import io.tidemark.NoSuchBackendException;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A known driver whose jar is missing (spi's tests have only test providers on the class path) is refused with the
 * artifact that provides it, for both contracts and for describe; an unknown driver gets no artifact.
 */
class MissingDriverTest {
    @ParameterizedTest
    @CsvSource({
        "mem, tidemark-backend-memory",
        "file, tidemark-backend-file",
        "aws, tidemark-backend-dynamodb",
        "DynamoDB, tidemark-backend-dynamodb",
        "postgresql, tidemark-backend-jdbc",
        "postgres, tidemark-backend-jdbc",
        "jdbc, tidemark-backend-jdbc"
    })
    void aKnownDriverNamesItsArtifact(String driver, String artifact) {
        String expected = "no backend '" + driver + "'; found: [dirstore, otherdir, scratch] (driver '"
                + driver.toLowerCase(Locale.ROOT) + "' is in io.tidemark:" + artifact
                + ": put it on the class path)";
        BackendConfig config = BackendConfig.of(driver, Map.of());
        assertThatThrownBy(() -> Tidemark.openWatermarkStore(config))
                .isInstanceOf(NoSuchBackendException.class)
                .hasMessage(expected);
        assertThatThrownBy(() -> Tidemark.openPublisher(config))
                .isInstanceOf(NoSuchBackendException.class)
                .hasMessage(expected);
        assertThatThrownBy(() -> Tidemark.describe(driver))
                .isInstanceOf(NoSuchBackendException.class)
                .hasMessage(expected);
    }

    @ParameterizedTest
    @CsvSource({"sqlite", "redis", "files"})
    void anUnknownDriverListsOnlyTheDriversFound(String driver) {
        assertThatThrownBy(() -> Tidemark.openWatermarkStore(BackendConfig.of(driver, Map.of())))
                .isInstanceOf(NoSuchBackendException.class)
                .hasMessage("no backend '" + driver + "'; found: [dirstore, otherdir, scratch]");
    }
}
