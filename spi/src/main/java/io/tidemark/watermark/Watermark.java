package io.tidemark.watermark;

import io.tidemark.Limits;
import io.tidemark.spi.support.Validate;
import java.util.Optional;

/**
 * The highest thing signed for a key: a level, a round within it, and the digest of the payload.
 *
 * <p>Order: marks are ordered by level, then round; the digest is not part of the order but is compared
 * exactly (case, whitespace and Unicode form are significant) to tell a safe repeat from a double sign.
 * This class owns the one advance rule every backend applies, {@link #decide}.
 *
 * @param level {@code >= 0}
 * @param round {@code >= 0}
 * @param digest non-blank, no control characters, at most {@link Limits#MAX_DIGEST} chars
 */
public record Watermark(long level, int round, String digest) {
    /**
     * The digest of a mark whose source stored none: a Tezos signer's mark migrated from its legacy file layouts
     * ({@code "hash": null}), or a DynamoDB item whose {@code digest} is {@code NULL}. It is a valid digest (non-blank,
     * no control characters) that no real request can carry: {@code :} and {@code -} are outside the base58 alphabet
     * of Tezos hashes and outside hexadecimal. A signer asking for that level and round again gets {@code Refused}
     * (its digest differs), so the slot is never signed twice; a higher level or round advances as usual. A caller
     * that passes this digest itself for that level and round gets {@code Refused} too, never {@code Repeated}: the
     * source signed something there whose digest nobody knows, so no request may repeat it ({@link #decide}).
     * Callers must not use it as a real digest.
     */
    public static final String NO_DIGEST = "tidemark:no-digest";

    /**
     * Checks every component.
     *
     * @throws io.tidemark.InvalidInputException naming the field when a component is invalid
     */
    public Watermark {
        Validate.nonNegative("level", level);
        Validate.nonNegative("round", round);
        Validate.text("digest", digest, Limits.MAX_DIGEST);
    }

    /** True if this mark is strictly higher than {@code other}: a higher level, or the same level and a higher round. */
    public boolean isHigherThan(Watermark other) {
        return level > other.level || (level == other.level && round > other.round);
    }

    /** True if both marks are at the same level and round, whatever their digests. */
    public boolean sameSlot(Watermark other) {
        return level == other.level && round == other.round;
    }

    /**
     * The advance rule. {@code Advanced(stored)} if nothing is stored or the candidate is strictly higher;
     * {@code Repeated(stored)} if level, round and digest all equal the stored mark, unless that digest is
     * {@link #NO_DIGEST} (a slot signed with an unknown digest is never repeatable); {@code Refused(stored)}
     * otherwise. A backend writes the candidate exactly when the result is {@link AdvanceResult.Advanced}.
     */
    public static AdvanceResult decide(Optional<Watermark> stored, Watermark candidate) {
        if (stored.isEmpty() || candidate.isHigherThan(stored.get())) {
            return new AdvanceResult.Advanced(stored);
        }
        Watermark current = stored.get();
        return current.equals(candidate) && !NO_DIGEST.equals(current.digest())
                ? new AdvanceResult.Repeated(current)
                : new AdvanceResult.Refused(current);
    }

    @Override
    public String toString() {
        return "level " + level + " round " + round + " digest " + digest;
    }
}
