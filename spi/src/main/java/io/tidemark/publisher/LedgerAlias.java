package io.tidemark.publisher;

import io.tidemark.InvalidInputException;
import io.tidemark.Limits;
import io.tidemark.spi.support.Validate;

/**
 * A ledger alias {@code name:branch}. {@link #parse} splits at the first colon, so the name never contains a
 * colon and the branch may; a bare {@code name} means branch {@code main}. Each part is non-blank text without
 * control characters, at most {@link Limits#MAX_LEDGER_NAME} / {@link Limits#MAX_BRANCH} chars.
 */
public record LedgerAlias(String name, String branch) {
    /** The branch of a bare name. */
    public static final String DEFAULT_BRANCH = "main";

    /**
     * Checks both parts.
     *
     * @throws InvalidInputException naming {@code ledger name} or {@code branch} when a part is invalid
     */
    public LedgerAlias {
        Validate.text("ledger name", name, Limits.MAX_LEDGER_NAME);
        if (name.indexOf(':') >= 0) {
            throw new InvalidInputException("ledger name", name, "must not contain ':'");
        }
        Validate.text("branch", branch, Limits.MAX_BRANCH);
    }

    /**
     * Parses {@code name} or {@code name:branch}.
     *
     * @throws InvalidInputException for null, empty parts ({@code ":x"}, {@code "x:"}) and invalid parts
     */
    public static LedgerAlias parse(String alias) {
        if (alias == null) {
            throw new InvalidInputException("ledger alias", null, "must not be null");
        }
        int colon = alias.indexOf(':');
        if (colon < 0) {
            return new LedgerAlias(alias, DEFAULT_BRANCH);
        }
        return new LedgerAlias(alias.substring(0, colon), alias.substring(colon + 1));
    }

    /** {@code name:branch}, the form stored as {@code ledger_alias}. */
    @Override
    public String toString() {
        return name + ":" + branch;
    }
}
