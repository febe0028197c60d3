package io.tidemark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code tidemark drivers [FILE...]}: the backends found, and what each section of each file opens. */
class DriversCommandTest {
    @TempDir
    Path dir;

    @Test
    void listsTheDriversAndTheStoreEachSectionOpens() throws IOException {
        Path mem =
                Files.writeString(dir.resolve("mem.yaml"), "publisher: {driver: mem}\nwatermark: {driver: memory}\n");
        Cli c = Cli.run("drivers", mem.toString());
        assertThat(c.exit()).as(c.err()).isEqualTo(TidemarkCli.OK);
        assertThat(c.out())
                .startsWith("drivers: [aws, file, mem, postgresql]")
                .contains(mem + " publisher: memory publisher (io.tidemark.backend.memory.MemoryBackendProvider)")
                .contains(
                        mem + " watermark: memory watermark store (io.tidemark.backend.memory.MemoryBackendProvider)");
        assertThat(Cli.run("drivers").out().strip()).isEqualTo("drivers: [aws, file, mem, postgresql]");
    }

    @Test
    void aBadFileIsAConfigError() {
        Cli c = Cli.run("drivers", dir.resolve("missing.yaml").toString());
        assertThat(c.exit()).isEqualTo(TidemarkCli.ERROR);
        assertThat(c.err()).contains("config: ").contains("missing.yaml: no such config file");
    }
}
