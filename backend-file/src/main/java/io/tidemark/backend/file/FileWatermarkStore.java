package io.tidemark.backend.file;

import io.tidemark.Health;
import io.tidemark.spi.Checked;
import io.tidemark.spi.WatermarkBackend;
import io.tidemark.watermark.AdvanceResult;
import io.tidemark.watermark.StoredWatermark;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The storage of a {@link WatermarkStore} of one small file per key under {@code <base_dir>/v1/watermarks}, in the
 * two-slot layout of {@link SlotFile}. Each advance reads the current record under the key's lock (shared by every
 * thread and process on the host), decides with {@link Watermark#decide} and, only when advanced, writes the other
 * slot and syncs it before returning. A write that fails
 * throws and leaves the previous mark in place; a file that does not parse is an error, never "no mark".
 *
 * <p>Closing holds nothing back and releases nothing: every call takes its key's lock and lets it go before it
 * returns, and writes only while holding it (after checking that the lock file is still the one locked). A call
 * that races {@code close()} (the checking layer refuses calls once closed) therefore either completes as a whole,
 * its write made under its lock, or never starts; no state of this object is needed for that.
 */
public final class FileWatermarkStore implements WatermarkBackend {
    private final FileTree tree;

    /**
     * Opens (creating directories as needed) the watermark tree under {@code baseDir}, behind the checking layer; a
     * relative {@code baseDir} is resolved against the working directory.
     *
     * @param fsync sync every write before returning; {@code false} is for tests only (see the provider)
     * @throws io.tidemark.AccessDeniedException if a store directory is not owned by this process's user or is
     *     writable by its group or others
     */
    public static WatermarkStore open(Path baseDir, boolean fsync) {
        return open(baseDir, FileOptions.defaults(fsync));
    }

    static WatermarkStore open(Path baseDir, FileOptions options) {
        return Checked.watermarkStore(new FileWatermarkStore(baseDir, options));
    }

    FileWatermarkStore(Path baseDir, FileOptions options) {
        this.tree = FileTree.open(baseDir, "watermarks", "file watermark store", options);
    }

    @Override
    public AdvanceResult advance(WatermarkKey key, Watermark mark) {
        String name = FileCodec.fileName(key);
        return tree.update(name, content -> {
            AdvanceResult r = Watermark.decide(
                    content.map(
                            c -> FileCodec.decodeWatermark(tree.dir(), name, c).mark()),
                    mark);
            return new FileTree.Decision<>(
                    r,
                    r instanceof AdvanceResult.Advanced ? Optional.of(FileCodec.encode(key, mark)) : Optional.empty());
        });
    }

    @Override
    public Optional<Watermark> get(WatermarkKey key) {
        String name = FileCodec.fileName(key);
        return tree.read(name)
                .map(c -> FileCodec.decodeWatermark(tree.dir(), name, c).mark());
    }

    @Override
    public Stream<StoredWatermark> list() {
        return tree.names()
                .flatMap(name -> tree.read(name).map(c -> FileCodec.decodeWatermark(tree.dir(), name, c)).stream());
    }

    @Override
    public boolean reset(WatermarkKey key) {
        return tree.delete(FileCodec.fileName(key));
    }

    /** The directory and its lock files, looked at without a lock or a write; see {@code FileTree#check}. */
    @Override
    public Health check() {
        return tree.check("file watermark store");
    }

    /** Nothing to release: no lock, channel or file stays open between calls. */
    @Override
    public void close() {}

    @Override
    public String toString() {
        return "file watermark store " + tree.dir();
    }
}
