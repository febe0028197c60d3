package io.tidemark.tools;

import io.tidemark.publisher.Publisher;
import io.tidemark.watermark.WatermarkStore;
import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

/** Interchange documents held in memory, for tests. */
final class Docs {
    private Docs() {}

    /** A source reading {@code doc} with the bound {@code maxBytes}. */
    static Source source(byte[] doc, long maxBytes) {
        return new Source() {
            @Override
            public void read(Sink sink) {
                try (JsonInput in = JsonInput.open(new ByteArrayInputStream(doc), "", maxBytes)) {
                    Interchange.readDocument(in, sink);
                }
            }

            @Override
            public String describe() {
                return "test document";
            }
        };
    }

    /** A source reading {@code doc} within the default bound. */
    static Source source(String doc) {
        return source(doc.getBytes(StandardCharsets.UTF_8), Import.DEFAULT_MAX_BYTES);
    }

    /** The document of these stores. */
    static String export(WatermarkStore marks, Publisher records) {
        StringWriter out = new StringWriter();
        Interchange.export(
                Optional.ofNullable(marks),
                Optional.ofNullable(records),
                out,
                "test",
                Instant.parse("2026-01-01T00:00:00Z"));
        return out.toString();
    }

    /** Imports {@code doc} into the stores. */
    static Import.Summary importInto(Source doc, boolean dryRun, WatermarkStore marks, Publisher records) {
        return Import.run(
                doc,
                Import.Options.of(Import.Format.INTERCHANGE).withDryRun(dryRun),
                Optional.ofNullable(marks),
                Optional.ofNullable(records),
                p -> {});
    }
}
