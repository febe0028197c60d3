package io.tidemark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drop-in selection on a class path built by hand: only tidemark-spi, tidemark-config and the command (with what it
 * needs: tools, the TCK's rules, and their own dependencies) and the chosen backend jar(s), not this module's test class path. A config file picks the
 * backend by driver name; {@code tidemark drivers FILE...} says which.
 */
class DropInTest {
    private static final List<String> BASE = List.of(
            "tidemark-spi",
            "/spi/target/",
            "slf4j-api",
            "tidemark-config",
            "/config/target/",
            "snakeyaml",
            "jackson-databind",
            "jackson-core",
            "jackson-annotations",
            "picocli",
            "/cli/target/classes",
            "tidemark-tools",
            "/tools/target/classes",
            "tidemark-tck",
            "/tck/target/classes",
            "assertj-core");

    @TempDir
    Path dir;

    private static String classPath(String... backends) {
        List<String> keep = new ArrayList<>(BASE);
        for (String b : backends) {
            keep.add("tidemark-backend-" + b);
            keep.add("/backend-" + b + "/target/");
        }
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> keep.stream().anyMatch(e::contains))
                .reduce((x, y) -> x + File.pathSeparator + y)
                .orElseThrow();
    }

    private static String run(String cp, Path... configs) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                cp,
                "io.tidemark.cli.TidemarkCli",
                "drivers"));
        for (Path c : configs) {
            cmd.add(c.toString());
        }
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    @Test
    void memAloneIsFoundAndChosenByName() throws Exception {
        String cp = classPath("memory");
        assertThat(cp)
                .doesNotContain("backend-file")
                .doesNotContain("backend-dynamodb")
                .doesNotContain("commons-");
        Path cfg =
                Files.writeString(dir.resolve("mem.yaml"), "publisher: {driver: mem}\nwatermark: {driver: MEMORY}\n");
        assertThat(run(cp, cfg))
                .contains("drivers: [mem]")
                .contains("publisher: memory publisher (io.tidemark.backend.memory.MemoryBackendProvider)")
                .contains("watermark: memory watermark store (io.tidemark.backend.memory.MemoryBackendProvider)");
    }

    @Test
    void fileAloneIsFoundAndChosenByName() throws Exception {
        Path cfg = Files.writeString(
                dir.resolve("file.properties"),
                "watermark.driver=file\nwatermark.config.base_dir=" + dir.resolve("data") + "\n");
        assertThat(run(classPath("file"), cfg))
                .contains("drivers: [file]")
                .contains("watermark: ")
                .contains(" (io.tidemark.backend.file.FileBackendProvider)");
    }

    @Test
    void withTwoBackendsEachIsChosenByItsDriverName() throws Exception {
        Path mem = Files.writeString(dir.resolve("a.yaml"), "watermark: {driver: mem}\n");
        Path file = Files.writeString(
                dir.resolve("b.yaml"), "watermark:\n  driver: file\n  config: {base_dir: " + dir.resolve("d") + "}\n");
        String out = run(classPath("memory", "file"), mem, file);
        assertThat(out)
                .contains("drivers: [file, mem]")
                .contains("a.yaml watermark: memory watermark store (io.tidemark.backend.memory.MemoryBackendProvider)")
                .containsPattern("b.yaml watermark: .* \\(io.tidemark.backend.file.FileBackendProvider\\)");
    }
}
