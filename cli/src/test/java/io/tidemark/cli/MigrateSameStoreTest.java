package io.tidemark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * migrate's "same store" check resolves paths as the stores do: a relative {@code base_dir} against its config file's
 * directory (not the working directory), and symlinks to the real directory.
 */
class MigrateSameStoreTest {
    private static final WatermarkKey KEY = new WatermarkKey("NetX", "tz1same", "block");

    @TempDir
    Path dir;

    private Path config(String subdir, String baseDir) throws Exception {
        Path d = Files.createDirectories(dir.resolve(subdir));
        return Files.writeString(
                d.resolve("tidemark.yaml"), "watermark:\n  driver: file\n  config: {base_dir: '" + baseDir + "'}\n");
    }

    private static void advance(Path cfg, Watermark mark) {
        try (WatermarkStore s = Stores.watermarkStore(cfg)) {
            s.advance(KEY, mark);
        }
    }

    @Test
    void sameRelativeBaseDirInDifferentConfigDirectoriesIsTwoStores() throws Exception {
        Path a = config("a", "data");
        Path b = config("b", "data");
        advance(a, new Watermark(7, 0, "x"));
        Cli c = Cli.run("migrate", "--from", a.toString(), "--to", b.toString());
        assertThat(c.exit()).as(c.err()).isZero();
        assertThat(c.out()).contains("marks: copied 1");
        try (WatermarkStore s = Stores.watermarkStore(b)) {
            assertThat(s.get(KEY)).contains(new Watermark(7, 0, "x"));
        }
        assertThat(dir.resolve("b/data")).isDirectory();
    }

    @Test
    void aSymlinkedOrRelativeSpellingOfOneDirectoryIsTheSameStore() throws Exception {
        Path real = dir.resolve("real");
        Path a = config("a", real.toString());
        advance(a, new Watermark(7, 0, "x"));
        Path link = Files.createSymbolicLink(dir.resolve("link"), real);
        for (Path b : new Path[] {config("viaLink", link.toString()), config("relative", "../link/.")}) {
            Cli c = Cli.run("migrate", "--from", a.toString(), "--to", b.toString());
            assertThat(c.exit()).as(b + ": " + c.out()).isEqualTo(TidemarkCli.ERROR);
            assertThat(c.err()).contains("same store");
        }
    }
}
