package io.tidemark.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.tidemark.InvalidConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Second adversarial review of "null-valued keys refused". The fix covers keys inside {@code config:}, the
 * top-level {@code base_dir:} and {@code driver:}; but {@code config:} itself and a whole {@code watermark:} section
 * written with no value (a template whose block rendered nothing, a commented-out body) are still dropped: the store
 * silently becomes the file store at Signatory's {@code /var/lib/signatory/watermark}, another (possibly empty)
 * store, whose empty marks let a signer sign levels again. The class Javadoc says a key with no value is an error
 * "never dropped or replaced by a default".
 */
class Attack2NullSectionsAreDefaultedTest {
    @TempDir
    Path dir;

    private Throwable load(String yaml, Object[] loaded) throws IOException {
        Path f = Files.writeString(dir.resolve("tidemark.yaml"), yaml);
        return catchThrowable(() -> loaded[0] = TidemarkConfig.load(f).requireWatermark());
    }

    @Test
    void anEmptyConfigBlockBecomesTheSignatoryDefaultStore() throws IOException {
        Object[] loaded = new Object[1];
        Throwable t = load("watermark:\n  driver: file\n  config:\n#    base_dir: /srv/marks\n", loaded);
        assertThat(t)
                .as("config loaded as " + loaded[0])
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("config");
    }

    @Test
    void anEmptyWatermarkSectionBecomesTheSignatoryDefaultStore() throws IOException {
        Object[] loaded = new Object[1];
        Throwable t = load("watermark:\n#  driver: aws\n#  config: {table: marks}\n", loaded);
        assertThat(t)
                .as("config loaded as " + loaded[0])
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("watermark");
    }
}
