package io.tidemark.tools;

/** Small helpers for JSON text in messages. */
final class JsonText {
    private JsonText() {}

    /** {@code s} as a JSON string literal (quotes, backslashes and control characters escaped). */
    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < 0x20 || Character.isSurrogate(c) || (c >= 0x7f && c <= 0x9f)) {
                b.append(String.format("\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
