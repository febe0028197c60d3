package io.tidemark.tools;

import io.tidemark.InvalidInputException;

/**
 * A document or source file to import is invalid: not JSON, the wrong shape, a value a store refuses, or over a
 * bound. {@link #field()} (and {@link #where()}) names the place, as a file and a JSON path such as
 * {@code $.watermarks[3].level}; the message also shows the offending value. Thrown while the whole input is checked,
 * before anything is written: the target stores are unchanged.
 */
public class InvalidDocumentException extends InvalidInputException {
    private static final long serialVersionUID = 1L;

    /**
     * An error at {@code where} (a JSON path, prefixed with the file when there is more than one), about
     * {@code value}, for {@code reason}.
     */
    public InvalidDocumentException(String where, Object value, String reason) {
        super(where, value, reason);
    }

    /** The place of the error: a JSON path such as {@code $.records[0].status_v}, prefixed with its file. */
    public String where() {
        return field();
    }
}
