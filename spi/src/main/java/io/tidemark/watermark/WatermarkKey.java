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
 * stores may join chain id and key hash as {@code <chainId>/<publicKeyHash>} (the signer guide's DynamoDB key) and
 * split it back at the first {@code /}.
 *
 * @param chainId the chain, without {@code /}
 * @param publicKeyHash the signing key's hash
 * @param requestKind the kind of request
 */
public record WatermarkKey(String chainId, String publicKeyHash, String requestKind) {
    /**
     * Checks every part.
     *
     * @throws InvalidInputException naming the part when it is invalid
     */
    public WatermarkKey {
        Validate.text("chain id", chainId, Limits.MAX_CHAIN_ID);
        if (chainId.indexOf('/') >= 0) {
            throw new InvalidInputException("chain id", chainId, "must not contain '/'");
        }
        Validate.text("public key hash", publicKeyHash, Limits.MAX_PKH);
        Validate.text("request kind", requestKind, Limits.MAX_KIND);
    }

    /** {@code <chainId>/<publicKeyHash>/<requestKind>}, for messages. */
    @Override
    public String toString() {
        return chainId + "/" + publicKeyHash + "/" + requestKind;
    }
}
