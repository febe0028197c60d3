package io.tidemark.backend.file;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/** {@link Disk} on the default file system: never follows a link, creates files {@code 0600}. */
final class RealDisk implements Disk {
    static final RealDisk INSTANCE = new RealDisk();

    private RealDisk() {}

    @Override
    public Optional<byte[]> read(Path file, int maxBytes) throws IOException {
        requireRegularFile(file);
        try (SeekableByteChannel ch =
                        Files.newByteChannel(file, Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
                InputStream in = Channels.newInputStream(ch)) {
            byte[] bytes = in.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw new FileTooLargeException(file, Math.max(ch.size(), bytes.length), maxBytes);
            }
            return Optional.of(bytes);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        }
    }

    /**
     * Returns if {@code file} is a regular file or nothing.
     *
     * @throws NotARegularFileException if it is something else (checked before opening: opening a FIFO blocks)
     */
    static void requireRegularFile(Path file) throws IOException {
        BasicFileAttributes a;
        try {
            a = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return; // the open that follows finds nothing either, or creates it
        }
        if (!a.isRegularFile()) {
            throw new NotARegularFileException(
                    file,
                    a.isSymbolicLink()
                            ? "a symbolic link"
                            : a.isDirectory() ? "a directory" : "a special file (a FIFO, socket or device)");
        }
    }

    @Override
    public void createAndWrite(Path file, byte[] content) throws IOException {
        try (FileChannel ch = FileChannel.open(
                file,
                Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
                FileTree.fileAttributes())) {
            ByteBuffer buf = ByteBuffer.wrap(content);
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
        }
    }

    @Override
    public Overwrite overwrite(Path file) throws IOException {
        requireRegularFile(file);
        FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        return new Overwrite() {
            @Override
            public void write(long offset, byte[] bytes) throws IOException {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    ch.write(buf, offset + buf.position());
                }
            }

            @Override
            public void syncData() throws IOException {
                ch.force(false);
            }

            @Override
            public void close() throws IOException {
                ch.close();
            }
        };
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
