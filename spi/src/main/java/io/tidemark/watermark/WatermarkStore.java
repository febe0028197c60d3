package io.tidemark.watermark;

import io.tidemark.Health;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A signer's anti-double-signing guard: per {@link WatermarkKey}, the highest {@link Watermark} signed.
 *
 * <p>Contract, identical on every backend (the TCK's W rules):
 * <ul>
 *   <li>{@link #advance} is atomic and monotonic: it stores the candidate iff no mark is stored or the candidate
 *       is strictly higher ({@link Watermark#decide}). Two callers racing on one key, in one process or in many
 *       sharing the store, can never both get {@code Advanced} or {@code Repeated} for different digests at one
 *       level and round.</li>
 *   <li>Keys are independent, kinds included.</li>
 *   <li>Invalid input is rejected by the value records with {@link io.tidemark.InvalidInputException} before
 *       anything is written.</li>
 *   <li>Faults are unchecked {@link io.tidemark.TidemarkException}s; after {@link #close()} every operation
 *       throws {@link IllegalStateException}, and closing twice is harmless.</li>
 * </ul>
 * Implementations are thread-safe.
 */
public interface WatermarkStore extends AutoCloseable {

    /** Stores {@code mark} for {@code key} iff it is higher than the stored one; see {@link AdvanceResult}. */
    AdvanceResult advance(WatermarkKey key, Watermark mark);

    /** The stored mark, read with strong consistency; empty if none. */
    Optional<Watermark> get(WatermarkKey key);

    /** Every stored mark exactly once, in no particular order. Lazy where the backend pages: close the stream. */
    Stream<StoredWatermark> list();

    /**
     * Admin operation: removes the mark of {@code key}, so that the next advance starts afresh. Never part of
     * normal signing: it removes the protection against double signing for that key.
     *
     * @return true if a mark was removed, false if none was stored
     */
    boolean reset(WatermarkKey key);

    /**
     * Whether the store can serve calls now: cheap, with no side effects (nothing written, no lock taken, nothing
     * created). Never throws for a backend fault: the fault is {@link Health.Unreachable} with the reason (never a
     * credential). After {@link #close()} it is {@code Unreachable} saying the store is closed.
     */
    Health check();

    /** Releases the store's resources. Idempotent. */
    @Override
    void close();
}
