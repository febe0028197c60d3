package io.tidemark.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.tidemark.InvalidConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Config files written by a careless operator or an attacker (issue 10 items 4, 6 and 11): every failure is one
 * {@link InvalidConfigException} naming the file, with no value text, no parser excerpt in any cause, and no
 * {@code Error}.
 */
class ConfigFilesHostileTest {
    static final String SECRET = "wJalrXUtnFEMIK7MDENGbPxRfiCYzEXAMPLEKEY";

    @TempDir
    Path dir;

    private Path write(String name, String text) throws IOException {
        return Files.writeString(dir.resolve(name), text);
    }

    /** Fails the test if the secret shows in the message or in any message of the cause chain. */
    static void assertNoSecret(Throwable e, String secret) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            assertThat(String.valueOf(t.getMessage())).doesNotContain(secret);
            for (Throwable s : t.getSuppressed()) {
                assertNoSecret(s, secret);
            }
        }
    }

    private InvalidConfigException failure(Path file) {
        Throwable t = org.junit.jupiter.api.Assertions.assertThrows(Throwable.class, () -> TidemarkConfig.load(file));
        assertThat(t).isInstanceOf(InvalidConfigException.class);
        assertThat(t.getMessage()).startsWith(file.toString() + ": ").doesNotContain("\n", "\r");
        assertNoSecret(t, SECRET);
        return (InvalidConfigException) t;
    }

    /** Item 4: each format, the secret quoted, unquoted, unterminated, at the error and just before it. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                // native YAML
                "watermark:\n  driver: aws\n  config:\n    secret_access_key: S\n     region: [\n",
                "watermark:\n  driver: aws\n  config:\n    secret_access_key: \"S\n",
                "watermark:\n  driver: aws\n  config:\n    secret_access_key: 'S\n",
                "watermark:\n  driver: aws\n  config:\n    secret_access_key: S: x\n",
                "watermark:\n  driver: aws\n  config: {secret_access_key: S\n",
                "watermark:\n  driver: aws\n  config:\n    secret_access_key: \"\\qS\"\n",
                "watermark:\n  driver: aws\n  config:\n    secret_access_key: \"\\xS\"\n",
                "watermark:\n  driver: aws\n  config:\n    secret_access_key: *S\n",
                "watermark:\n  driver: aws\n  config:\n    secret_access_key: !S x\n",
                "watermark:\n  driver: aws\n  config:\n    secret_access_key: S\n  \tregion: x\n",
                "watermark:\n  driver: aws\n  config:\n    secret_access_key: @S\n",
                "watermark:\n  driver: aws\n  config:\n    secret_access_key: S\n    S\n",
                "watermark:\n  driver: aws\n  config:\n    k: &S x\n    secret_access_key: *S y\n",
                // Signatory-style YAML
                "server:\n  address: :6732\nwatermark:\n  driver: aws\n  config:\n    access_key_id: AKIA\n    secret_access_key: S\n"
                        + "   region: us-east-1\n",
                "base_dir: /var/lib/signatory\nwatermark:\n  driver: aws\n  config: {secret_access_key: \"S, region: x}\n",
            })
    void yamlSyntaxErrorsNeverShowValues(String template) throws IOException {
        Path f = write("c.yaml", template.replace("S", SECRET));
        InvalidConfigException e = failure(f);
        assertThat(e.getMessage()).containsPattern("line \\d+, column \\d+");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "{\"@graph\": [{\"@id\": \"ns\", \"@type\": \"Publisher\", \"dynamodbTable\": \"t\", \"secret\": S}]}",
                "{\"@graph\": [{\"@id\": \"ns\", \"@type\": \"Publisher\", \"dynamodbTable\": \"t\", \"secret\": \"S}]}",
                "{\"@graph\": [{\"@id\": \"ns\", \"@type\": \"Publisher\", \"dynamodbTable\": \"S\" \"x\": 1}]}",
                "{\"@graph\": [{\"@id\": \"ns\", \"@type\": \"Publisher\", \"dynamodbTable\": \"t\", S: 1}]}",
                "{\"@graph\": [{\"@id\": \"ns\", \"@type\": \"Publisher\", \"dynamodbTable\": \"t\", \"k\": \"\\S\"}]}",
                "{\"@graph\": [{\"@id\": \"ns\", \"@type\": \"Publisher\", \"dynamodbTable\": \"t\", \"k\": \"\\uS\"}]}",
                "{\"@graph\": [{\"@id\": \"ns\", \"@type\": \"Publisher\", \"dynamodbTable\": \"t\", \"k\": 1S}]}",
                "{\"@graph\": [{\"@id\": \"ns\", \"@type\": \"Publisher\", \"dynamodbTable\": \"t\"}]} S",
                "{\"@graph\": [{\"@id\": \"ns\", \"@type\": \"Publisher\", \"dynamodbTable\": \"t\", \"k\": \"S\n\"}]}",
                "{\"@graph\": [{\"@id\": \"ns\", \"@type\": \"Publisher\", \"dynamodbTable\": \"t\", \"k\": tS}]}",
                "{\"@graph\": [{\"@id\": \"ns\", \"@type\": \"Publisher\", \"dynamodbTable\": \"t\", \"k\": -S}]}",
            })
    void jsonSyntaxErrorsNeverShowValues(String template) throws IOException {
        Path f = write("c.jsonld", template.replace("S", SECRET));
        InvalidConfigException e = failure(f);
        assertThat(e.getMessage()).containsPattern("line \\d+, column \\d+");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "watermark.driver=aws\nwatermark.config.secret_access_key=S\\u12\n",
                "watermark.driver=aws\nwatermark.config.secret_access_key=S\\uZZZZ\n",
                "watermark.driver=aws\nwatermark.config.secret_access_key=S\nwatermark=S\n",
            })
    void propertiesErrorsNeverShowValues(String template) throws IOException {
        failure(write("c.properties", template.replace("S", SECRET)));
    }

    /** Item 6: aliases that recurse or expand refuse quickly with one line naming the file; no Error escapes. */
    @Test
    void aliasBombsAreRefused() throws IOException {
        String laughs = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                + "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n" + "d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n"
                + "e: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d]\n" + "f: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e]\n"
                + "g: &g [*f, *f, *f, *f, *f, *f, *f, *f, *f]\n" + "h: &h [*g, *g, *g, *g, *g, *g, *g, *g, *g]\n"
                + "i: &i [*h, *h, *h, *h, *h, *h, *h, *h, *h]\nwatermark: {driver: mem}\n";
        String maps =
                "a: &a {k1: v, k2: v}\nb: &b {k1: *a, k2: *a, k3: *a, k4: *a}\nc: &c {k1: *b, k2: *b, k3: *b, k4: *b}\n"
                        + "d: &d {k1: *c, k2: *c, k3: *c, k4: *c}\ne: &e {k1: *d, k2: *d, k3: *d, k4: *d}\n"
                        + "f: &f {k1: *e, k2: *e, k3: *e, k4: *e}\ng: &g {k1: *f, k2: *f, k3: *f, k4: *f}\n"
                        + "h: &h {k1: *g, k2: *g, k3: *g, k4: *g}\ni: &i {k1: *h, k2: *h, k3: *h, k4: *h}\n"
                        + "j: &j {k1: *i, k2: *i, k3: *i, k4: *i}\nk: &k {k1: *j, k2: *j, k3: *j, k4: *j}\nwatermark: {}\n";
        String[] bombs = {
            "watermark: &a [*a]\n",
            "watermark: &a {config: *a}\n",
            "watermark:\n  config: &a {x: *a}\n",
            "server: &a [*a, *a]\nwatermark: {}\n",
            laughs,
            maps,
            "policy: " + "[".repeat(5000) + "\n"
        };
        // the bound: a run-away expansion took 79 s and 4.9 GB; refusing takes milliseconds. 30 s only stops a hang.
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            for (String bomb : bombs) {
                Path f = write("bomb.yaml", bomb);
                assertThat(failure(f).getMessage()).containsAnyOf("alias", "nested", "too many");
            }
        });
        long before = usedHeap();
        for (int i = 0; i < 20; i++) {
            failure(write("bomb.yaml", laughs));
        }
        assertThat(usedHeap() - before).as("heap growth after 20 refusals").isLessThan(64L << 20);
    }

    private static long usedHeap() {
        System.gc();
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }

    /** Found by the fuzz: a value turned into a key, and an error of BackendConfig.of without the file. */
    @ParameterizedTest
    @ValueSource(
            strings = {
                "? {secret_access_key: S}\n: x\nwatermark: {}\n",
                "S-x.y: 1\nwatermark: {}\n",
                "watermark:\n  driver: ''\n  config: {secret_access_key: S}\n",
                "watermark:\n  config: {S: 1}\n  S: 2\n",
                "watermark:\n  driver: aws\n  config: {when: 2001-12-14, secret_access_key: S}\n",
                "{\"@type\": \"Publisher\", \"dynamodbTable\": \"t\", \"S\": 1}"
            })
    void valuesTurnedIntoKeysAreNotShown(String template) throws IOException {
        failure(write(template.startsWith("{") ? "k.json" : "k.yaml", template.replace("S", SECRET)));
    }

    /**
     * Found by the signer-format fuzz ({@code ConfigFilesFuzzTest.signatoryYaml}): one edited byte, the {@code :}
     * after {@code secret_access_key} in its flow map deleted or turned into a quote, makes
     * {@code secret_access_key '<secret>'} a key with no value, and the "has no value" message quoted the key, secret
     * and all. Also a secret made a key whose value is a list, a date or a variable. A key under {@code config:} that
     * does not read as a name is now named by its length only.
     */
    @Test
    void aSecretTurnedIntoAConfigKeyIsNotShown() throws IOException {
        // the byte flipped; and the byte deleted, which the fuzz found again in 6,887 tries once it could reach every
        // byte
        for (String edited : new String[] {"secret_access_key' '", "secret_access_key '"}) {
            String fuzzed = ConfigFilesFuzzTest.SIGNATORY_YAML.replace("secret_access_key: '", edited);
            assertThat(fuzzed).isNotEqualTo(ConfigFilesFuzzTest.SIGNATORY_YAML);
            assertThat(failure(write("signatory.yaml", fuzzed)).getMessage())
                    .contains("has no value")
                    .containsPattern("a key under 'watermark.config' \\(a key of \\d+ chars, not shown");
        }
        for (String value : new String[] {"[x]", "{a: 1}", "2001-12-14", "'${env:TIDEMARK_SURELY_UNSET}'", ""}) {
            Path f = write(
                    "s.yaml", "watermark:\n  driver: aws\n  config: {region: r, " + SECRET + "x: " + value + "}\n");
            assertThat(failure(f).getMessage()).contains("a key under 'watermark.config'");
        }
    }

    @Test
    void aliasesInsideTheLimitsStillWork() throws IOException {
        Path f = write(
                "ok.yaml",
                "policy: &p {allow: [block]}\ntezos: {tz1a: *p, tz1b: *p}\n"
                        + "watermark: {driver: mem, config: {name: &n shared, other: *n}}\n");
        assertThat(TidemarkConfig.load(f).requireWatermark().settings()).containsEntry("other", "shared");
    }

    @Test
    void oversizeFilesAreRefusedUnread() throws IOException {
        Path f = dir.resolve("big.yaml");
        try (var out = Files.newBufferedWriter(f)) {
            out.write("watermark: {}\n# ");
            for (int i = 0; i < ConfigFiles.MAX_FILE_BYTES / 64 + 1; i++) {
                out.write("x".repeat(63) + "\n");
            }
        }
        assertThat(failure(f).getMessage()).contains("larger than " + ConfigFiles.MAX_FILE_BYTES + " bytes");
    }

    /** Item 11: a scalar document, a self-referencing variable, bad UTF-8. */
    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "s.yaml|hello|expected a map of sections at the top level",
                "s2.yaml|- a|expected a map of sections at the top level",
                "s3.json|[1]|expected a JSON object at the top level",
                "s4.json|\"x\"|expected a JSON object at the top level"
            })
    void documentsOfTheWrongShapeSaySo(String name, String text, String expected) throws IOException {
        Path f = write(name, text + "\n");
        assertThat(failure(f).getMessage()).isEqualTo(f + ": " + expected).doesNotContain("ClassCast");
    }

    @Test
    void selfReferencingVariablesNameTheFileAndKey() throws IOException {
        System.setProperty("tidemark.test.loop", "${sys:tidemark.test.loop}");
        System.setProperty("tidemark.test.ping", "${sys:tidemark.test.pong}");
        System.setProperty("tidemark.test.pong", "${sys:tidemark.test.ping}");
        try {
            Path f = write("loop.yaml", "watermark:\n  config:\n    base_dir: ${sys:tidemark.test.loop}\n");
            assertThat(failure(f).getMessage())
                    .contains("'watermark.config.base_dir'")
                    .contains("refers to itself");
            Path g =
                    write("pingpong.yaml", "watermark:\n  config:\n    secret_access_key: ${sys:tidemark.test.ping}\n");
            assertThat(failure(g).getMessage())
                    .contains("'watermark.config.secret_access_key'")
                    .contains("refers to itself");
        } finally {
            System.clearProperty("tidemark.test.loop");
            System.clearProperty("tidemark.test.ping");
            System.clearProperty("tidemark.test.pong");
        }
    }

    @Test
    void invalidUtf8GivesTheOffset() throws IOException {
        Path f = dir.resolve("bad.yaml");
        Files.write(f, new byte[] {'w', ':', ' ', (byte) 0xC3, (byte) 0x28, '\n'});
        assertThat(failure(f).getMessage()).contains("not valid UTF-8").contains("byte 3");
    }
}
