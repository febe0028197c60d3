package io.tidemark.backend.file;

import io.tidemark.spi.support.CloseGuard;
import io.tidemark.spi.support.Validate;
import io.tidemark.watermark.AdvanceResult;
import io.tidemark.watermark.StoredWatermark;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A {@link WatermarkStore} of one small JSON file per key under {@code <base_dir>/v1/watermarks}. Each advance
 * reads the file under the key's lock (shared by every thread and process on the host), decides with
 * {@link Watermark#decide} and, only when advanced, durably replaces the file before returning. A write that
 * fails throws and leaves the previous mark in place; a file that does not parse is an error, never "no mark".
 */
public final class FileWatermarkStore implements WatermarkStore {
  private final FileTree tree;
  private final CloseGuard guard;

  /**
   * Opens (creating directories as needed) the watermark tree under {@code baseDir}; a relative {@code baseDir} is
   * resolved against the working directory.
   *
   * @throws io.tidemark.AccessDeniedException if a store directory is not owned by this process's user or is
   *     writable by its group or others
   */
  public static FileWatermarkStore open(Path baseDir, boolean fsync) {
    return open(baseDir, FileOptions.defaults(fsync));
  }

  static FileWatermarkStore open(Path baseDir, FileOptions options) {
    return new FileWatermarkStore(FileTree.open(baseDir, "watermarks", "file watermark store", options));
  }

  private FileWatermarkStore(FileTree tree) {
    this.tree = tree;
    this.guard = new CloseGuard("file watermark store " + tree.dir());
  }

  @Override
  public AdvanceResult advance(WatermarkKey key, Watermark mark) {
    Validate.advance(key, mark);
    guard.check();
    String name = FileCodec.fileName(key);
    return tree.update(name, content -> {
      AdvanceResult r = Watermark.decide(content.map(c -> FileCodec.decodeWatermark(tree.dir(), name, c).mark()), mark);
      return new FileTree.Decision<>(r, r instanceof AdvanceResult.Advanced ? Optional.of(FileCodec.encode(key, mark)) : Optional.empty());
    });
  }

  @Override
  public Optional<Watermark> get(WatermarkKey key) {
    Validate.present("key", key);
    guard.check();
    String name = FileCodec.fileName(key);
    return tree.read(name).map(c -> FileCodec.decodeWatermark(tree.dir(), name, c).mark());
  }

  @Override
  public Stream<StoredWatermark> list() {
    guard.check();
    return tree.names().flatMap(name -> tree.read(name).map(c -> FileCodec.decodeWatermark(tree.dir(), name, c)).stream());
  }

  @Override
  public boolean reset(WatermarkKey key) {
    Validate.present("key", key);
    guard.check();
    return tree.delete(FileCodec.fileName(key));
  }

  @Override
  public void close() {
    guard.close();
  }

  @Override
  public String toString() {
    return "FileWatermarkStore[" + tree.dir() + "]";
  }
}
