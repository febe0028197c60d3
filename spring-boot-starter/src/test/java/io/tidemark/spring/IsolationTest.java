package io.tidemark.spring;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Spring is an optional world: no other module of the reactor depends on this one, and Spring's versions are
 * managed here, not in the parent (where every module would see them).
 */
class IsolationTest {
    private static final Path ROOT = Path.of("").toAbsolutePath().getParent();

    @Test
    void noOtherModuleDependsOnTheStarterOrSeesSpring() throws IOException {
        List<Path> poms;
        try (Stream<Path> files = Files.walk(ROOT, 3)) {
            poms = files.filter(p -> p.getFileName().toString().equals("pom.xml"))
                    .filter(p -> !p.startsWith(ROOT.resolve("spring-boot-starter")))
                    .filter(p -> !p.toString().contains("/target/"))
                    .toList();
        }
        assertThat(poms).contains(ROOT.resolve("pom.xml"), ROOT.resolve("spi/pom.xml"), ROOT.resolve("cli/pom.xml"));
        for (Path pom : poms) {
            String text = Files.readString(pom);
            assertThat(text).as(pom.toString()).doesNotContain("org.springframework");
            if (!pom.equals(ROOT.resolve("pom.xml")) && !pom.equals(ROOT.resolve("bom/pom.xml"))) {
                assertThat(text).as(pom.toString()).doesNotContain("tidemark-spring-boot-starter");
            }
        }
        String parent = Files.readString(ROOT.resolve("pom.xml"));
        assertThat(parent).contains("<module>spring-boot-starter</module>");
        assertThat(Files.readString(ROOT.resolve("bom/pom.xml"))).contains("tidemark-spring-boot-starter");
    }
}
