package io.tidemark.backend.file;

import io.tidemark.publisher.CasResult;
import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.NsRecord;
import io.tidemark.publisher.PublishResult;
import io.tidemark.publisher.Publisher;
import io.tidemark.spi.support.CloseGuard;
import io.tidemark.spi.support.Validate;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A {@link Publisher} of one small JSON file per ledger alias under {@code <base_dir>/v1/nameservice}. Every
 * operation applies one {@link NsRecord} rule to the file read under the alias's lock (shared by threads and
 * processes), so commit and index publishes of one alias serialise for one write each and never undo each other.
 */
public final class FilePublisher implements Publisher {
  private final FileTree tree;
  private final CloseGuard guard;

  /**
   * Opens (creating directories as needed) the nameservice tree under {@code baseDir}; a relative {@code baseDir} is
   * resolved against the working directory.
   *
   * @throws io.tidemark.AccessDeniedException if a store directory is not owned by this process's user or is
   *     writable by its group or others
   */
  public static FilePublisher open(Path baseDir, boolean fsync) {
    return open(baseDir, FileOptions.defaults(fsync));
  }

  static FilePublisher open(Path baseDir, FileOptions options) {
    return new FilePublisher(FileTree.open(baseDir, "nameservice", "file publisher", options));
  }

  private FilePublisher(FileTree tree) {
    this.tree = tree;
    this.guard = new CloseGuard("file publisher " + tree.dir());
  }

  @Override
  public PublishResult publishCommit(LedgerAlias alias, String address, long t) {
    Validate.publish("commit", alias, address, t);
    return apply(alias, stored -> {
      PublishResult r = NsRecord.decideCommit(stored, alias, address, t, now());
      return new Change<>(r, r.applied() ? Optional.of(r.current()) : Optional.empty());
    });
  }

  @Override
  public PublishResult publishIndex(LedgerAlias alias, String address, long t) {
    Validate.publish("index", alias, address, t);
    return apply(alias, stored -> {
      PublishResult r = NsRecord.decideIndex(stored, alias, address, t, now());
      return new Change<>(r, r.applied() ? Optional.of(r.current()) : Optional.empty());
    });
  }

  @Override
  public Optional<NsRecord> retract(LedgerAlias alias) {
    Validate.present("ledger alias", alias);
    return apply(alias, stored -> {
      Optional<NsRecord> next = stored.map(r -> r.retracted(now()));
      return new Change<>(next, next);
    });
  }

  @Override
  public CasResult pushStatus(LedgerAlias alias, long expectedV, String state, Map<String, Object> meta) {
    Map<String, Object> canonical = Validate.pushStatus(alias, expectedV, state, meta);
    return apply(alias, stored -> cas(NsRecord.decideStatus(stored, expectedV, state, canonical, now())));
  }

  @Override
  public CasResult pushConfig(LedgerAlias alias, long expectedV, Map<String, Object> meta, Optional<String> defaultContextAddress) {
    Map<String, Object> canonical = Validate.pushConfig(alias, expectedV, meta, defaultContextAddress);
    return apply(alias, stored -> cas(NsRecord.decideConfig(stored, expectedV, canonical, defaultContextAddress, now())));
  }

  /** What a rule decided: the result and, if applied, the record to write. */
  private record Change<T>(T result, Optional<NsRecord> write) {}

  private static Change<CasResult> cas(CasResult r) {
    return new Change<>(r, r instanceof CasResult.Applied a ? Optional.of(a.record()) : Optional.empty());
  }

  /** Runs {@code rule} on the stored record under the alias's lock and writes the record it returns, if any. */
  private <T> T apply(LedgerAlias alias, Function<Optional<NsRecord>, Change<T>> rule) {
    guard.check();
    String name = FileCodec.fileName(alias);
    return tree.update(name, content -> {
      Change<T> c = rule.apply(content.map(text -> FileCodec.decodeRecord(tree.dir(), name, text)));
      return new FileTree.Decision<>(c.result(), c.write().map(FileCodec::encode));
    });
  }

  @Override
  public boolean delete(LedgerAlias alias) {
    Validate.present("ledger alias", alias);
    guard.check();
    return tree.delete(FileCodec.fileName(alias));
  }

  @Override
  public Optional<NsRecord> lookup(LedgerAlias alias) {
    Validate.present("ledger alias", alias);
    guard.check();
    String name = FileCodec.fileName(alias);
    return tree.read(name).map(c -> FileCodec.decodeRecord(tree.dir(), name, c));
  }

  @Override
  public Stream<NsRecord> allRecords() {
    guard.check();
    return tree.names().flatMap(name -> tree.read(name).map(c -> FileCodec.decodeRecord(tree.dir(), name, c)).stream());
  }

  @Override
  public void close() {
    guard.close();
  }

  private static long now() {
    return Instant.now().getEpochSecond();
  }

  @Override
  public String toString() {
    return "FilePublisher[" + tree.dir() + "]";
  }
}
