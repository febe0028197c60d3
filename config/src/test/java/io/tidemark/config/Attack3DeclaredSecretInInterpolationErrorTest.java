package io.tidemark.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.tidemark.InvalidConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Secrets are to be masked "in every message" from the backend's key descriptions (ConfigKey.secret). Interpolation
 * decides with the old name heuristic only ({@code BackendConfig.isSecret(key)}), so a key its backend declares
 * secret but whose name lacks secret/password/token/accesskey is echoed when its ${env:...} does not resolve.
 */
class Attack3DeclaredSecretInInterpolationErrorTest {
    @TempDir
    Path dir;

    @Test
    void aDeclaredSecretIsNotEchoedWhenItsVariableIsUnset() throws Exception {
        String secret = "sk-live-Attack3VerySecret";
        Path yaml = Files.writeString(
                dir.resolve("tidemark.yaml"),
                "publisher:\n  driver: mem\nwatermark:\n  driver: a3vault\n  config:\n    table: t\n    api_key: \""
                        + secret + "${env:TIDEMARK_ATTACK3_UNSET_VARIABLE}\"\n");
        Throwable e = catchThrowable(() -> TidemarkConfig.load(yaml));
        assertThat(e).isInstanceOf(InvalidConfigException.class);
        assertThat(e.getMessage()).as(e.getMessage()).doesNotContain(secret);
    }
}
