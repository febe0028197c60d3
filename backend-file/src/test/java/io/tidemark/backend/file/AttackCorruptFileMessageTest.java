package io.tidemark.backend.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.tidemark.BackendConfig;
import io.tidemark.CorruptedStoreException;
import io.tidemark.discovery.Tidemark;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Adversarial review of "hostile files give typed one-line errors". {@code Json.Parser} echoes document text into
 * its messages unbounded and unescaped ({@code duplicate key '<k>'}, {@code bad number '<t>'}), and {@code FileCodec.corrupted} passes them on: a planted store file yields a CorruptedStoreException whose
 * message holds raw NUL / newline characters, or a megabyte of the file.
 */
class AttackCorruptFileMessageTest {
    private static final WatermarkKey KEY = new WatermarkKey("NetX", "tz1msg", "block");

    @TempDir
    Path tmp;

    private String messageFor(String fileContent) throws IOException {
        Path base = tmp.resolve("base" + fileContent.hashCode());
        try (WatermarkStore store =
                Tidemark.openWatermarkStore(BackendConfig.of("file", Map.of("base_dir", base.toString())))) {
            store.advance(KEY, new Watermark(1, 0, "vh"));
            Files.writeString(
                    base.resolve("v1/watermarks").resolve(FileCodec.fileName(KEY) + FileNames.DATA), fileContent);
            Throwable t = catchThrowable(() -> store.get(KEY));
            assertThat(t).isInstanceOf(CorruptedStoreException.class);
            return t.getMessage();
        }
    }

    @Test
    void aDuplicateKeyWithControlCharactersPutsRawNulAndNewlineInTheMessage() throws IOException {
        String m = messageFor("{\"format\":1,\"x\\n\\u0000y\":1,\"x\\n\\u0000y\":2}");
        assertThat(m.chars().filter(Character::isISOControl).count())
                .as("control characters in: " + m)
                .isZero();
    }

    @Test
    void aMalformedNumberEchoesUpToAMegabyteOfTheFile() throws IOException {
        String m = messageFor("{\"format\":" + "1-".repeat(400_000) + "}");
        assertThat(m.length()).as("message length").isLessThan(2_000);
    }
}
