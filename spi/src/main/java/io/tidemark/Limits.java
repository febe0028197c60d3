package io.tidemark;

/**
 * The documented bounds of every value a store accepts. Every backend enforces exactly these (the checks
 * live in the value records), so a value accepted by one backend is accepted by all. Lengths count UTF-16
 * chars; the byte limits of DynamoDB keys (2,048 bytes) are respected even for 4-byte UTF-8 characters.
 */
public final class Limits {
    /** Longest chain id, in chars. */
    public static final int MAX_CHAIN_ID = 128;
    /** Longest public key hash, in chars. */
    public static final int MAX_PKH = 128;
    /** Longest request kind, in chars. */
    public static final int MAX_KIND = 64;
    /** Longest digest, in chars. */
    public static final int MAX_DIGEST = 256;
    /** Longest ledger name (the part before the first colon of an alias), in chars. */
    public static final int MAX_LEDGER_NAME = 255;
    /** Longest branch name, in chars. */
    public static final int MAX_BRANCH = 255;
    /** Longest commit, index or default context address, in chars. */
    public static final int MAX_ADDRESS = 2048;
    /** Longest status string, in chars. */
    public static final int MAX_STATUS = 64;
    /** Largest status or config meta map, as UTF-8 JSON bytes. */
    public static final int MAX_META_BYTES = 64 * 1024;
    /** Deepest nesting of maps and lists inside a meta map. */
    public static final int MAX_META_DEPTH = 16;
    /**
     * Most significant digits of a number inside a meta map (DynamoDB's precision), counted after trailing zeros are
     * removed: {@code 1.50} has 2.
     */
    public static final int MAX_NUMBER_DIGITS = 38;
    /**
     * Largest decimal exponent of a non-zero number inside a meta map, in scientific notation ({@code d.ddd × 10^e},
     * the exponent of the leading significant digit). With {@link #MAX_NUMBER_DIGITS} this makes DynamoDB's range:
     * {@code 1e125} and {@code -9.9999999999999999999999999999999999999e125} are accepted, {@code 1e126} is not.
     */
    public static final int MAX_NUMBER_EXPONENT = 125;
    /**
     * Smallest decimal exponent of a non-zero number inside a meta map, in scientific notation (see
     * {@link #MAX_NUMBER_EXPONENT}): {@code 1e-130}, {@code -1.5e-130} and {@code 1.2345e-130} are accepted,
     * {@code 9.9e-131} is not. Zero is always accepted.
     */
    public static final int MIN_NUMBER_EXPONENT = -130;
    /**
     * Longest number text (JSON or a DynamoDB {@code N} attribute) read as a meta number, and most digits of the
     * unscaled value of a {@code BigDecimal} or {@code BigInteger} given in a meta map, before trailing zeros are
     * removed. Checked before any arithmetic, so that the work per number is bounded; every number of the range
     * fits, even written out in full ({@code -0.000…0001234…} is at most 170 chars).
     */
    public static final int MAX_NUMBER_CHARS = 200;

    private Limits() {}
}
