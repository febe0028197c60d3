package io.tidemark.backend.file;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The file operations of the update protocol, and nothing else: the one seam where a test can put a simulated
 * disk that forgets, at a simulated power loss, whatever was not made durable ({@code PowerLossTest}). Locking is
 * not part of it: it always goes to the real file system. {@link RealDisk} is the only production implementation.
 */
interface Disk {
    /**
     * The bytes of {@code file}, not following a symbolic link; empty if it does not exist. Needs only read
     * permission.
     *
     * @throws FileTooLargeException if it holds more than {@code maxBytes}
     * @throws NotARegularFileException if it is a link, a directory, a FIFO or a socket (never opened in a way that
     *     blocks on a FIFO)
     */
    Optional<byte[]> read(Path file, int maxBytes) throws IOException;

    /**
     * Opens {@code file} for an update and reads it, as {@link #read} does: the bytes, and the same descriptor kept
     * open to overwrite a slot in place, so that the slot written is in the very file whose bytes were read. Empty if
     * it does not exist. A file this process may read but not write is still read; {@link Update#writer} then fails.
     * This default reads and then opens the file again by path ({@link #read}, {@link #overwrite}); the real disk
     * opens it once.
     *
     * @throws FileTooLargeException if it holds more than {@code maxBytes}
     * @throws NotARegularFileException if it is a link, a directory, a FIFO or a socket
     */
    default Optional<Update> openForUpdate(Path file, int maxBytes) throws IOException {
        Optional<byte[]> bytes = read(file, maxBytes);
        if (bytes.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Update() {
            private Overwrite opened;

            @Override
            public byte[] bytes() {
                return bytes.get();
            }

            @Override
            public Overwrite writer() throws IOException {
                opened = overwrite(file);
                return opened;
            }

            @Override
            public void close() throws IOException {
                if (opened != null) {
                    opened.close();
                }
            }
        });
    }

    /** Creates {@code file} (it must not exist; never through a link) and writes {@code content}, not synced. */
    void createAndWrite(Path file, byte[] content) throws IOException;

    /**
     * Opens {@code file}, which must exist and be a regular file (never through a link), to overwrite bytes in place.
     *
     * @throws NotARegularFileException if it is a link, a directory, a FIFO or a socket (found without a stat on
     *     success: a FIFO opens read-write but fails a seek), before anything is written
     */
    Overwrite overwrite(Path file) throws IOException;

    /** Atomically replaces {@code to} by {@code from} (a rename within one directory). */
    void replace(Path from, Path to) throws IOException;

    /** Deletes {@code file} (a link itself, never its target); true if it existed. */
    boolean delete(Path file) throws IOException;

    /**
     * Makes {@code path} durable: a file's content, or a directory's entries (creates, renames, deletes). The one
     * call that reaches {@code fsync}; which calls are made, and when, is the update protocol's business.
     */
    void sync(Path path) throws IOException;

    /** The names of the entries of {@code dir}. Lazy: close the stream. */
    Stream<String> list(Path dir) throws IOException;

    /** A file open for writing in place; closing it does not sync it. */
    interface Overwrite extends java.io.Closeable {
        /**
         * Writes {@code bytes} at {@code offset}, not synced: the page cache has them, the device may not.
         *
         * @throws NotWrittenException if the file system refused the write before any byte reached the file (an
         *     immutable file): nothing changed; any other failure may have written part of them
         */
        void write(long offset, byte[] bytes) throws IOException;

        /**
         * Makes the bytes written durable, without the metadata a read does not need ({@code fdatasync}): the one
         * sync of an in-place update. The file's size and blocks do not change, so nothing else needs syncing.
         */
        void syncData() throws IOException;
    }

    /**
     * A file opened for an update ({@link #openForUpdate}). Closing it closes its {@link #writer} too, without a sync;
     * close only the update.
     */
    interface Update extends java.io.Closeable {
        /** What the file held when it was opened. */
        byte[] bytes();

        /**
         * The file, open to overwrite in place: on the real disk, the descriptor its bytes were read through. Called
         * at most once.
         *
         * @throws IOException if the file may be read but not written (the read-write open's failure), before
         *     anything is written
         */
        Overwrite writer() throws IOException;
    }

    /** An entry where a store file belongs that is not a regular file: it is neither opened nor followed. */
    final class NotARegularFileException extends IOException {
        private static final long serialVersionUID = 1L;

        NotARegularFileException(Path file, String what) {
            super(file + " is " + what + ", and a store holds regular files only");
        }
    }

    /** A write the file system refused whole: not a byte of it reached the file (the failure is the cause). */
    final class NotWrittenException extends IOException {
        private static final long serialVersionUID = 1L;

        NotWrittenException(IOException cause) {
            super("nothing was written: " + cause.getMessage(), cause);
        }
    }

    /** A file over the size a store file can have: it is not read into memory. */
    final class FileTooLargeException extends IOException {
        private static final long serialVersionUID = 1L;

        FileTooLargeException(Path file, long size, int max) {
            super(file + " holds " + size + " bytes, more than a store file can (" + max + ")");
        }
    }
}
