package io.tidemark.backend.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.tidemark.BackendConfig;
import io.tidemark.InvalidConfigException;
import io.tidemark.discovery.Tidemark;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exact bytes the codec writes for every ASCII character, and the exact shape of its error reasons. */
class FileJsonExactTest {

    /** What the old hand-written codec wrote for {@code c} inside a string (the on-disk format depends on it). */
    private static String expected(char c) {
        return switch (c) {
            case '"' -> "\\\"";
            case '\\' -> "\\\\";
            case '\n' -> "\\n";
            case '\r' -> "\\r";
            case '\t' -> "\\t";
            default -> c < 0x20 || c == 0x7f ? String.format("\\u%04x", (int) c) : String.valueOf(c);
        };
    }

    @Test
    void everyAsciiCharacterIsWrittenAsTheFormatSaysAndReadBack() {
        for (char c = 0; c < 0x80; c++) {
            String s = "a" + c + "b";
            assertThat(FileJson.write(s)).as("char %d", (int) c).isEqualTo("\"a" + expected(c) + "b\"");
            assertThat(FileJson.parse(FileJson.write(s))).isEqualTo(s);
        }
        assertThat(FileJson.write("\u0080\u00e9\u20ac")).isEqualTo("\"\u0080\u00e9\u20ac\"");
    }

    @Test
    void aValueThatIsNotJsonIsAProgrammingErrorNamingItsType() {
        assertThatThrownBy(() -> FileJson.write(new Object()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a JSON value: java.lang.Object");
        assertThatThrownBy(() -> FileJson.write(Map.of("k", new StringBuilder())))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a JSON value: java.lang.StringBuilder");
    }

    @Test
    void aTooLongNumberIsNamedWithoutJacksonsInternals() {
        String digits = "1".repeat(201);
        Throwable t = catchThrowable(() -> FileJson.parse("[" + digits + "]"));
        assertThat(t).isInstanceOf(IllegalArgumentException.class);
        assertThat(t.getMessage())
                .startsWith("malformed JSON at offset ")
                .endsWith("exceeds the maximum allowed (200)")
                .doesNotContain("StreamReadConstraints");
    }

    @Test
    void jacksonReasonsAreOneShortLineWithoutStartMarkers() {
        Throwable t = catchThrowable(() -> FileJson.parse("{\"k\": \"unterminated"));
        assertThat(t).isInstanceOf(IllegalArgumentException.class);
        assertThat(t.getMessage())
                .startsWith("malformed JSON at offset ")
                .doesNotContain("\n")
                .doesNotContain("start marker");
        String planted = "x".repeat(5000);
        Throwable long1 = catchThrowable(() -> FileJson.parse("{\"k\": " + planted + "}"));
        String reason = long1.getMessage().substring(long1.getMessage().indexOf(": ") + 2);
        assertThat(reason.length()).as(reason).isLessThanOrEqualTo(163);
        assertThat(reason)
                .doesNotContain(
                        "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx");
    }

    @Test
    void theProvidersConfigOpensAStoreInThatDirectory(@TempDir Path dir) {
        Path store = dir.resolve("s");
        BackendConfig c = FileBackendProvider.config(store);
        assertThat(c.driver()).isEqualTo("file");
        try (WatermarkStore s = Tidemark.openWatermarkStore(c)) {
            s.advance(new WatermarkKey("NetX", "tz1", "block"), new Watermark(1, 0, "d"));
        }
        assertThat(Files.isDirectory(store)).isTrue();
    }

    @Test
    void aProviderCalledWithoutTheDirectoryGivesATypedError() {
        assertThatThrownBy(() -> new FileBackendProvider().openWatermarkStore(BackendConfig.of("file", Map.of())))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("base_dir");
    }
}
