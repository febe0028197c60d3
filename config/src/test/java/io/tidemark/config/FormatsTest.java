package io.tidemark.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.BackendConfig;
import io.tidemark.InvalidConfigException;
import io.tidemark.NoSuchBackendException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which format reads a document, what each adds or refuses, and opening through {@link TidemarkConfig}. */
class FormatsTest {
    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    @Test
    void theSignerFormatTakesTheDirectoryKeyFromTheFileBackendsKeys() throws IOException {
        Path f = write("signatory.yaml", "base_dir: /data/signer\nwatermark: {driver: FILE}\n");
        FileStandIn.directoryKey = "root";
        try {
            assertThat(TidemarkConfig.load(f).requireWatermark().settings())
                    .isEqualTo(Map.of("root", "/data/signer/watermark"));
        } finally {
            FileStandIn.directoryKey = "base_dir";
        }
    }

    @Test
    void theSignerFormatKeepsADirectoryWrittenAndAddsNoneToOtherDrivers() throws IOException {
        assertThat(TidemarkConfig.load(write("a.yaml", "watermark:\n  config: {base_dir: /srv/m, fsync: false}\n"))
                        .requireWatermark()
                        .settings())
                .isEqualTo(Map.of("base_dir", "/srv/m", "fsync", false));
        assertThat(TidemarkConfig.load(write("b.yaml", "base_dir: /x\nwatermark: {driver: mem}\n"))
                        .requireWatermark()
                        .settings())
                .isEmpty();
        assertThat(TidemarkConfig.load(write("c.yaml", "watermark: {driver: file, config: {fsync: true}}\n"))
                        .requireWatermark()
                        .settings())
                .containsEntry("base_dir", "/var/lib/signatory/watermark");
    }

    @Test
    void theNativeFormatAddsNoDefaultAndRefusesSignatorysSections() throws IOException {
        TidemarkConfig c =
                TidemarkConfig.load(write("t.yaml", "publisher: {driver: mem}\nwatermark: {driver: file}\n"));
        assertThat(c.requireWatermark()).isEqualTo(BackendConfig.of("file", Map.of()));
        assertThatThrownBy(() -> TidemarkConfig.load(write("u.yaml", "publisher: {driver: mem}\nserver: {}\n")))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("unknown top-level key 'server'")
                .hasMessageContaining("Signatory file, which has no publisher");
    }

    @Test
    void aMistypedSectionIsSuggestedWhicheverFormatReadsIt() throws IOException {
        assertThatThrownBy(() -> TidemarkConfig.load(write("a.yaml", "publsher: {driver: mem}\nwatermark: {}\n")))
                .hasMessageContaining("'publsher' (did you mean 'publisher'?)");
        assertThatThrownBy(() -> TidemarkConfig.load(write("b.yaml", "bsae_dir: /x\nwatermark: {}\n")))
                .hasMessageContaining("'bsae_dir' (did you mean 'base_dir'?)");
        assertThatThrownBy(() -> TidemarkConfig.load(write("c.yaml", "publisher: {driver: mem}\nwatermak: {}\n")))
                .hasMessageContaining("'watermak' (did you mean 'watermark'?)");
    }

    /** Opening goes through discovery: the keys are checked against the backend's, then the backend opens. */
    @Test
    void opensThroughDiscovery() throws IOException {
        TidemarkConfig marks = TidemarkConfig.load(write("w.yaml", "watermark: {driver: file}\n"));
        assertThatThrownBy(marks::openPublisher)
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("w.yaml: no publisher configured");
        assertThatThrownBy(marks::openWatermarkStore)
                .isInstanceOf(UnsupportedOperationException.class)
                .hasMessageContaining("stand-in for the file backend");
        TidemarkConfig typo = TidemarkConfig.load(write("k.yaml", "watermark: {config: {fsyn: true}}\n"));
        assertThatThrownBy(typo::openWatermarkStore)
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("k.yaml")
                .hasMessageContaining("'fsyn'")
                .hasMessageContaining("did you mean 'fsync'");
        TidemarkConfig none = TidemarkConfig.load(write("n.yaml", "publisher: {driver: sqlite}\n"));
        assertThatThrownBy(none::openPublisher)
                .isInstanceOf(NoSuchBackendException.class)
                .hasMessageContaining("no backend 'sqlite'");
    }

    @Test
    void variablesThatCannotBeResolvedAreErrorsNamingTheKey() throws IOException {
        for (String v : List.of("${sys:}", "${env:}", "${foo:bar}", "${sys:tidemark.test.unset", "a${x}b")) {
            Path f = write("v.yaml", "watermark:\n  driver: mem\n  config: {region: '" + v + "'}\n");
            assertThatThrownBy(() -> TidemarkConfig.load(f))
                    .isInstanceOf(InvalidConfigException.class)
                    .hasMessageContaining("'watermark.config.region' refers to")
                    .hasMessageContaining("which is not set");
        }
        System.setProperty("tidemark.test.a", "${sys:tidemark.test.b}/x");
        System.setProperty("tidemark.test.b", "/srv");
        try {
            Path f = write("ok.yaml", "watermark:\n  driver: mem\n  config: {region: '<${sys:tidemark.test.a}>'}\n");
            assertThat(TidemarkConfig.load(f).requireWatermark().settings()).containsEntry("region", "</srv/x>");
        } finally {
            System.clearProperty("tidemark.test.a");
            System.clearProperty("tidemark.test.b");
        }
    }

    /** Issue 11: the file backend's key is spelled only as Signatory's own top-level key, in SignerFormat. */
    @Test
    void theFileBackendsKeyIsNotSpelledInTheMainCode() throws IOException {
        try (Stream<Path> files = Files.walk(Path.of("src/main/java"))) {
            List<String> spelled = files.filter(p -> p.toString().endsWith(".java"))
                    .flatMap(p -> {
                        try {
                            return Files.readAllLines(p).stream()
                                    .filter(l -> l.contains("\"base_dir\""))
                                    .map(l -> p.getFileName() + ": " + l.strip());
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .toList();
            assertThat(spelled).containsExactly("SignerFormat.java: static final String DATA_DIR_KEY = \"base_dir\";");
        }
    }
}
