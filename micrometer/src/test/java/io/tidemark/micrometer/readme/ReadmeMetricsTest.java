package io.tidemark.micrometer.readme;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tidemark.BackendConfig;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The README's metrics snippet is {@link MeteredSigner}, word for word: this test runs it (a refused sign shows on
 * the refused counter the README's alert rule reads) and checks that the README shows the file as it stands.
 */
class ReadmeMetricsTest {
    private static final Path README = Path.of("../README.md");

    @Test
    void theSnippetCountsARefusedSign() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        WatermarkKey key = new WatermarkKey("NetX", "tz1readme", "block");
        try (WatermarkStore marks = MeteredSigner.open(BackendConfig.of("mem", Map.of()), registry)) {
            assertThat(marks.advance(key, new Watermark(10, 0, "a")).maySign()).isTrue();
            assertThat(registry.get("tidemark.watermark.refused").counter().count())
                    .isZero();
            assertThat(marks.advance(key, new Watermark(10, 0, "b")).maySign()).isFalse();
        }
        assertThat(registry.get("tidemark.watermark.refused")
                        .tags("backend", "mem", "kind", "block")
                        .counter()
                        .count())
                .isEqualTo(1.0);
    }

    @Test
    void theReadmeShowsTheSnippetVerbatim() throws Exception {
        String source = Files.readString(Path.of("src/test/java/io/tidemark/micrometer/readme/MeteredSigner.java"));
        String prefix = "package io.tidemark.micrometer.readme;\n\n";
        assertThat(source).startsWith(prefix);
        Matcher m = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL).matcher(Files.readString(README));
        List<String> blocks = new ArrayList<>();
        while (m.find()) {
            blocks.add(m.group(1));
        }
        assertThat(blocks).as("README.md java blocks").contains(source.substring(prefix.length()));
    }
}
