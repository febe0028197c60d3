package io.tidemark.backend.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.BackendConfig;
import io.tidemark.discovery.Tidemark;
import io.tidemark.spi.ConfigKey.Contract;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code Tidemark.sameStore} normalises a path lexically ({@code toAbsolutePath().normalize()}) before asking the file
 * system for its real location, so {@code link/..} is removed as if {@code link} were a plain directory. The file
 * backend (FileTree.open: "not normalize(): link/.. must go where the file system takes it") and BackendConfig.path
 * deliberately let the file system resolve {@code ..} after links. The two disagree: one store spelled two ways is
 * judged two stores (migrate copies a store onto itself), and two stores are judged one.
 */
class Attack3SameStoreDotDotThroughLinkTest {
    @TempDir
    Path tmp;

    private static BackendConfig file(Path baseDir) {
        return BackendConfig.of("file", Map.of("base_dir", baseDir.toString(), "fsync", false));
    }

    @Test
    void oneStoreReachedThroughLinkDotDotIsJudgedTwoStores() throws Exception {
        Path x = Files.createDirectories(tmp.resolve("x"));
        Path sub = Files.createDirectories(tmp.resolve("y").resolve("sub"));
        Files.createSymbolicLink(x.resolve("link"), sub);
        BackendConfig viaLink = file(x.resolve("link").resolve("..").resolve("store")); // really y/store
        BackendConfig direct = file(tmp.resolve("y").resolve("store"));
        WatermarkKey key = new WatermarkKey("NetXdQprcVkpaWU", "tz1attack3", "block");
        try (WatermarkStore a = Tidemark.openWatermarkStore(viaLink)) {
            a.advance(key, new Watermark(7, 0, "d7"));
        }
        try (WatermarkStore b = Tidemark.openWatermarkStore(direct)) {
            assertThat(b.get(key)).as("the two configs open one store").contains(new Watermark(7, 0, "d7"));
        }
        assertThat(Tidemark.sameStore(viaLink, direct, Contract.WATERMARK))
                .as("sameStore of two spellings of one store (migrate must refuse)")
                .isTrue();
    }

    @Test
    void twoStoresAreJudgedOneWhenLinkDotDotIsRemovedLexically() throws Exception {
        Path x = Files.createDirectories(tmp.resolve("x"));
        Path sub = Files.createDirectories(tmp.resolve("y").resolve("sub"));
        Files.createSymbolicLink(x.resolve("link"), sub);
        BackendConfig viaLink = file(x.resolve("link").resolve("..").resolve("store")); // really y/store
        BackendConfig other = file(x.resolve("store")); // x/store: another store
        WatermarkKey key = new WatermarkKey("NetXdQprcVkpaWU", "tz1attack3", "block");
        try (WatermarkStore a = Tidemark.openWatermarkStore(viaLink);
                WatermarkStore b = Tidemark.openWatermarkStore(other)) {
            a.advance(key, new Watermark(7, 0, "d7"));
            assertThat(b.get(key)).as("two different stores").isEmpty();
        }
        assertThat(Tidemark.sameStore(viaLink, other, Contract.WATERMARK))
                .as("sameStore of two different stores")
                .isFalse();
    }
}
