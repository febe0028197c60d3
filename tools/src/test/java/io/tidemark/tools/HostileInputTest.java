package io.tidemark.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.backend.memory.MemoryPublisher;
import io.tidemark.backend.memory.MemoryWatermarkStore;
import io.tidemark.publisher.Publisher;
import io.tidemark.watermark.WatermarkStore;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;

/** Inputs built to exhaust memory or time are refused with the typed error, bounded, with nothing written. */
class HostileInputTest {
    private static final String HEAD =
            "{\"metadata\":{\"interchange_format_version\":1,\"exported_at\":\"2026-01-01T00:00:00Z\",\"source\":\"x\"},";

    private static String valid() throws Exception {
        return Files.readString(SourceFixturesTest.fixture("interchange/valid.json"));
    }

    private static void refused(String doc, long maxBytes, String reason) {
        try (WatermarkStore s = MemoryWatermarkStore.open();
                Publisher p = MemoryPublisher.open()) {
            assertThatThrownBy(() ->
                            Docs.importInto(Docs.source(doc.getBytes(StandardCharsets.UTF_8), maxBytes), false, s, p))
                    .isInstanceOf(InvalidDocumentException.class)
                    .hasMessageContaining(reason);
            assertThat(Backends.contents(s)).isEmpty();
            assertThat(Backends.contents(p)).isEmpty();
        }
    }

    @Test
    void aDocumentOverTheByteBound() throws Exception {
        String doc = valid();
        refused(doc, doc.length() / 2, "exceeds the maximum allowed");
    }

    @Test
    void deepNesting() {
        String meta = "[".repeat(100_000);
        refused(HEAD + "\"watermarks\":[],\"records\":[{\"status_meta\":{\"a\":" + meta, 1L << 30, "nesting depth");
    }

    @Test
    void aHugeStringANumberWithThousandsOfDigitsAndAHugeName() {
        refused(HEAD + "\"watermarks\":[{\"digest\":\"" + "x".repeat(200_000) + "\"}]}", 1L << 30, "length");
        refused(HEAD + "\"watermarks\":[{\"level\":" + "9".repeat(5000) + "}]}", 1L << 30, "Number value length");
        refused(HEAD + "\"" + "n".repeat(10_000) + "\":1}", 1L << 30, "Name length");
    }

    @Test
    void duplicatesTrailingContentAndNotJson() throws Exception {
        refused(HEAD.replace("\"source\":\"x\"", "\"source\":\"x\",\"source\":\"y\""), 1L << 30, "Duplicate");
        refused(valid() + "{}", 1L << 30, "after the document");
        refused("not json", 1L << 30, "$");
        refused("", 1L << 30, "must be an object");
        refused(HEAD + "\"watermarks\":[]}", 1L << 30, "no 'records'");
    }

    @Test
    void aValueAStoreRefusesIsNamedWithItsPathAfterTheShapeIsRight() {
        refused(
                HEAD + "\"watermarks\":[{\"chain_id\":\"a/b\",\"pkh\":\"p\",\"kind\":\"k\",\"level\":1,\"round\":0,"
                        + "\"digest\":\"d\"}],\"records\":[]}",
                1L << 30,
                "$.watermarks[0]");
    }

    /** Versions move one compare-and-set at a time: a record far ahead fails at once, with nothing of it written. */
    @Test
    void aVersionFarAheadIsAConflictNotAnEndlessReplay() {
        String doc = HEAD + "\"watermarks\":[],\"records\":[{\"ledger_alias\":\"far:main\",\"commit_address\":\"c\","
                + "\"commit_t\":1,\"status\":\"ready\",\"updated_at\":0,\"status_v\":" + Long.MAX_VALUE
                + ",\"status_meta\":{},\"config_v\":0,\"config_meta\":{}}]}";
        try (Publisher p = MemoryPublisher.open()) {
            java.util.List<Migration.Progress> failed = new java.util.ArrayList<>();
            Import.Summary s = Import.run(
                    Docs.source(doc),
                    Import.Options.of(Import.Format.INTERCHANGE),
                    java.util.Optional.empty(),
                    java.util.Optional.of(p),
                    x -> x.failure().ifPresent(e -> failed.add(x)));
            assertThat(s.records()).isEqualTo(new Import.Counts(0, 0, 0, 1));
            assertThat(failed.get(0).failure().get()).hasMessageContaining("more than " + Migration.MAX_REPLAY);
            assertThat(Backends.contents(p)).isEmpty();
        }
    }

    /** A million marks stream through the reader in bounded memory: nothing is collected. */
    @Test
    void aMillionMarksStreamThrough() {
        int n = 1_000_000;
        InputStream in = new InputStream() {
            private final byte[] head = (HEAD + "\"records\":[],\"watermarks\":[").getBytes(StandardCharsets.UTF_8);
            private byte[] chunk = head;
            private int pos;
            private int next;

            @Override
            public int read() {
                while (pos == chunk.length) {
                    if (next > n) {
                        return -1;
                    }
                    String s = next == n
                            ? "]}"
                            : (next == 0 ? "" : ",")
                                    + "{\"chain_id\":\"NetX\",\"pkh\":\"tz1" + next
                                    + "\",\"kind\":\"block\",\"level\":1,\"round\":0,\"digest\":\"vh\"}";
                    chunk = s.getBytes(StandardCharsets.US_ASCII);
                    pos = 0;
                    next++;
                }
                return chunk[pos++];
            }
        };
        int[] count = {0};
        try (JsonInput json = JsonInput.open(in, "", Import.DEFAULT_MAX_BYTES)) {
            Interchange.readDocument(json, new Sink() {
                @Override
                public void mark(io.tidemark.watermark.StoredWatermark mark) {
                    count[0]++;
                }

                @Override
                public void record(io.tidemark.publisher.NsRecord record) {
                    count[0]++;
                }
            });
        }
        assertThat(count[0]).isEqualTo(n);
    }
}
