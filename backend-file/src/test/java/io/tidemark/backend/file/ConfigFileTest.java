package io.tidemark.backend.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.InvalidConfigException;
import io.tidemark.config.TidemarkConfig;
import io.tidemark.discovery.Tidemark;
import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.Publisher;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file backend chosen and configured from a native tidemark.yaml, and its key typos reported with the file. */
class ConfigFileTest {
    @TempDir
    Path dir;

    @Test
    void nativeYamlOpensBothContracts() throws IOException {
        Path f = Files.writeString(
                dir.resolve("tidemark.yaml"),
                "publisher:\n  driver: file\n  config:\n    base_dir: " + dir.resolve("ns")
                        + "\nwatermark:\n  driver: file\n  config:\n    base_dir: " + dir.resolve("wm") + "\n");
        TidemarkConfig config = TidemarkConfig.load(f);
        try (Publisher p = Tidemark.openPublisher(config.requirePublisher());
                WatermarkStore w = Tidemark.openWatermarkStore(config.requireWatermark())) {
            assertThat(p.toString())
                    .isEqualTo(
                            "file publisher " + dir.resolve("ns/v1/nameservice").toRealPath());
            assertThat(w.toString())
                    .isEqualTo("file watermark store "
                            + dir.resolve("wm/v1/watermarks").toRealPath());
            p.publishCommit(LedgerAlias.parse("db"), "c", 1);
            w.advance(new WatermarkKey("NetX", "tz1", "block"), new Watermark(1, 0, "d"));
        }
        assertThat(dir.resolve("ns/v1/nameservice")).isDirectory();
        assertThat(dir.resolve("wm/v1/watermarks")).isDirectory();
    }

    @Test
    void typoInABackendKeyNamesFileKeyAndSuggestion() throws IOException {
        Path f = Files.writeString(
                dir.resolve("tidemark.yaml"), "watermark:\n  driver: file\n  config:\n    basedir: /tmp/x\n");
        assertThatThrownBy(
                        () -> Tidemark.openWatermarkStore(TidemarkConfig.load(f).requireWatermark()))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining(f.toString())
                .hasMessageContaining("unknown config key 'basedir'")
                .hasMessageContaining("did you mean 'base_dir'");
    }
}
