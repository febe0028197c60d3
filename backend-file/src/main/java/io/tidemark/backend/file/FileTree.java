package io.tidemark.backend.file;

import io.tidemark.AccessDeniedException;
import io.tidemark.BackendUnavailableException;
import io.tidemark.CorruptedStoreException;
import io.tidemark.StoreNotFoundException;
import io.tidemark.TidemarkException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One directory of small JSON files, one per key, with the durable update protocol: take the key's lock (a
 * JVM-wide striped lock, then an exclusive {@link FileLock} on the key's sibling {@code .lock} file, so threads
 * and processes are serialised alike), read the current file, decide, write {@code .tmp}, fsync it, rename it
 * atomically over the data file, fsync the directory, release. Nothing is cached: every decision reads the file.
 */
final class FileTree {
  private static final Logger LOG = LoggerFactory.getLogger(FileTree.class);
  private static final ReentrantLock[] STRIPES = new ReentrantLock[1024];
  private static final boolean POSIX = java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

  static {
    for (int i = 0; i < STRIPES.length; i++) {
      STRIPES[i] = new ReentrantLock();
    }
  }

  /** What an update decided: the result to return and, if present, the new file content. */
  record Decision<T>(T result, Optional<String> write) {}

  private final Path dir;
  private final boolean fsync;

  FileTree(Path dir, boolean fsync) {
    this.dir = dir;
    this.fsync = fsync;
    try {
      if (!Files.isDirectory(dir)) {
        createDirectories(dir);
      }
    } catch (IOException e) {
      throw fault("cannot create directory " + dir, e);
    }
    sweepTemps();
  }

  Path dir() {
    return dir;
  }

  /** Atomically reads, decides and (if the decision says so) durably replaces the file {@code name}. */
  <T> T update(String name, Function<Optional<String>, Decision<T>> decide) {
    return locked(name, () -> {
      Decision<T> d = decide.apply(read(name));
      if (d.write().isPresent()) {
        write(name, d.write().get());
      }
      return d.result();
    });
  }

  /** Deletes the file {@code name} under its lock; true if it existed. */
  boolean delete(String name) {
    return locked(name, () -> {
      try {
        boolean existed = Files.deleteIfExists(dir.resolve(name + FileNames.DATA));
        if (existed && fsync) {
          fsyncDirectory();
        }
        return existed;
      } catch (IOException e) {
        throw fault("cannot delete " + dir.resolve(name + FileNames.DATA), e);
      }
    });
  }

  /** The current content of {@code name}, or empty if there is none. Consistent without a lock: files are replaced by rename. */
  Optional<String> read(String name) {
    Path file = dir.resolve(name + FileNames.DATA);
    try {
      return Optional.of(Files.readString(file, StandardCharsets.UTF_8));
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (java.nio.charset.CharacterCodingException e) {
      throw new CorruptedStoreException("file " + file + " is not valid UTF-8; it was left as it is", e);
    } catch (IOException e) {
      throw fault("cannot read " + file, e);
    }
  }

  /** The names (without extension) of every data file. Lazy: close the stream. */
  Stream<String> names() {
    try {
      Stream<Path> files = Files.list(dir);
      return files.map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(FileNames.DATA))
          .map(n -> n.substring(0, n.length() - FileNames.DATA.length()));
    } catch (IOException e) {
      throw fault("cannot list " + dir, e);
    }
  }

  private <T> T locked(String name, java.util.function.Supplier<T> body) {
    Path lockFile = dir.resolve(name + FileNames.LOCK);
    ReentrantLock stripe = STRIPES[Math.floorMod(lockFile.toAbsolutePath().hashCode(), STRIPES.length)];
    stripe.lock();
    try (FileChannel ch = FileChannel.open(lockFile, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE), fileAttributes());
        FileLock lock = ch.lock()) {
      return body.get();
    } catch (IOException e) {
      throw fault("cannot lock " + lockFile, e);
    } finally {
      stripe.unlock();
    }
  }

  private void write(String name, String content) {
    Path tmp = dir.resolve(name + FileNames.TEMP);
    Path target = dir.resolve(name + FileNames.DATA);
    try {
      try (FileChannel ch = FileChannel.open(tmp, Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE,
          StandardOpenOption.TRUNCATE_EXISTING), fileAttributes())) {
        ByteBuffer buf = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
        while (buf.hasRemaining()) {
          ch.write(buf);
        }
        if (fsync) {
          ch.force(true);
        }
      }
      Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      if (fsync) {
        fsyncDirectory();
      }
    } catch (IOException e) {
      throw fault("cannot write " + target + " (the previous content, if any, is intact)", e);
    }
  }

  private void fsyncDirectory() throws IOException {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    }
  }

  /** Removes {@code .tmp} files left by a crash, each under its key's lock so that no live write is disturbed. */
  private void sweepTemps() {
    try (Stream<Path> files = Files.list(dir)) {
      files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(FileNames.TEMP)).toList().forEach(n -> {
        String name = n.substring(0, n.length() - FileNames.TEMP.length());
        locked(name, () -> {
          try {
            if (Files.deleteIfExists(dir.resolve(n))) {
              LOG.info("removed {} left by an interrupted write", dir.resolve(n));
            }
            return null;
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
      });
    } catch (IOException | UncheckedIOException e) {
      LOG.warn("could not clean up temporary files in {}: {}", dir, e.toString());
    }
  }

  private static FileAttribute<?>[] fileAttributes() {
    return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))}
        : new FileAttribute<?>[0];
  }

  /** Creates {@code dir} and missing parents, each {@code 0700} where POSIX permissions exist. */
  static void createDirectories(Path dir) throws IOException {
    Path parent = dir.toAbsolutePath().getParent();
    if (parent != null && !Files.isDirectory(parent)) {
      createDirectories(parent);
    }
    try {
      if (POSIX) {
        Files.createDirectory(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      } else {
        Files.createDirectory(dir);
      }
    } catch (FileAlreadyExistsException e) {
      if (!Files.isDirectory(dir)) {
        throw e;
      }
    }
  }

  static TidemarkException fault(String what, IOException e) {
    if (e instanceof java.nio.file.AccessDeniedException) {
      return new AccessDeniedException(what + ": permission denied", e);
    }
    if (e instanceof NoSuchFileException) {
      return new StoreNotFoundException(what + ": " + e.getMessage() + " does not exist (was the base_dir removed?)", e);
    }
    return new BackendUnavailableException(what + ": " + e, e);
  }
}
