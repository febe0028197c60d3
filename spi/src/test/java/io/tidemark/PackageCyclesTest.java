package io.tidemark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.spi.ToolProvider;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packages of tidemark-spi form layers: no package depends, directly or through others, on itself. Measured
 * with the JDK's {@code jdeps} on the compiled classes (copied without {@code module-info}, so that jdeps needs no
 * module path).
 */
class PackageCyclesTest {
    private static final Pattern EDGE =
            Pattern.compile("^\\s*(io\\.tidemark[\\w.]*)\\s+->\\s+(io\\.tidemark[\\w.]*)\\s");

    @Test
    void noPackageCycles(@TempDir Path copy) throws IOException {
        Map<String, Set<String>> graph = dependencies(copy);
        assertThat(graph)
                .as("jdeps found the spi packages")
                .containsKeys(
                        "io.tidemark.spi",
                        "io.tidemark.spi.support",
                        "io.tidemark.watermark",
                        "io.tidemark.publisher",
                        "io.tidemark.discovery");
        assertThat(graph.get("io.tidemark.spi")).contains("io.tidemark");
        assertThat(cycles(graph)).as("package cycles in %s", graph).isEmpty();
    }

    @Test
    void theLayersAreTheDocumentedOnes(@TempDir Path copy) throws IOException {
        Map<String, Set<String>> graph = dependencies(copy);
        assertThat(graph.getOrDefault("io.tidemark", Set.of()))
                .as("the bottom layer depends on no other package")
                .isEmpty();
        assertThat(graph.getOrDefault("io.tidemark.watermark", Set.of()))
                .doesNotContain("io.tidemark.spi", "io.tidemark.discovery", "io.tidemark.publisher");
        assertThat(graph.getOrDefault("io.tidemark.spi", Set.of())).doesNotContain("io.tidemark.discovery");
    }

    /** package -> packages of io.tidemark it uses, from jdeps. */
    private static Map<String, Set<String>> dependencies(Path copy) throws IOException {
        Path classes = Path.of("target", "classes");
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path f : (Iterable<Path>) files::iterator) {
                Path rel = classes.relativize(f);
                if (Files.isRegularFile(f)
                        && !rel.toString().equals("module-info.class")
                        && rel.toString().endsWith(".class")) {
                    Files.createDirectories(copy.resolve(rel).getParent());
                    Files.copy(f, copy.resolve(rel));
                }
            }
        }
        StringWriter out = new StringWriter();
        int rc = ToolProvider.findFirst("jdeps")
                .orElseThrow()
                .run(
                        new PrintWriter(out),
                        new PrintWriter(out),
                        "-verbose:package",
                        "-e",
                        "io\\.tidemark.*",
                        copy.toString());
        assertThat(rc).as("jdeps: %s", out).isZero();
        Map<String, Set<String>> graph = new TreeMap<>();
        for (String line : out.toString().split("\n")) {
            Matcher m = EDGE.matcher(line);
            if (m.find() && !m.group(1).equals(m.group(2))) {
                graph.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(m.group(2));
            }
        }
        return graph;
    }

    /** Every package that reaches itself, with the path. */
    private static List<String> cycles(Map<String, Set<String>> graph) {
        List<String> found = new ArrayList<>();
        for (String start : graph.keySet()) {
            Deque<List<String>> todo = new ArrayDeque<>();
            todo.push(List.of(start));
            Set<String> seen = new TreeSet<>();
            while (!todo.isEmpty()) {
                List<String> path = todo.pop();
                for (String next : graph.getOrDefault(path.get(path.size() - 1), Set.of())) {
                    List<String> longer = new ArrayList<>(path);
                    longer.add(next);
                    if (next.equals(start)) {
                        found.add(String.join(" -> ", longer));
                    } else if (seen.add(next)) {
                        todo.push(longer);
                    }
                }
            }
        }
        return found;
    }
}
