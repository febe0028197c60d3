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
  /** Most significant digits of a number inside a meta map (DynamoDB's precision). */
  public static final int MAX_NUMBER_DIGITS = 38;

  private Limits() {}
}
