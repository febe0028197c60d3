package io.tidemark;

/**
 * An argument of a contract operation is invalid (bad alias, negative t or level, empty digest, a value over
 * its limit in {@link Limits}, a meta value that is not JSON-like). Thrown before anything is written: the
 * store is unchanged. {@link #field()} names the offending argument.
 */
public class InvalidInputException extends TidemarkException {
    private static final long serialVersionUID = 1L;
    private final String field;

    public InvalidInputException(String field, Object value, String reason) {
        super("invalid " + field + " " + show(value) + ": " + reason);
        this.field = field;
    }

    /** The name of the offending argument or attribute, for example {@code digest} or {@code ledger alias}. */
    public String field() {
        return field;
    }

    /** Renders a value for a message: quoted, control characters escaped, long values cut. */
    static String show(Object value) {
        return Names.quote(value);
    }
}
