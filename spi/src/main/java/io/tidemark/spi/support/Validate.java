package io.tidemark.spi.support;

import io.tidemark.InvalidInputException;
import io.tidemark.Limits;

/**
 * The input checks shared by the value records and the checking layer ({@link io.tidemark.spi.Checked}). Each failure is an
 * {@link InvalidInputException} naming the field and the value.
 */
public final class Validate {
    private Validate() {}

    /**
     * A required text: not null, not blank, at most {@code maxLength} chars, no control characters and no
     * unpaired surrogates (they cannot be stored as UTF-8).
     */
    public static String text(String field, String value, int maxLength) {
        if (value == null) {
            throw new InvalidInputException(field, null, "must not be null");
        }
        if (printableAscii(value) && value.length() <= maxLength) {
            return value; // the common case: not blank, no control character, no surrogate
        }
        // one pass over the chars; the errors keep their order
        boolean blank = true;
        int control = -1;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            blank &= Character.isWhitespace(c);
            if (control < 0 && Character.isISOControl(c)) {
                control = i;
            }
        }
        if (blank) {
            throw new InvalidInputException(field, value, "must not be empty or blank");
        }
        if (value.length() > maxLength) {
            throw new InvalidInputException(field, value, "longer than " + maxLength + " chars");
        }
        if (control >= 0) {
            throw new InvalidInputException(field, value, "contains a control character at index " + control);
        }
        unicode(field, value);
        return value;
    }

    /**
     * A string that can be stored as UTF-8: no unpaired surrogate (a high surrogate not followed by a low one, or a
     * low one not preceded by a high one). Every validated string crosses this check, meta strings and keys too.
     *
     * @throws InvalidInputException naming {@code field} and the index of the first unpaired surrogate
     */
    public static String unicode(String field, String value) {
        int i = unpairedSurrogate(value);
        if (i >= 0) {
            throw new InvalidInputException(field, value, "contains an unpaired surrogate at index " + i);
        }
        return value;
    }

    /** The index of the first unpaired surrogate in {@code value}, or -1; see {@link #unicode}. */
    static int unpairedSurrogate(String value) {
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (Character.isHighSurrogate(c)
                    && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return i;
            }
        }
        return -1;
    }

    /** True if {@code value} is not empty and every char is printable ASCII other than space ({@code !} .. {@code ~}). */
    private static boolean printableAscii(String value) {
        int n = value.length();
        for (int i = 0; i < n; i++) {
            char c = value.charAt(i);
            if (c <= ' ' || c > '~') {
                return false;
            }
        }
        return n > 0;
    }

    /** A value that must be zero or more. */
    public static long nonNegative(String field, long value) {
        if (value < 0) {
            throw new InvalidInputException(field, value, "must be >= 0");
        }
        return value;
    }

    /** A commit, index or default context address: {@link #text} with {@link Limits#MAX_ADDRESS}. */
    public static String address(String field, String value) {
        return text(field, value, Limits.MAX_ADDRESS);
    }

    /** A reference that must be present. */
    public static <T> T present(String field, T value) {
        if (value == null) {
            throw new InvalidInputException(field, null, "must not be null");
        }
        return value;
    }
}
