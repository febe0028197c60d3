package io.tidemark.discovery;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.BackendConfig;
import io.tidemark.spi.ConfigKey.Contract;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Tidemark#sameStore}: two configs name one store when their backends are one and every identity key the
 * backend declares has the same value, paths resolved as the stores resolve them (relative to the config file's
 * directory, links followed). These were the cases of the CLI's own {@code base_dir}/{@code path} comparison.
 */
class SameStoreTest {
    @TempDir
    Path dir;

    /** A config of {@code driver} read from {@code <dir>/<subdir>/tidemark.yaml}. */
    private BackendConfig config(String subdir, String driver, Map<String, ?> settings) throws Exception {
        Path d = Files.createDirectories(dir.resolve(subdir));
        return BackendConfig.of(driver, settings).withSourceFile(d.resolve("tidemark.yaml"));
    }

    @Test
    void theSameRelativeDirInDifferentConfigDirectoriesIsTwoStores() throws Exception {
        BackendConfig a = config("a", "dirstore", Map.of("dir", "data"));
        BackendConfig b = config("b", "dirstore", Map.of("dir", "data"));
        assertThat(Tidemark.sameStore(a, b, Contract.WATERMARK)).isFalse();
        assertThat(Tidemark.sameStore(a, config("a", "dirstore", Map.of("dir", "./data")), Contract.WATERMARK))
                .isTrue();
    }

    @Test
    void aSymlinkedOrRelativeSpellingOfOneDirectoryIsTheSameStore() throws Exception {
        Path real = Files.createDirectories(dir.resolve("real"));
        BackendConfig a = config("a", "dirstore", Map.of("dir", real.toString()));
        Path link = Files.createSymbolicLink(dir.resolve("link"), real);
        for (BackendConfig b : new BackendConfig[] {
            config("viaLink", "dirstore", Map.of("dir", link.toString())),
            config("relative", "dirstore", Map.of("dir", "../link/.")),
            config("dotted", "DIRSTORE", Map.of("dir", dir.resolve("x/../real").toString()))
        }) {
            assertThat(Tidemark.sameStore(a, b, Contract.WATERMARK))
                    .as(b.toString())
                    .isTrue();
            assertThat(Tidemark.sameStore(b, a, Contract.PUBLISHER))
                    .as(b.toString())
                    .isTrue();
        }
    }

    @Test
    void aDirectoryNotCreatedYetIsComparedAbsoluteAndNormalised() throws Exception {
        BackendConfig a =
                config("a", "dirstore", Map.of("dir", dir.resolve("later").toString()));
        assertThat(Tidemark.sameStore(a, config("b", "dirstore", Map.of("dir", "../later")), Contract.WATERMARK))
                .isTrue();
        assertThat(Tidemark.sameStore(a, config("b", "dirstore", Map.of("dir", "../sooner")), Contract.WATERMARK))
                .isFalse();
    }

    @Test
    void onlyTheIdentityKeysOfTheContractCount() throws Exception {
        BackendConfig a = config("a", "dirstore", Map.of("dir", "data", "fsync", true));
        assertThat(Tidemark.sameStore(
                        a, config("a", "dirstore", Map.of("dir", "data", "fsync", false)), Contract.WATERMARK))
                .as("fsync does not name the store")
                .isTrue();
        assertThat(Tidemark.sameStore(
                        a, config("a", "dirstore", Map.of("dir", "data", "table", "marks")), Contract.WATERMARK))
                .as("an unset key takes its default")
                .isTrue();
        BackendConfig otherTable = config("a", "dirstore", Map.of("dir", "data", "table", "other"));
        assertThat(Tidemark.sameStore(a, otherTable, Contract.WATERMARK)).isFalse();
        assertThat(Tidemark.sameStore(a, otherTable, Contract.PUBLISHER))
                .as("table is a watermark key only")
                .isTrue();
    }

    @Test
    void differentBackendsOrBackendsWithoutIdentityKeysNeverNameOneStore() throws Exception {
        BackendConfig a = config("a", "dirstore", Map.of("dir", "data"));
        assertThat(Tidemark.sameStore(a, config("a", "otherdir", Map.of("dir", "data")), Contract.WATERMARK))
                .isFalse();
        BackendConfig s = config("a", "scratch", Map.of("label", "x"));
        assertThat(Tidemark.sameStore(s, s, Contract.WATERMARK)).isFalse();
    }
}
