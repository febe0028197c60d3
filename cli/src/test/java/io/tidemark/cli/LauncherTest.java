package io.tidemark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Element;

/**
 * The {@code ./tidemark} launcher at the repository root, copied into a stand-in tree: it rebuilds the jar exactly
 * when a source file ({@code *}{@code /src/main/**}) or a pom is newer than the jar, and {@code --print-stale} says
 * why. {@code mvn} and {@code java} are stand-in scripts that record their calls, so nothing is built.
 */
class LauncherTest {
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @TempDir
    Path root;

    Path jar;
    Path calls;

    @BeforeEach
    void tree() throws Exception {
        Files.copy(Path.of("../tidemark"), root.resolve("tidemark"));
        jar = root.resolve("cli/target/tidemark-cli-" + projectVersion() + "-all.jar");
        for (String f : List.of(
                "pom.xml",
                "spi/pom.xml",
                "spi/src/main/java/io/tidemark/A.java",
                "cli/pom.xml",
                "cli/src/main/resources/io/tidemark/cli/version.properties",
                "cli/src/test/java/io/tidemark/cli/SomeTest.java",
                "examples/custom-backend/pom.xml",
                "examples/custom-backend/src/main/java/B.java")) {
            write(f, T0);
        }
        write(jar.toString(), T0.plusSeconds(60));
        try (Stream<Path> all = Files.walk(root)) {
            for (Path d : all.filter(Files::isDirectory).toList()) {
                Files.setLastModifiedTime(d, FileTime.from(T0)); // as a checkout's directories: older than the jar
            }
        }
        calls = root.resolve("calls");
        Path bin = Files.createDirectories(root.resolve("bin"));
        // mvn records its arguments and writes the jar, as the real build does; java records its arguments.
        script(
                bin.resolve("mvn"),
                "echo \"mvn $*\" >> '" + calls + "'\nmkdir -p '" + jar.getParent() + "'\ntouch '" + jar + "'\n");
        script(bin.resolve("java"), "echo \"java $*\" >> '" + calls + "'\n");
    }

    private static String projectVersion() throws Exception {
        Element parent = (Element) DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(Path.of("pom.xml").toFile())
                .getDocumentElement()
                .getElementsByTagName("parent")
                .item(0);
        return parent.getElementsByTagName("version").item(0).getTextContent();
    }

    private void write(String file, Instant modified) throws IOException {
        Path p = root.resolve(file);
        Files.createDirectories(p.getParent());
        Files.writeString(p, "x");
        Files.setLastModifiedTime(p, FileTime.from(modified));
    }

    private static void script(Path file, String body) throws IOException {
        Files.writeString(file, "#!/bin/sh\n" + body);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private record Run(int exit, List<String> out, List<String> calls) {}

    private Run run(String... args) throws Exception {
        List<String> command =
                new ArrayList<>(List.of("bash", root.resolve("tidemark").toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        Map<String, String> env = pb.environment();
        env.put("PATH", root.resolve("bin") + ":" + env.get("PATH"));
        Files.deleteIfExists(calls);
        Process p = pb.start();
        List<String> out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8)
                .lines()
                .toList();
        int exit = p.waitFor();
        return new Run(exit, out, Files.exists(calls) ? Files.readAllLines(calls) : List.of());
    }

    @Test
    void anUpToDateJarIsRunAsIs() throws Exception {
        Run stale = run("--print-stale");
        assertThat(stale.exit()).as("%s", stale.out()).isZero();
        assertThat(stale.out()).isEmpty();
        assertThat(stale.calls()).isEmpty();
        Run r = run("ns", "list");
        assertThat(r.exit()).isZero();
        assertThat(r.calls()).singleElement().asString().startsWith("java ").endsWith("-jar " + jar + " ns list");
    }

    @Test
    void aNewerSourceFileMakesItStaleAndTheLauncherRebuildsOnceThenRuns() throws Exception {
        Path source = root.resolve("spi/src/main/java/io/tidemark/A.java");
        Files.setLastModifiedTime(source, FileTime.from(T0.plusSeconds(120)));
        Run stale = run("--print-stale");
        assertThat(stale.exit()).isEqualTo(1);
        assertThat(stale.out()).containsExactly(source.toString());
        assertThat(stale.calls()).as("--print-stale builds nothing").isEmpty();

        Run r = run("--version");
        assertThat(r.calls()).hasSize(2);
        assertThat(r.calls().get(0))
                .startsWith("mvn ")
                .contains("-pl cli -am package")
                .contains("-DskipTests");
        assertThat(r.calls().get(1)).startsWith("java ").endsWith("--version");
        assertThat(r.out()).anyMatch(l -> l.contains("rebuilding"));

        assertThat(run("--print-stale").exit()).as("the rebuilt jar is newer").isZero();
        assertThat(run("--version").calls()).singleElement().asString().startsWith("java ");
    }

    @Test
    void eachKindOfChangeIsSeenAndOnlyThose() throws Exception {
        for (String f :
                List.of("pom.xml", "cli/pom.xml", "cli/src/main/resources/io/tidemark/cli/version.properties")) {
            Path p = root.resolve(f);
            Files.setLastModifiedTime(p, FileTime.from(T0.plusSeconds(120)));
            assertThat(run("--print-stale").out()).as(f).containsExactly(p.toString());
            Files.setLastModifiedTime(p, FileTime.from(T0));
        }
        for (String f : List.of(
                "cli/src/test/java/io/tidemark/cli/SomeTest.java", "examples/custom-backend/src/main/java/B.java")) {
            Files.setLastModifiedTime(root.resolve(f), FileTime.from(T0.plusSeconds(120)));
        }
        assertThat(run("--print-stale").exit())
                .as("tests and the separate example build are not the command's")
                .isZero();
        Files.delete(root.resolve("spi/src/main/java/io/tidemark/A.java"));
        Run deleted = run("--print-stale");
        assertThat(deleted.exit())
                .as("a deleted source file changes its directory")
                .isEqualTo(1);
        assertThat(deleted.out())
                .contains(root.resolve("spi/src/main/java/io/tidemark").toString());
    }

    @Test
    void aMissingJarIsBuiltFirst() throws Exception {
        Files.delete(jar);
        Run stale = run("--print-stale");
        assertThat(stale.exit()).isEqualTo(1);
        assertThat(stale.out()).containsExactly("missing: " + jar);
        Run r = run("demo");
        assertThat(r.calls()).hasSize(2);
        assertThat(r.calls().get(0)).startsWith("mvn ");
        assertThat(r.out()).anyMatch(l -> l.contains("first use"));
    }
}
