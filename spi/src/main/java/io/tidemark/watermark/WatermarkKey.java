package io.tidemark.watermark;

import io.tidemark.InvalidInputException;
import io.tidemark.Limits;
import io.tidemark.spi.support.Validate;

/**
 * What a watermark is kept for: one signing key on one chain for one kind of request. Keys that differ in any
 * part are independent. Kinds are open strings ({@code block}, {@code preattestation}, {@code attestation},
 * {@code attestation_with_dal}, ...).
 *
 * <p>Each part is non-blank text without control characters, at most {@link Limits#MAX_CHAIN_ID},
 * {@link Limits#MAX_PKH} and {@link Limits#MAX_KIND} chars. The chain id may not contain {@code /}, since
 * stores join chain id and key hash as {@code <chainId>/<publicKeyHash>}.
 *
 * @throws InvalidInputException naming the part when it is invalid
 */
public record WatermarkKey(String chainId, String publicKeyHash, String requestKind) {
  public WatermarkKey {
    Validate.text("chain id", chainId, Limits.MAX_CHAIN_ID);
    if (chainId.indexOf('/') >= 0) {
      throw new InvalidInputException("chain id", chainId, "must not contain '/'");
    }
    Validate.text("public key hash", publicKeyHash, Limits.MAX_PKH);
    Validate.text("request kind", requestKind, Limits.MAX_KIND);
  }

  /** {@code <chainId>/<publicKeyHash>}: the partition part of the key, as the DynamoDB table's {@code idx}. */
  public String idx() {
    return chainId + "/" + publicKeyHash;
  }

  /** Inverse of {@link #idx()} plus the kind. */
  public static WatermarkKey ofIdx(String idx, String requestKind) {
    int slash = idx == null ? -1 : idx.indexOf('/');
    if (slash < 0) {
      throw new InvalidInputException("idx", idx, "expected <chainId>/<publicKeyHash>");
    }
    return new WatermarkKey(idx.substring(0, slash), idx.substring(slash + 1), requestKind);
  }

  @Override
  public String toString() {
    return idx() + "/" + requestKind;
  }
}
