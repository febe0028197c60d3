package io.tidemark.backend.file;

import io.tidemark.Health;
import io.tidemark.publisher.CasResult;
import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.NsRecord;
import io.tidemark.publisher.PublishResult;
import io.tidemark.publisher.Publisher;
import io.tidemark.spi.ChangeSignal;
import io.tidemark.spi.Checked;
import io.tidemark.spi.PublisherBackend;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The storage of a {@link Publisher} of one small file per ledger alias under {@code <base_dir>/v1/nameservice}, in
 * the two-slot layout of {@link SlotFile} (the write path is the watermark store's: {@link FileTree}).
 * Every operation applies one {@link NsRecord} rule to the file read under the alias's lock (shared by threads and
 * processes), so commit and index publishes of one alias serialise for one write each and never undo each other.
 * Closing releases nothing and a call racing it completes or never starts, as for {@link FileWatermarkStore}.
 */
public final class FilePublisher implements PublisherBackend {
    private final FileTree tree;

    /**
     * Opens (creating directories as needed) the nameservice tree under {@code baseDir}, behind the checking layer
     * with the UTC system clock; a relative {@code baseDir} is resolved against the working directory.
     *
     * @param fsync sync every write before returning; {@code false} is for tests only (see the provider)
     * @throws io.tidemark.AccessDeniedException if a store directory is not owned by this process's user or is
     *     writable by its group or others
     */
    public static Publisher open(Path baseDir, boolean fsync) {
        return open(baseDir, fsync, Clock.systemUTC());
    }

    /** {@link #open(Path, boolean)} whose {@code updated_at} values come from {@code clock}. */
    public static Publisher open(Path baseDir, boolean fsync, Clock clock) {
        return open(baseDir, FileOptions.defaults(fsync), clock);
    }

    static Publisher open(Path baseDir, FileOptions options, Clock clock) {
        return Checked.publisher(new FilePublisher(baseDir, options), clock);
    }

    FilePublisher(Path baseDir, FileOptions options) {
        this.tree = FileTree.open(baseDir, "nameservice", "file publisher", options);
    }

    @Override
    public PublishResult publishCommit(LedgerAlias alias, String address, long t, long now) {
        return apply(alias, stored -> publish(NsRecord.decideCommit(stored, alias, address, t, now)));
    }

    @Override
    public PublishResult publishIndex(LedgerAlias alias, String address, long t, long now) {
        return apply(alias, stored -> publish(NsRecord.decideIndex(stored, alias, address, t, now)));
    }

    @Override
    public Optional<NsRecord> retract(LedgerAlias alias, long now) {
        return apply(alias, stored -> {
            Optional<NsRecord> next = stored.map(r -> r.retracted(now));
            return new Change<>(next, next);
        });
    }

    @Override
    public CasResult pushStatus(LedgerAlias alias, long expectedV, String state, Map<String, Object> meta, long now) {
        return apply(alias, stored -> cas(NsRecord.decideStatus(stored, expectedV, state, meta, now)));
    }

    @Override
    public CasResult pushConfig(
            LedgerAlias alias,
            long expectedV,
            Map<String, Object> meta,
            Optional<String> defaultContextAddress,
            long now) {
        return apply(alias, stored -> cas(NsRecord.decideConfig(stored, expectedV, meta, defaultContextAddress, now)));
    }

    /** What a rule decided: the result and, if applied, the record to write. */
    private record Change<T>(T result, Optional<NsRecord> write) {}

    private static Change<PublishResult> publish(PublishResult r) {
        return new Change<>(r, r.applied() ? Optional.of(r.current()) : Optional.empty());
    }

    private static Change<CasResult> cas(CasResult r) {
        return new Change<>(r, r instanceof CasResult.Applied a ? Optional.of(a.record()) : Optional.empty());
    }

    /** Runs {@code rule} on the stored record under the alias's lock and writes the record it returns, if any. */
    private <T> T apply(LedgerAlias alias, Function<Optional<NsRecord>, Change<T>> rule) {
        String name = FileCodec.fileName(alias);
        return tree.update(name, content -> {
            Change<T> c = rule.apply(content.map(text -> FileCodec.decodeRecord(tree.dir(), name, text)));
            return new FileTree.Decision<>(c.result(), c.write().map(FileCodec::encode));
        });
    }

    @Override
    public boolean delete(LedgerAlias alias) {
        return tree.delete(FileCodec.fileName(alias));
    }

    @Override
    public Optional<NsRecord> lookup(LedgerAlias alias) {
        String name = FileCodec.fileName(alias);
        return tree.read(name).map(c -> FileCodec.decodeRecord(tree.dir(), name, c));
    }

    @Override
    public Stream<NsRecord> allRecords() {
        return tree.names()
                .flatMap(name -> tree.read(name).map(c -> FileCodec.decodeRecord(tree.dir(), name, c)).stream());
    }

    /** The directory and its lock files, looked at without a lock or a write; see {@code FileTree#check}. */
    @Override
    public Health check() {
        return tree.check("file publisher");
    }

    /**
     * A watch service on the nameservice directory (changes by any process, usually within milliseconds on a local
     * file system), with a poll every {@link DirectorySignal#POLL} where it reports nothing.
     */
    @Override
    public ChangeSignal changeSignal() {
        return new DirectorySignal(tree.dir());
    }

    /** Nothing to release: no lock, channel or file stays open between calls. */
    @Override
    public void close() {}

    @Override
    public String toString() {
        return "file publisher " + tree.dir();
    }
}
