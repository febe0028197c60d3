package io.tidemark.tools;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import io.tidemark.backend.memory.MemoryPublisher;
import io.tidemark.backend.memory.MemoryWatermarkStore;
import io.tidemark.publisher.Publisher;
import io.tidemark.watermark.WatermarkStore;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * The schema ({@code docs/interchange.schema.json}, checked with a maintained validator, networknt
 * json-schema-validator) and the streaming reader agree: on the fixtures both accept or both refuse, and whatever
 * random mutations do to a valid document, the reader accepts nothing the schema refuses, throws nothing but
 * {@link InvalidDocumentException}, and when it refuses, nothing was written.
 */
class SchemaAgreementTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonSchema SCHEMA;
    private static final JsonNode VALID;

    static {
        try {
            SCHEMA = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                    .getSchema(Files.readString(Path.of("..", "docs", "interchange.schema.json")));
            VALID = JSON.readTree(Files.readString(SourceFixturesTest.fixture("interchange/valid.json")));
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Whether the reader accepts {@code doc}: imported into fresh stores, or refused with nothing written. */
    private static boolean readerAccepts(byte[] doc) {
        try (WatermarkStore marks = MemoryWatermarkStore.open();
                Publisher records = MemoryPublisher.open()) {
            try {
                Docs.importInto(Docs.source(doc, Import.DEFAULT_MAX_BYTES), false, marks, records);
                return true;
            } catch (InvalidDocumentException e) {
                assertThat(Backends.contents(marks))
                        .as("marks written from a refused document")
                        .isEmpty();
                assertThat(Backends.contents(records))
                        .as("records written from a refused document")
                        .isEmpty();
                assertThat(e.where()).startsWith("$");
                return false;
            }
        }
    }

    private static Set<ValidationMessage> schemaErrors(JsonNode doc) {
        return SCHEMA.validate(doc);
    }

    @Example
    void theValidFixtureAndAnExportPassBoth() throws Exception {
        assertThat(schemaErrors(VALID)).isEmpty();
        assertThat(readerAccepts(JSON.writeValueAsBytes(VALID))).isTrue();
        try (WatermarkStore s = MemoryWatermarkStore.open();
                Publisher p = MemoryPublisher.open()) {
            RoundTripTest.fill(s, p);
            String doc = Docs.export(s, p);
            assertThat(schemaErrors(JSON.readTree(doc))).isEmpty();
        }
    }

    @Example
    void everyInvalidFixtureFailsBoth() throws Exception {
        List<Path> invalid;
        try (Stream<Path> all = Files.list(SourceFixturesTest.fixture("interchange/invalid"))) {
            invalid = all.sorted().toList();
        }
        assertThat(invalid).hasSizeGreaterThan(15);
        for (Path f : invalid) {
            byte[] doc = Files.readAllBytes(f);
            assertThat(schemaErrors(JSON.readTree(doc)))
                    .as("schema on %s", f.getFileName())
                    .isNotEmpty();
            assertThat(readerAccepts(doc)).as("reader on %s", f.getFileName()).isFalse();
        }
    }

    @Example
    void theReaderNamesThePathAndTheValue() {
        String doc = new String(
                        JSON.valueToTree(VALID).toString().getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8)
                .replace("\"level\":4000000", "\"level\":-7");
        assertThatThrownBy(() ->
                        Docs.importInto(Docs.source(doc), false, MemoryWatermarkStore.open(), MemoryPublisher.open()))
                .isInstanceOf(InvalidDocumentException.class)
                .hasMessage("invalid $.watermarks[1].level '-7': must be between 0 and 9223372036854775807");
    }

    // ---- fuzz ----

    /** One mutation: which node (by index in document order), what to do, and the value used. */
    record Mutation(int node, int op, JsonNode value, String name) {}

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        Arbitrary<Mutation> one = Combinators.combine(
                        Arbitraries.integers().between(0, 1000),
                        Arbitraries.integers().between(0, 3),
                        values(2),
                        Arbitraries.of(
                                "level",
                                "round",
                                "digest",
                                "extra",
                                "commit_t",
                                "commit_address",
                                "index_t",
                                "status_meta",
                                "source",
                                "metadata",
                                "records",
                                "@context"))
                .as(Mutation::new);
        return one.list().ofMinSize(1).ofMaxSize(3);
    }

    /** Tricky JSON values: BMP strings (no lone surrogates: the schema counts code points), edge numbers. */
    static Arbitrary<JsonNode> values(int depth) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        Arbitrary<JsonNode> scalars = Arbitraries.oneOf(
                Arbitraries.of(
                                "",
                                " ",
                                "\u2028",
                                "\u00a0",
                                "x",
                                "a/b",
                                "a:b",
                                ":b",
                                "a:",
                                "vh1",
                                "\u0007",
                                "tidemark:no-digest",
                                "2026-13-01T00:00:00Z",
                                "2026-01-01T00:00:00Z",
                                "x".repeat(300))
                        .map(f::textNode),
                Arbitraries.strings()
                        .withCharRange(' ', '\uD7FF')
                        .ofMaxLength(20)
                        .map(f::textNode),
                Arbitraries.of(-1L, 0L, 1L, 2147483647L, 2147483648L, Long.MAX_VALUE)
                        .map(f::numberNode),
                Arbitraries.of(new BigInteger("9223372036854775808"), new BigInteger("-99999999999999999999"))
                        .map(f::numberNode),
                Arbitraries.of(new BigDecimal("1.5"), new BigDecimal("1E+400"), new BigDecimal("2.0"))
                        .map(f::numberNode),
                Arbitraries.of(f.booleanNode(true), f.nullNode()));
        if (depth == 0) {
            return scalars;
        }
        Arbitrary<JsonNode> inner = values(depth - 1);
        return Arbitraries.frequencyOf(
                Tuple.of(6, scalars),
                Tuple.of(1, inner.list().ofMaxSize(2).map(l -> {
                    ArrayNode a = f.arrayNode();
                    l.forEach(a::add);
                    return a;
                })),
                Tuple.of(1, inner.list().ofMaxSize(2).map(l -> {
                    ObjectNode o = f.objectNode();
                    for (int i = 0; i < l.size(); i++) {
                        o.set("k" + i, l.get(i));
                    }
                    return o;
                })));
    }

    @Property(tries = 1500)
    void mutatedDocumentsImportWhollyOrNotAtAllAndOnlyWithTheTypedError(@ForAll("mutations") List<Mutation> ms)
            throws IOException {
        JsonNode doc = VALID.deepCopy();
        for (Mutation m : ms) {
            doc = apply(doc, m);
        }
        byte[] bytes = JSON.writeValueAsBytes(doc);
        boolean accepted = readerAccepts(bytes);
        if (accepted) {
            assertThat(schemaErrors(doc))
                    .as("the reader accepted what the schema refuses: %s", doc)
                    .isEmpty();
        }
    }

    /** Applies {@code m} to a copy of {@code root}: remove, replace, add a member, or duplicate an element. */
    private static JsonNode apply(JsonNode root, Mutation m) {
        List<JsonNode[]> nodes = new ArrayList<>(); // {parent, node} pairs; index 0 is the root
        nodes.add(new JsonNode[] {null, root});
        collect(root, nodes);
        JsonNode[] pick = nodes.get(m.node() % nodes.size());
        JsonNode parent = pick[0];
        JsonNode node = pick[1];
        switch (m.op()) {
            case 0 -> remove(parent, node);
            case 1 -> {
                if (parent == null) {
                    return m.value();
                }
                replace(parent, node, m.value());
            }
            case 2 -> {
                if (node instanceof ObjectNode o) {
                    o.set(m.name(), m.value());
                }
            }
            default -> {
                if (parent instanceof ArrayNode a) {
                    a.add(node.deepCopy());
                }
            }
        }
        return root;
    }

    private static void collect(JsonNode n, List<JsonNode[]> out) {
        n.forEach(child -> {
            out.add(new JsonNode[] {n, child});
            collect(child, out);
        });
    }

    private static void remove(JsonNode parent, JsonNode node) {
        if (parent instanceof ObjectNode o) {
            o.properties().removeIf(e -> e.getValue() == node);
        } else if (parent instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                if (a.get(i) == node) {
                    a.remove(i);
                    return;
                }
            }
        }
    }

    private static void replace(JsonNode parent, JsonNode node, JsonNode value) {
        if (parent instanceof ObjectNode o) {
            o.properties().forEach(e -> {
                if (e.getValue() == node) {
                    e.setValue(value);
                }
            });
        } else if (parent instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                if (a.get(i) == node) {
                    a.set(i, value);
                    return;
                }
            }
        }
    }
}
