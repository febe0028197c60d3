package io.tidemark.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.InvalidConfigException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * Fuzzes config loading (issue 10, "Fuzzing with jqwik"): a valid document of each format, with a secret planted in
 * it, randomly mutated (byte flips, insertions, deletions) and truncated. Each load ends in a loaded config or one
 * one-line {@link InvalidConfigException} naming the file; never another exception, never an {@link Error}, and the
 * secret appears in no message of the exception or its causes.
 */
class ConfigFilesFuzzTest {
    private static final int TRIES = 10_000;
    static final String SECRET = "wJalrXUtnFEMIK7MDENGbPxRfiCYzEXAMPLEKEY";
    private static final Path DIR;

    static {
        try {
            DIR = Files.createTempDirectory("tidemark-config-fuzz");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterContainer
    static void cleanUp() throws IOException {
        try (Stream<Path> files = Files.walk(DIR)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    static final String NATIVE_YAML =
            """
      publisher:
        driver: file
        config:
          base_dir: ${sys:java.io.tmpdir}/ns
          fsync: false
      watermark:
        driver: aws
        config:
          region: eu-west-1
          table: marks
          timeout_ms: 2500
          access_key_id: AKIAEXAMPLE
          secret_access_key: "%s"
          session_token: %s
      """
                    .formatted(SECRET, SECRET);

    static final String SIGNATORY_YAML =
            """
      base_dir: /var/lib/signatory
      server:
        address: :6732
        utility_address: :9583
      vaults:
        aws:
          driver: awskms
          config:
            access_key_id: AKIAEXAMPLE
            secret_access_key: %s
            region: us-west-2
      tezos:
        tz1Example: &policy
          log_payloads: true
          allow:
            block:
            generic: [transaction, reveal]
        tz1Other: *policy
      watermark:
        driver: aws
        config: {region: us-east-1, table: my_custom_watermark_table, secret_access_key: '%s'}
      """
                    .formatted(SECRET, SECRET);

    static final String JSON_LD =
            """
      {
        "@context": {"@base": "https://ns.flur.ee/config/connection/", "@vocab": "https://ns.flur.ee/system#"},
        "@id": "connection",
        "@graph": [
          {"@id": "s3Storage", "@type": "Storage", "s3Bucket": "b", "s3SecretAccessKey": "%s"},
          {"@id": "dynamodbPublisher", "@type": "Publisher", "dynamodbTable": "fluree-nameservice",
           "dynamodbRegion": "us-east-1", "dynamodbEndpoint": "http://localhost:4566", "dynamodbTimeoutMs": 5000},
          {"@id": "connection", "@type": "Connection", "parallelism": 4,
           "primaryPublisher": {"@id": "dynamodbPublisher"}, "commitStorage": {"@id": "s3Storage", "key": "%s"}}
        ]
      }
      """
                    .formatted(SECRET, SECRET);

    static final String PROPERTIES =
            """
      # native properties
      publisher.driver=mem
      watermark.driver=aws
      watermark.config.region=eu-west-1
      watermark.config.access_key_id=AKIAEXAMPLE
      watermark.config.secret_access_key=%s
      watermark.config.session_token = %s\\
        continued
      """
                    .formatted(SECRET, SECRET);

    /** One edit of the document's bytes: 0 flip, 1 insert, 2 delete, at a relative position. */
    record Edit(int kind, double at, byte value) {}

    @Provide
    Arbitrary<List<Edit>> edits() {
        Arbitrary<Byte> syntax = Arbitraries.of(
                        ":", "{", "}", "[", "]", "\"", "'", ",", "\n", " ", "-", "#", "&", "*", "!", "|", ">", "%", "@",
                        "\\", "=", "$", "\t", "?", "0", "a")
                .map(s -> (byte) s.charAt(0));
        Arbitrary<Byte> any = Arbitraries.bytes();
        Arbitrary<Byte> value = Arbitraries.frequencyOf(Tuple.of(4, syntax), Tuple.of(1, any));
        // six decimals: every byte of the document can be edited (the default scale, two, reaches one byte in a
        // hundred)
        Arbitrary<Double> at = Arbitraries.doubles().between(0, 1).ofScale(6);
        return Combinators.combine(Arbitraries.integers().between(0, 2), at, value)
                .as(Edit::new)
                .list()
                .ofMaxSize(4);
    }

    static byte[] mutate(String document, List<Edit> edits, double truncateAt) {
        byte[] b = document.getBytes(StandardCharsets.UTF_8);
        for (Edit e : edits) {
            int at = Math.min(b.length - 1, (int) (e.at() * b.length));
            if (b.length == 0) {
                break;
            }
            byte[] n;
            switch (e.kind()) {
                case 0 -> {
                    n = b.clone();
                    n[at] = e.value();
                }
                case 1 -> {
                    n = new byte[b.length + 1];
                    System.arraycopy(b, 0, n, 0, at);
                    n[at] = e.value();
                    System.arraycopy(b, at, n, at + 1, b.length - at);
                }
                default -> {
                    n = new byte[b.length - 1];
                    System.arraycopy(b, 0, n, 0, at);
                    System.arraycopy(b, at + 1, n, at, b.length - at - 1);
                }
            }
            b = n;
        }
        int keep = truncateAt >= 1 ? b.length : (int) (truncateAt * b.length);
        return java.util.Arrays.copyOf(b, keep);
    }

    @Provide
    Arbitrary<Double> truncation() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.just(1.0)),
                Tuple.of(1, Arbitraries.doubles().between(0, 1).ofScale(6)));
    }

    private static void loadsOrFailsCleanly(String name, String document, List<Edit> edits, double truncateAt)
            throws IOException {
        Path file = DIR.resolve(name);
        Files.write(file, mutate(document, edits, truncateAt));
        Throwable t;
        try {
            TidemarkConfig c = TidemarkConfig.load(file);
            assertThat(c.publisher().isPresent() || c.watermark().isPresent()).isTrue();
            return;
        } catch (Throwable thrown) {
            t = thrown;
        }
        assertThat(t).isInstanceOf(InvalidConfigException.class);
        assertThat(t.getMessage()).startsWith(file + ": ").doesNotContainPattern("[\\x00-\\x1f\\x7f]");
        for (Throwable c = t; c != null; c = c.getCause()) {
            assertThat(String.valueOf(c.getMessage())).doesNotContain(SECRET);
        }
    }

    @Property(tries = TRIES)
    void nativeYaml(@ForAll("edits") List<Edit> edits, @ForAll("truncation") double truncateAt) throws IOException {
        loadsOrFailsCleanly("tidemark.yaml", NATIVE_YAML, edits, truncateAt);
    }

    @Property(tries = TRIES)
    void signatoryYaml(@ForAll("edits") List<Edit> edits, @ForAll("truncation") double truncateAt) throws IOException {
        loadsOrFailsCleanly("signatory.yaml", SIGNATORY_YAML, edits, truncateAt);
    }

    @Property(tries = TRIES)
    void flureeJsonLd(@ForAll("edits") List<Edit> edits, @ForAll("truncation") double truncateAt) throws IOException {
        loadsOrFailsCleanly("connection.jsonld", JSON_LD, edits, truncateAt);
    }

    @Property(tries = TRIES)
    void properties(@ForAll("edits") List<Edit> edits, @ForAll("truncation") double truncateAt) throws IOException {
        loadsOrFailsCleanly("tidemark.properties", PROPERTIES, edits, truncateAt);
    }

    /** The unmutated documents load: the fuzz starts from valid files. */
    @net.jqwik.api.Example
    void theSeedDocumentsAreValid() throws IOException {
        for (String[] d : new String[][] {
            {"a.yaml", NATIVE_YAML}, {"b.yaml", SIGNATORY_YAML}, {"c.jsonld", JSON_LD}, {"d.properties", PROPERTIES}
        }) {
            Path f = Files.writeString(DIR.resolve(d[0]), d[1]);
            TidemarkConfig c = TidemarkConfig.load(f);
            assertThat(c.toString()).doesNotContain(SECRET);
        }
    }
}
