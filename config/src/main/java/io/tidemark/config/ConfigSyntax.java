package io.tidemark.config;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.InvalidConfigException;
import io.tidemark.Names;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionEndEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.ScalarEvent;
import org.yaml.snakeyaml.reader.ReaderException;

/**
 * The YAML and JSON parsers of {@link ConfigFiles}, bounded and quiet. Bounded: nesting is limited to
 * {@link ConfigFiles#MAX_DEPTH}, and a YAML document is walked event by event before anything is built, refusing an
 * alias inside the list or map it names and any document whose aliases expand it beyond
 * {@link ConfigFiles#MAX_VALUES} values. Quiet: a syntax error says the line, the column and what was expected in
 * the parser's words with every quoted or echoed piece of the document removed, because a value there may be a
 * secret; the parser's exception (which carries an excerpt of the line) is never kept as a cause.
 */
final class ConfigSyntax {
    private ConfigSyntax() {}

    // ---- YAML ----

    private static LoaderOptions loaderOptions() {
        LoaderOptions o = new LoaderOptions();
        o.setAllowRecursiveKeys(false);
        o.setNestingDepthLimit(ConfigFiles.MAX_DEPTH);
        o.setCodePointLimit(ConfigFiles.MAX_FILE_BYTES);
        o.setMaxAliasesForCollections(ConfigFiles.MAX_VALUES);
        return o;
    }

    /** The document as maps (string keys), lists and scalars; null for an empty document. */
    static Object yaml(Path file, String text) {
        try {
            checkAliases(file, new Yaml(new SafeConstructor(loaderOptions())).parse(new StringReader(text)));
            return plain(file, new Yaml(new SafeConstructor(loaderOptions())).load(text));
        } catch (InvalidConfigException e) {
            throw e;
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            String what = safe(e.getProblem() == null ? e.getContext() : e.getProblem());
            throw syntax(file, m == null ? -1 : m.getLine() + 1, m == null ? -1 : m.getColumn() + 1, what);
        } catch (ReaderException e) {
            int[] lc = lineColumn(text, e.getPosition());
            throw syntax(
                    file, lc[0], lc[1], "a character YAML does not allow (a control character or a non-character)");
        } catch (RuntimeException e) { // YAMLException without a position: the limits of LoaderOptions
            String m = String.valueOf(e.getMessage());
            String what = m.contains("Nesting Depth")
                    ? "nested more than " + ConfigFiles.MAX_DEPTH + " levels"
                    : m.contains("exceeds the limit")
                            ? "larger than " + ConfigFiles.MAX_FILE_BYTES + " characters"
                            : m.contains("aliases") || m.contains("Recursive key")
                                    ? "an alias that refers to itself or expands too far"
                                    : "not valid YAML";
            throw new InvalidConfigException(file + ": " + what);
        }
    }

    /**
     * Walks the events: refuses an alias to a collection still open (the document would contain itself) and counts
     * the values the document expands to, each alias counting the size of what it names.
     */
    private static void checkAliases(Path file, Iterable<Event> events) {
        Map<String, Long> sizes = new HashMap<>();
        Set<String> open = new HashSet<>();
        Deque<long[]> counts = new ArrayDeque<>(); // values inside each open collection
        Deque<String> anchors = new ArrayDeque<>();
        counts.push(new long[1]);
        for (Event e : events) {
            if (e instanceof CollectionStartEvent c) {
                if (counts.size() > ConfigFiles.MAX_DEPTH) {
                    throw limit(file, e, "nested more than " + ConfigFiles.MAX_DEPTH + " levels");
                }
                counts.push(new long[1]);
                anchors.push(c.getAnchor() == null ? "" : c.getAnchor());
                if (c.getAnchor() != null) {
                    open.add(c.getAnchor());
                }
            } else if (e instanceof CollectionEndEvent) {
                long n = counts.pop()[0] + 1;
                String anchor = anchors.pop();
                if (!anchor.isEmpty()) {
                    open.remove(anchor);
                    sizes.put(anchor, n);
                }
                add(file, e, counts.peek(), n);
            } else if (e instanceof ScalarEvent sc) {
                if (sc.getAnchor() != null) {
                    sizes.put(sc.getAnchor(), 1L);
                }
                add(file, e, counts.peek(), 1);
            } else if (e instanceof AliasEvent a) {
                if (open.contains(a.getAnchor())) {
                    throw limit(file, e, "an alias refers to the list or map that contains it");
                }
                add(file, e, counts.peek(), sizes.getOrDefault(a.getAnchor(), 1L));
            }
        }
    }

    private static void add(Path file, Event at, long[] count, long n) {
        count[0] += n;
        if (count[0] > ConfigFiles.MAX_VALUES) {
            throw limit(file, at, "aliases expand the document to more than " + ConfigFiles.MAX_VALUES + " values");
        }
    }

    private static InvalidConfigException limit(Path file, Event at, String what) {
        Mark m = at.getStartMark();
        return new InvalidConfigException(file + ": " + what
                + (m == null ? "" : " (line " + (m.getLine() + 1) + ", column " + (m.getColumn() + 1) + ")"));
    }

    /**
     * Maps with string keys, lists, scalars; the alias check has bounded the size and excluded cycles. A key that is
     * a map or list is refused (its text would be made of values).
     */
    private static Object plain(Path file, Object v) {
        if (v instanceof Map<?, ?> m) {
            Map<String, Object> out = new LinkedHashMap<>();
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (e.getKey() instanceof Map || e.getKey() instanceof Collection) {
                    throw new InvalidConfigException(
                            file + ": a key is a " + (e.getKey() instanceof Map ? "map" : "list")
                                    + "; keys must be plain names (check for a '?' or a misplaced indentation)");
                }
                out.put(String.valueOf(e.getKey()), plain(file, e.getValue()));
            }
            return out;
        }
        if (v instanceof Collection<?> c) {
            List<Object> out = new ArrayList<>(c.size());
            c.forEach(x -> out.add(plain(file, x)));
            return out;
        }
        return v;
    }

    // ---- JSON ----

    private static final ObjectMapper JSON = new ObjectMapper(JsonFactory.builder()
                    .streamReadConstraints(StreamReadConstraints.builder()
                            .maxNestingDepth(ConfigFiles.MAX_DEPTH)
                            .maxStringLength(ConfigFiles.MAX_FILE_BYTES)
                            .build())
                    .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
                    .build())
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    /** The document as maps, lists and scalars. */
    static Object json(Path file, String text) {
        try {
            return JSON.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            JsonLocation l = e.getLocation();
            String m = e.getOriginalMessage();
            String what = m != null && m.startsWith("Trailing token")
                    ? "more content after the end of the document"
                    : m != null && m.contains("nesting depth")
                            ? "nested more than " + ConfigFiles.MAX_DEPTH + " levels"
                            : safe(m);
            throw syntax(file, l == null ? -1 : l.getLineNr(), l == null ? -1 : l.getColumnNr(), what);
        } catch (RuntimeException e) {
            throw new InvalidConfigException(file + ": not valid JSON");
        }
    }

    // ---- properties ----

    private static final Pattern BAD_UNICODE_ESCAPE = Pattern.compile("(?<!\\\\)(?:\\\\\\\\)*\\\\u(?![0-9a-fA-F]{4})");

    /** {@code java.util.Properties} says only "Malformed \\uxxxx encoding": find where. */
    static InvalidConfigException propertiesError(Path file, String text) {
        Matcher m = BAD_UNICODE_ESCAPE.matcher(text);
        int[] lc = m.find() ? lineColumn(text, m.end() - 2) : new int[] {-1, -1};
        return syntax(file, lc[0], lc[1], "a \\u escape needs four hexadecimal digits");
    }

    // ---- messages ----

    private static InvalidConfigException syntax(Path file, int line, int column, String what) {
        return new InvalidConfigException(
                file + ": syntax error" + (line > 0 ? " at line " + line + ", column " + column : "") + ": " + what);
    }

    private static int[] lineColumn(String text, int offset) {
        int line = 1;
        int column = 1;
        for (int i = 0; i < Math.min(offset, text.length()); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                column = 1;
            } else {
                column++;
            }
        }
        return new int[] {line, column};
    }

    /** Quoted pieces the parsers use for their own grammar, not for the document's text. */
    private static final Pattern GRAMMAR = Pattern.compile("<[a-z ]+>|null|true|false|[\\[\\]{}:,?-]");

    private static final Pattern QUOTED = Pattern.compile("'([^']*)'?|\"([^\"]*)\"?|`([^`]*)`?");
    /** Parser phrases followed by a piece of the document, unquoted: the piece is cut. */
    private static final Pattern ECHOES = Pattern.compile("(?i)(found undefined alias|found duplicate anchor"
            + "|found unknown escape character|for the tag|but found:?|but got|found character)"
            + "\\s+(?!'?<[a-z ]+>)[^\\s,;]+");

    private static final String CUT = "\0";

    /**
     * The parser's description of a syntax error with the document's text removed: the first line only; quoted
     * pieces kept only when they are grammar ({@code '<block end>'}, {@code ':'}); pieces the parsers echo unquoted
     * (alias names, escape characters, tags, code points) cut and replaced by {@code (text hidden)}.
     */
    static String safe(String problem) {
        if (problem == null || problem.isBlank()) {
            return "not valid";
        }
        String p = problem.lines().findFirst().orElse("").strip();
        int at = p.indexOf(" at [Source");
        p = at >= 0 ? p.substring(0, at) : p;
        p = p.replaceAll("\\s*\\(start marker at .*", "")
                .replaceAll("\\s*\\(Do not use .* for indentation\\)", "")
                .replaceAll("\\s*\\((?:code )?-?\\d+\\)", "");
        Matcher q = QUOTED.matcher(p);
        StringBuilder b = new StringBuilder();
        while (q.find()) {
            String inner = q.group(1) != null ? q.group(1) : q.group(2) != null ? q.group(2) : q.group(3);
            boolean closed = q.group().length() >= 2
                    && q.group().charAt(q.group().length() - 1) == q.group().charAt(0);
            q.appendReplacement(
                    b, Matcher.quoteReplacement(closed && GRAMMAR.matcher(inner).matches() ? q.group() : CUT));
        }
        q.appendTail(b);
        p = ECHOES.matcher(b).replaceAll("$1 " + CUT);
        p = p.replace("(" + CUT + ")", "")
                .replace(CUT, "(text hidden)")
                .replaceAll("\\s+([:,.)])", "$1")
                .replaceAll("\\s{2,}", " ")
                .strip();
        return p.isEmpty() ? "not valid" : Names.escape(p);
    }
}
