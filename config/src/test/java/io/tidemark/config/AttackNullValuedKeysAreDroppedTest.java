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
 * Adversarial review of "unknown keys are an error, not ignored" and of the Signatory base_dir default.
 * {@code ConfigFiles.section} drops every config key whose YAML value is empty ({@code if (v != null)}), before
 * {@code requireOnly} can see it. So a mistyped key with an empty value is silently ignored, and an empty
 * {@code base_dir:} (a template that rendered nothing) silently becomes {@code /var/lib/signatory/watermark}: another
 * store, possibly empty, for a signer. An empty string ({@code base_dir: ""}) is an error; null should be too.
 */
class AttackNullValuedKeysAreDroppedTest {
    @TempDir
    Path dir;

    @Test
    void anEmptyBaseDirSilentlyFallsBackToTheSignatoryDefault() throws IOException {
        Path f = Files.writeString(
                dir.resolve("tidemark.yaml"),
                "watermark:\n  driver: file\n  config:\n    base_dir:\n    fsync: true\n");
        Object[] loaded = new Object[1];
        Throwable t = catchThrowable(() -> loaded[0] = TidemarkConfig.load(f).requireWatermark());
        assertThat(t)
                .as("config loaded as " + loaded[0])
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("base_dir");
    }

    @Test
    void aMistypedKeyWithAnEmptyValueIsIgnored() throws IOException {
        Path f = Files.writeString(
                dir.resolve("tidemark.yaml"),
                "watermark:\n  driver: file\n  config:\n    base_dir: /srv/marks\n    allow_loose_permisions:\n");
        Object[] loaded = new Object[1];
        Throwable t = catchThrowable(() -> {
            loaded[0] = TidemarkConfig.load(f).requireWatermark();
            // the provider's own check of known keys, as Tidemark.openWatermarkStore runs it
            ((io.tidemark.BackendConfig) loaded[0])
                    .requireOnly(java.util.Set.of("base_dir", "fsync", "allow_loose_permissions"));
        });
        assertThat(t)
                .as("config loaded as " + loaded[0])
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("allow_loose_permisions");
    }
}
