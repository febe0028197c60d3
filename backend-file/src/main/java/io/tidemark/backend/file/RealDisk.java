package io.tidemark.backend.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/** {@link Disk} on the default file system: never follows a link, creates files {@code 0600}. */
final class RealDisk implements Disk {
  static final RealDisk INSTANCE = new RealDisk();

  private RealDisk() {}

  @Override
  public Optional<byte[]> read(Path file, int maxBytes) throws IOException {
    try (SeekableByteChannel ch = Files.newByteChannel(file, Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS))) {
      long size = ch.size();
      if (size > maxBytes) {
        throw new FileTooLargeException(file, size, maxBytes);
      }
      ByteBuffer buf = ByteBuffer.allocate((int) size + 1);
      while (buf.hasRemaining() && ch.read(buf) >= 0) {
        // read to the end, or one byte past the announced size if the file grew meanwhile
      }
      if (buf.position() > maxBytes) {
        throw new FileTooLargeException(file, buf.position(), maxBytes);
      }
      byte[] out = new byte[buf.position()];
      buf.flip().get(out);
      return Optional.of(out);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  @Override
  public void createAndWrite(Path file, byte[] content) throws IOException {
    try (FileChannel ch = FileChannel.open(file, Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE,
        LinkOption.NOFOLLOW_LINKS), FileTree.fileAttributes())) {
      ByteBuffer buf = ByteBuffer.wrap(content);
      while (buf.hasRemaining()) {
        ch.write(buf);
      }
    }
  }

  @Override
  public void replace(Path from, Path to) throws IOException {
    Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  @Override
  public boolean delete(Path file) throws IOException {
    return Files.deleteIfExists(file);
  }

  @Override
  public void sync(Path path) throws IOException {
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS)) {
      ch.force(true);
    }
  }

  @Override
  public Stream<String> list(Path dir) throws IOException {
    return Files.list(dir).map(p -> p.getFileName().toString());
  }
}
