package io.tidemark.backend.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.config.TidemarkConfig;
import io.tidemark.discovery.Tidemark;
import io.tidemark.watermark.AdvanceResult;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Adversarial review of issue 10 item 12 ("relative paths resolve against the config file's directory"). One config
 * file, reached by two paths, must name one store: otherwise a signer started one way finds an empty store and signs
 * again what it signed when started the other way. {@code BackendConfig.withSourceFile} takes the file's directory
 * as spelled ({@code toAbsolutePath().getParent()}, no real path) and {@code FileTree.open} normalises {@code ..}
 * lexically before resolving links, so {@code ..} after a symlinked directory, or a symlinked config file, moves the
 * store.
 */
class AttackConfigReachedThroughSymlinksTest {
    private static final WatermarkKey KEY = new WatermarkKey("NetX", "tz1symcfg", "block");

    @TempDir
    Path tmp;

    private static void bothPathsAreOneStore(Path first, Path second) {
        try (WatermarkStore a =
                Tidemark.openWatermarkStore(TidemarkConfig.load(first).requireWatermark())) {
            assertThat(a.advance(KEY, new Watermark(10, 0, "signed-first"))).isInstanceOf(AdvanceResult.Advanced.class);
        }
        try (WatermarkStore b =
                Tidemark.openWatermarkStore(TidemarkConfig.load(second).requireWatermark())) {
            assertThat(b.advance(KEY, new Watermark(10, 0, "signed-again")))
                    .as("the same config file reached as " + second + " must open the store it names as " + first)
                    .isNotInstanceOf(AdvanceResult.Advanced.class);
        }
    }

    @Test
    void dotDotAfterASymlinkedConfigDirectoryOpensAnotherStore_doubleSign() throws IOException {
        // /etc/tidemark/tidemark.yaml says base_dir: ../signer-data  (the store is /etc/signer-data)
        Path etc = Files.createDirectories(tmp.resolve("etc/tidemark"));
        Path config = Files.writeString(
                etc.resolve("tidemark.yaml"), "watermark:\n  driver: file\n  config:\n    base_dir: ../signer-data\n");
        // the operator's home has conf -> /etc/tidemark and runs: tidemark --config conf/tidemark.yaml
        Path home = Files.createDirectories(tmp.resolve("home/op"));
        Path conf = Files.createSymbolicLink(home.resolve("conf"), etc);
        bothPathsAreOneStore(config, conf.resolve("tidemark.yaml"));
    }

    @Test
    void aSymlinkedConfigFileWithARelativeBaseDirOpensAnotherStore_doubleSign() throws IOException {
        Path etc = Files.createDirectories(tmp.resolve("etc/tidemark"));
        Path config = Files.writeString(
                etc.resolve("tidemark.yaml"), "watermark:\n  driver: file\n  config:\n    base_dir: signer-data\n");
        Path home = Files.createDirectories(tmp.resolve("home/op"));
        Path link = Files.createSymbolicLink(home.resolve("tidemark.yaml"), config);
        bothPathsAreOneStore(config, link);
    }
}
