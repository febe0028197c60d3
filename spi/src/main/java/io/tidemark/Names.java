package io.tidemark;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

/** Helpers for messages about names: the nearest known name to a mistyped one. */
public final class Names {
    private Names() {}

    /** The known name closest to {@code typed} (edit distance at most 2, or equal ignoring case and {@code _-}). */
    public static Optional<String> nearest(String typed, Collection<String> known) {
        String t = fold(typed);
        return known.stream()
                .filter(k -> fold(k).equals(t) || distance(fold(k), t) <= Math.max(1, Math.min(2, k.length() / 4)))
                .min(Comparator.comparingInt(k -> distance(fold(k), t)));
    }

    /** {@code " (did you mean 'x'?)"} or the empty string. */
    public static String didYouMean(String typed, Collection<String> known) {
        return nearest(typed, known).map(k -> " (did you mean '" + k + "'?)").orElse("");
    }

    /**
     * {@code s} fit for a one-line message: control characters and surrogates (paired or not) escaped as
     * {@code \\uXXXX}, so that no message carries a raw NUL, newline or an unprintable half character.
     */
    public static String escape(String s) {
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean bad = Character.isISOControl(c) || Character.isSurrogate(c);
            if (bad && b == null) {
                b = new StringBuilder(s.length() + 8).append(s, 0, i);
            }
            if (b != null) {
                if (bad) {
                    b.append(String.format("\\u%04x", (int) c));
                } else {
                    b.append(c);
                }
            }
        }
        return b == null ? s : b.toString();
    }

    /**
     * An unknown key for a message: {@link #quote quoted} when it is near a known key (a typo) or a short name
     * ({@code [A-Za-z_][A-Za-z0-9_-]*}, at most 24 chars); otherwise only its length. A broken file can turn a value
     * into a key, and a value may be a secret: only what reads as a name is shown.
     */
    public static String unknownKey(String typed, Collection<String> known) {
        if (nearest(typed, known).isPresent() || typed.length() <= 24 && typed.matches("[A-Za-z_][A-Za-z0-9_-]*")) {
            return quote(typed);
        }
        return "(a key of " + typed.length() + " chars, not shown: it does not read as a name)";
    }

    /** {@code 'value'} for a message: {@link #escape escaped}, cut after 80 chars with the full length said. */
    public static String quote(Object value) {
        if (value == null) {
            return "null";
        }
        String s = String.valueOf(value);
        int limit = Math.min(s.length(), 80);
        String shown = escape(s.substring(0, limit)) + (s.length() > limit ? "...(" + s.length() + " chars)" : "");
        return "'" + shown + "'";
    }

    private static String fold(String s) {
        return s.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
    }

    static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
            }
            int[] tmp = prev;
            prev = cur;
            cur = tmp;
        }
        return prev[b.length()];
    }
}
