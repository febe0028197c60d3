package io.tidemark.backend.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/** {@link Disk} on the default file system: never follows a link, creates files {@code 0600}. */
final class RealDisk implements Disk {
    static final RealDisk INSTANCE = new RealDisk();

    private RealDisk() {}

    /**
     * Opens {@code file} for reading and writing, never through a link, and reads it with positional reads. No
     * {@code stat} of the file on this path, on purpose: since Linux 6.13 a {@code stat} marks the file's timestamps
     * as queried, so the next write must update them, which made the following {@code fdatasync} commit the journal
     * and cost twice as much (measured: 0.10 ms without, 0.22 ms with one {@code stat} per update). Opening
     * read-write never blocks on a FIFO (Linux), and a positional read of a FIFO or socket fails at once
     * ({@code ESPIPE}); only then, or when the open fails, is the entry looked at, to say what it is.
     */
    @Override
    public Optional<byte[]> read(Path file, int maxBytes) throws IOException {
        Optional<Update> opened = openForUpdate(file, maxBytes);
        if (opened.isEmpty()) {
            return Optional.empty();
        }
        try (Update u = opened.get()) {
            return Optional.of(u.bytes());
        }
    }

    /**
     * Opens {@code file} as {@link #read} does, reads it through that descriptor and keeps it open: the slot is then
     * written to the file that was read, with one open and one close per update, and no {@code lseek} (the positional
     * read already refused a FIFO or socket). If only the read-only open succeeded, {@link Update#writer} throws the
     * read-write open's failure.
     */
    @Override
    public Optional<Update> openForUpdate(Path file, int maxBytes) throws IOException {
        Optional<Opened> opened = open(file);
        if (opened.isEmpty()) {
            return Optional.empty();
        }
        FileChannel ch = opened.get().channel();
        byte[] bytes;
        try {
            bytes = readAll(ch, file, maxBytes);
        } catch (Throwable e) { // an Error too: the descriptor is never left open
            try {
                ch.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        IOException notWritable = opened.get().notWritable();
        Overwrite writer = overwriting(ch);
        return Optional.of(new Update() {
            @Override
            public byte[] bytes() {
                return bytes;
            }

            @Override
            public Overwrite writer() throws IOException {
                if (notWritable != null) {
                    throw notWritable;
                }
                return writer;
            }

            @Override
            public void close() throws IOException {
                ch.close();
            }
        });
    }

    /** A channel on a regular file, and why it is read-only if the read-write open failed (null if it did not). */
    private record Opened(FileChannel channel, IOException notWritable) {}

    /**
     * Opens {@code file} read-write, never through a link, or read-only if only that is allowed: empty if it does not
     * exist.
     */
    private static Optional<Opened> open(Path file) throws IOException {
        try {
            return Optional.of(new Opened(
                    FileChannel.open(
                            file, StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS),
                    null));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            FileChannel ch = openReadOnly(file, e);
            return ch == null ? Optional.empty() : Optional.of(new Opened(ch, e));
        }
    }

    /** Reads the whole of {@code file} through {@code ch} with positional reads. */
    private static byte[] readAll(FileChannel ch, Path file, int maxBytes) throws IOException {
        try {
            byte[] buf = new byte[Math.min(maxBytes + 1, 4 * SlotFile.BLOCK)];
            int n = 0;
            while (true) {
                if (n == buf.length) {
                    if (n > maxBytes) {
                        throw new FileTooLargeException(file, Math.max(ch.size(), n), maxBytes);
                    }
                    buf = Arrays.copyOf(buf, Math.min(maxBytes + 1, 2 * buf.length));
                }
                int want = buf.length - n;
                int r = ch.read(ByteBuffer.wrap(buf, n, want), n); // -1 at the end, else at least one byte
                if (r < want) { // the end: a short read of a regular file, or none
                    return Arrays.copyOf(buf, n + Math.max(r, 0));
                }
                n += r;
            }
        } catch (FileTooLargeException e) {
            throw e;
        } catch (IOException e) {
            requireRegularFile(file); // a FIFO or a socket fails its positional read: say so
            throw e;
        }
    }

    /**
     * After the read-write open of {@code file} failed ({@code failed}): names a link, a directory or a special file
     * ({@link NotARegularFileException}); a regular file this process may read but not write (its mode, an immutable
     * file, a read-only mount or snapshot) is opened read-only, so reading never needs write permission. Only this
     * failure path has a {@code stat}, and a FIFO swapped in between that {@code stat} and the read-only open would
     * block the open: that needs a writer of the directory racing a read of a file this process cannot write.
     *
     * @return the channel, or null if the file does not exist (any more)
     */
    private static FileChannel openReadOnly(Path file, IOException failed) throws IOException {
        requireRegularFile(file);
        try {
            return FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            e.addSuppressed(failed);
            throw e;
        }
    }

    /**
     * Returns if {@code file} is a regular file or nothing.
     *
     * @throws NotARegularFileException if it is something else
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
        FileChannel ch; // read-write, without a stat first: see read
        try {
            ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            requireRegularFile(file);
            throw e;
        }
        try {
            ch.position(); // an lseek, not a stat: it fails (ESPIPE) on a FIFO, which opens read-write
        } catch (IOException e) {
            ch.close();
            requireRegularFile(file); // a FIFO: refused before anything is written, the handle stays usable
            throw e;
        }
        return overwriting(ch);
    }

    /** Writes in place through {@code ch}; closing it closes {@code ch}. */
    private static Overwrite overwriting(FileChannel ch) {
        return new Overwrite() {
            /**
             * A {@code pwrite} fails only if it wrote nothing (else it returns a short count): a failure of the first
             * is a {@link NotWrittenException}, unless it is an interrupt, which the JDK reports whether or not the
             * {@code pwrite} completed.
             */
            @Override
            public void write(long offset, byte[] bytes) throws IOException {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) {
                    try {
                        ch.write(buf, offset + buf.position());
                    } catch (java.nio.channels.ClosedChannelException e) { // an interrupt: it may have been written
                        throw e;
                    } catch (IOException e) {
                        throw buf.position() == 0 ? new NotWrittenException(e) : e;
                    }
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
