package io.tidemark.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.tidemark.InvalidInputException;
import java.util.List;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/** The edge values of W23 and P28: texts at and one past a length limit, edge characters, lone surrogates. */
final class Edges {
    /** Characters of 1, 2, 3 and 4 UTF-8 bytes (the last is U+10FFFF, a surrogate pair: 2 chars). */
    static final List<String> UNITS = List.of("a", "\u00e9", "\u4e2d", "\uDBFF\uDFFF");

    /**
     * Valid characters at the edges of Unicode and of the control-character check: U+00A0 (just past the C1
     * controls), U+D7FF and U+E000 (either side of the surrogates), noncharacters U+FDD0, U+FFFE and U+FFFF, the
     * byte order mark, the replacement character, U+10000 and U+10FFFF (the first and last surrogate pairs).
     */
    static final String EDGE_CHARS = "\u00a0\ud7ff\ue000\ufdd0\ufeff\ufffd\ufffe\uffff\uD800\uDC00\uDBFF\uDFFF~";

    /** Texts with an unpaired surrogate: alone, inside, reversed pair, at the end, at the start. */
    static final List<String> LONE_SURROGATES = List.of("\uD800", "x\uDC00y", "\uDC00\uD800", "ab\uDBFF", "\uDFFFab");

    /** A call that must be rejected with an {@link InvalidInputException} naming {@code field}. */
    record Rejection(String field, String what, ThrowingCallable call) {}

    private Edges() {}

    /** Repeats {@code unit} to exactly {@code length} chars without splitting a surrogate pair (pads with 'a'). */
    static String repeat(String unit, int length) {
        StringBuilder b = new StringBuilder();
        int i = 0;
        while (b.length() < length) {
            int cp = unit.codePointAt(i % unit.length());
            if (b.length() + Character.charCount(cp) > length) {
                cp = 'a';
            }
            b.appendCodePoint(cp);
            i += Character.charCount(unit.codePointAt(i % unit.length()));
        }
        return b.toString();
    }

    /** {@code max + 1} chars of {@code unit}, ending in a whole {@code unit} (so a pair straddles the limit). */
    static String onePast(String unit, int max) {
        return repeat(unit, max + 1 - unit.length()) + unit;
    }

    /** {@code text} for a message: surrogates written as {@code \\uXXXX}. */
    static String shown(String text) {
        StringBuilder b = new StringBuilder("'");
        text.chars()
                .forEach(c -> b.append(
                        Character.isSurrogate((char) c) ? String.format("\\u%04x", c) : String.valueOf((char) c)));
        return b.append('\'').toString();
    }

    /**
     * Runs every call; each must throw an {@link InvalidInputException} whose field starts with the expected one
     * (meta fields add the path: {@code status meta.x}).
     */
    static void assertRejected(List<Rejection> rejections) {
        for (Rejection r : rejections) {
            Throwable t = catchThrowable(r.call());
            assertThat(t)
                    .as("%s must be rejected as invalid %s", r.what(), r.field())
                    .isInstanceOf(InvalidInputException.class);
            assertThat(((InvalidInputException) t).field())
                    .as("field named when rejecting %s", r.what())
                    .startsWith(r.field());
        }
    }
}
