package io.tidemark.spi;

import io.tidemark.Health;
import io.tidemark.watermark.AdvanceResult;
import io.tidemark.watermark.StoredWatermark;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The storage operations of a {@link WatermarkStore}, what a backend implements. Users never see it: it is
 * reached only through the checking layer ({@link Checked#watermarkStore}), which has already rejected null
 * arguments (values validate themselves on construction) and calls after {@link #close()}, and calls
 * {@code close()} at most once. Each method keeps the contract of the {@link WatermarkStore} method of the same
 * name; in particular {@link #advance} decides and writes in one atomic step. Must be thread-safe.
 */
public interface WatermarkBackend extends AutoCloseable {

    /** See {@link WatermarkStore#advance}; {@code key} and {@code mark} are not null. */
    AdvanceResult advance(WatermarkKey key, Watermark mark);

    /** See {@link WatermarkStore#get}; {@code key} is not null. */
    Optional<Watermark> get(WatermarkKey key);

    /** See {@link WatermarkStore#list}. */
    Stream<StoredWatermark> list();

    /** See {@link WatermarkStore#reset}; {@code key} is not null. */
    boolean reset(WatermarkKey key);

    /**
     * See {@link WatermarkStore#check}: a cheap look at the storage (a table description, a directory and its lock file)
     * without side effects. Report a fault as {@link Health.Unreachable} with a one-line reason naming the store and
     * never a credential; the checking layer turns anything thrown into {@code Unreachable} too, and answers for a
     * closed store itself (this is never called after {@link #close()}).
     */
    Health check();

    /** Releases the storage's resources; called once. */
    @Override
    void close();
}
