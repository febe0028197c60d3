package io.tidemark.backend.file;

import io.tidemark.AccessDeniedException;
import io.tidemark.BackendUnavailableException;
import io.tidemark.CorruptedStoreException;
import io.tidemark.Health;
import io.tidemark.OutcomeUnknownException;
import io.tidemark.StoreNotFoundException;
import io.tidemark.TidemarkException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One directory of small files, one per key, each in the two-slot layout of {@link SlotFile}, with the durable update
 * protocol: take the key's lock, read the current record, decide, write the new record into the slot that does not
 * hold the current one, sync that write once ({@code fdatasync}), release. A new key, a file in the layout of
 * earlier versions and a record that outgrew its slots are written as a whole new file instead: {@code .tmp}
 * (created new, never through a link), fsync, atomic rename over the data file, directory fsync. Nothing is cached:
 * every decision reads the file. A failed write or sync leaves the tree refusing all work until it is reopened.
 *
 * <p>The key's lock is held in two layers. In this JVM: a monitor named by the directory's identity (its device and
 * inode; its real path where the file system has no such key) and the key; the name is an interned string, so it is
 * one monitor for the whole JVM, across spellings, symlinks, moves, handles and class loaders. Across processes: an exclusive {@link java.nio.channels.FileLock} on the key's {@code .lock} file,
 * taken while holding the monitor. Only one thread of the JVM ever has a channel open on a given lock file, which
 * matters because closing any channel on a file releases every lock the process holds on it: a lock file with a
 * second name (a hard link) is refused before it is opened, and a channel that finds the file locked by someone
 * else in this JVM is kept open rather than closed.
 */
final class FileTree {
    private static final Logger LOG = LoggerFactory.getLogger(FileTree.class);
    private static final boolean POSIX =
            java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    /** The largest store file read: far above any valid record (two 64 KiB meta maps and a few addresses). */
    static final int MAX_FILE_BYTES = 1 << 20;

    /** What an update decided: the result to return and, if present, the new file content. */
    record Decision<T>(T result, Optional<String> write) {}

    private final Path dir;
    /** The directory's {@link #identityOf identity} when this tree was opened. */
    private final Object dirKey;
    /** The prefix of this directory's monitor names, from {@link #dirKey}. */
    private final String identity;

    private final String what;
    private final FileOptions options;
    /** Why this tree refuses all work (a failed write or sync), or null while it is usable. */
    private volatile String broken;

    private FileTree(Path dir, Object dirKey, String what, FileOptions options) {
        this.dir = dir;
        this.dirKey = dirKey;
        this.identity = "io.tidemark.backend.file:" + dirKey + "/";
        this.what = what;
        this.options = options;
    }

    /**
     * Opens {@code <baseDir>/v1/<sub>}: creates it if missing (unless {@code options.create()} is false), checks the
     * permissions of every directory from {@code baseDir} down, logs where it is and how many keys it holds, and
     * removes temp files left by a crash.
     *
     * @param what the store, for messages ({@code file watermark store})
     */
    static FileTree open(Path baseDir, String sub, String what, FileOptions options) {
        Path base = baseDir.toAbsolutePath(); // not normalize(): "link/.." must go where the file system takes it
        Path dir = base.resolve("v1").resolve(sub);
        try {
            if (!Files.isDirectory(dir)) {
                if (!options.create()) {
                    throw new StoreNotFoundException(
                            "no " + what + " at " + base + ": directory " + dir
                                    + " does not exist (nothing was created; check base_dir)",
                            null);
                }
                Path existing = dir.getParent();
                while (!Files.isDirectory(existing)) {
                    existing = existing.getParent();
                }
                createDirectories(dir);
                if (options.fsync()) { // each new entry survives a power loss only once its parent is synced
                    for (Path p = dir.getParent(); p != null && p.startsWith(existing); p = p.getParent()) {
                        options.disk().sync(p.toRealPath());
                    }
                }
            }
            Path real = dir.toRealPath();
            checkPermissions(List.of(base.toRealPath(), real.getParent(), real), options.allowLoosePermissions());
            FileTree tree = new FileTree(real, identityOf(real), what, options);
            tree.sweepTemps();
            if (LOG.isInfoEnabled()) {
                try (Stream<String> names = tree.names()) {
                    LOG.info("{} at {}: {} keys", what, real, names.count());
                }
            }
            return tree;
        } catch (IOException e) {
            throw fault("cannot open " + what + " at " + dir, dir, e);
        }
    }

    Path dir() {
        return dir;
    }

    /**
     * Atomically reads, decides and (if the decision says so) durably writes the record of {@code name}: in place,
     * into the slot that does not hold the current record, with one data sync; or, for a new key, a legacy file or a
     * record that outgrew its slots, as a whole new file (temp, sync, rename, directory sync).
     */
    <T> T update(String name, Function<Optional<String>, Decision<T>> decide) {
        requireUsable();
        return locked(name, stillHeld -> {
            Path file = dir.resolve(name + FileNames.DATA);
            Optional<Disk.Update> opened = openForUpdate(file);
            Decision<T> d;
            Optional<byte[]> text;
            boolean inPlace;
            try {
                SlotFile.Contents now = opened.isEmpty()
                        ? SlotFile.Contents.NONE
                        : contents(name, opened.get().bytes());
                d = decide.apply(now.text());
                text = d.write().map(t -> t.getBytes(StandardCharsets.UTF_8));
                Optional<SlotFile.Write> slot = text.flatMap(now::next);
                inPlace = slot.isPresent();
                if (inPlace) {
                    writeSlot(file, opened.orElseThrow(), slot.get(), stillHeld);
                } else if (text.isPresent() && opened.isPresent()) {
                    requireWritable(file, opened.get()); // a file that may not be written is not replaced either
                }
            } catch (Throwable e) { // whatever failed (the decision included), the file read is closed
                opened.ifPresent(u -> closeQuietly(u, e));
                throw e;
            }
            if (opened.isPresent()) {
                close(opened.get(), file, inPlace);
            }
            if (text.isPresent() && !inPlace) {
                // after the file read was closed: a failure to close it is then a failed read, nothing written
                replace(name, SlotFile.create(text.get()), stillHeld);
            }
            return d.result();
        });
    }

    /**
     * Refuses, before anything is written, to replace a file this process may read but not write (mode {@code 0400},
     * an immutable file): the directory's permissions would allow the rename, the file's own do not allow the change.
     */
    private void requireWritable(Path file, Disk.Update opened) {
        try {
            opened.writer();
        } catch (IOException e) {
            throw fault("cannot write " + file + " (the previous content is intact)", file, e);
        }
    }

    /** Opens the file of an update: a link, a special file or an oversize file is a corrupted store. */
    private Optional<Disk.Update> openForUpdate(Path file) {
        try {
            return options.disk().openForUpdate(file, MAX_FILE_BYTES);
        } catch (Disk.FileTooLargeException | Disk.NotARegularFileException e) {
            throw new CorruptedStoreException(e.getMessage() + "; it was left as it is", e);
        } catch (IOException e) {
            throw fault("cannot read " + file, file, e);
        }
    }

    /**
     * Closes the file of an update. Failing after a slot was written through it (and synced), the outcome is unknown
     * and this tree unusable, as for a failed sync; failing after a read only, it is a fault of that read.
     */
    private void close(Disk.Update opened, Path file, boolean written) {
        try {
            opened.close();
        } catch (IOException e) {
            if (!written) {
                throw fault("cannot read " + file, file, e);
            }
            throw notDurable("closing " + file + " after writing a slot failed", file, e);
        }
    }

    private static void closeQuietly(Disk.Update opened, Throwable failure) {
        try {
            opened.close();
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    /** Deletes the file {@code name} under its lock; true if it existed. */
    boolean delete(String name) {
        requireUsable();
        Path file = dir.resolve(name + FileNames.DATA);
        return locked(name, stillHeld -> {
            stillHeld.run();
            boolean existed;
            try {
                existed = options.disk().delete(file);
            } catch (IOException e) {
                throw fault("cannot delete " + file, file, e);
            }
            if (existed) {
                syncDirectory("deleted " + file);
            }
            return existed;
        });
    }

    /**
     * The current record of {@code name} (its JSON text), or empty if there is none: the one way every caller reads
     * a key. Takes no lock: a reader that meets a slot being written finds its checksum wrong and takes the other
     * slot, the record before that write. Only if it finds no valid slot at all (possible when two updates overwrite
     * both slots during one slow read) does it read again under the key's lock. A link, a file over
     * {@link #MAX_FILE_BYTES}, or a file without a valid record is a corrupted store. Refused if the directory's path
     * no longer leads to this tree's directory.
     */
    Optional<String> read(String name) {
        requireUsable();
        try {
            requireUnmoved(); // one stat: never read another directory's record as this store's
        } catch (IOException e) {
            throw fault("cannot read " + dir, dir, e);
        }
        try {
            return readContents(name).text();
        } catch (SlotFile.NoValidSlotException torn) {
            return locked(name, stillHeld -> contents(name)).text();
        }
    }

    /** What the file of {@code name} holds, under its lock: no valid slot there is a corrupted store. */
    private SlotFile.Contents contents(String name) {
        try {
            return readContents(name);
        } catch (SlotFile.NoValidSlotException e) {
            throw corrupted(name, e);
        }
    }

    /** What {@code bytes}, read from the file of {@code name} under its lock, hold: as {@link #contents(String)}. */
    private SlotFile.Contents contents(String name, byte[] bytes) {
        try {
            return parse(name, bytes);
        } catch (SlotFile.NoValidSlotException e) {
            throw corrupted(name, e);
        }
    }

    private SlotFile.Contents readContents(String name) {
        Path file = dir.resolve(name + FileNames.DATA);
        byte[] bytes;
        try {
            Optional<byte[]> read = options.disk().read(file, MAX_FILE_BYTES);
            if (read.isEmpty()) {
                return SlotFile.Contents.NONE;
            }
            bytes = read.get();
        } catch (Disk.FileTooLargeException | Disk.NotARegularFileException e) {
            throw new CorruptedStoreException(e.getMessage() + "; it was left as it is", e);
        } catch (IOException e) {
            throw fault("cannot read " + file, file, e);
        }
        return parse(name, bytes);
    }

    private SlotFile.Contents parse(String name, byte[] bytes) {
        try {
            return SlotFile.read(bytes);
        } catch (SlotFile.NoValidSlotException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw corrupted(name, e);
        }
    }

    /**
     * Whether the tree can serve calls, looked at without taking a lock, writing or creating anything: the path still
     * leads to the directory this tree opened (as every call checks; a symlink to it is fine), its owner may read, write
     * and enter it (the mode bits, since the store's owner is this process's user; and for this process), its
     * permissions are still tight (unless loose ones are allowed), and every {@code .lock} file is a regular file
     * with one name. Faults are {@link Health.Unreachable} with the reason, never thrown.
     *
     * @param what the store, for the detail or reason ({@code file watermark store})
     */
    Health check(String what) {
        String at = what + " at " + dir;
        try {
            if (!Files.exists(dir)) {
                return new Health.Unreachable(at + ": the directory does not exist (was the base_dir removed?)");
            }
            if (!Files.isDirectory(dir)) {
                return new Health.Unreachable(at + ": it is no longer a directory (a file is there)");
            }
            if (!dirKey.equals(identityOf(dir))) {
                return new Health.Unreachable(at + ": the path now leads to another directory (moved or replaced since"
                        + " it was opened); reopen the store");
            }
            if (POSIX) {
                Set<PosixFilePermission> mode = Files.getPosixFilePermissions(dir);
                if (!mode.containsAll(Set.of(
                        PosixFilePermission.OWNER_READ,
                        PosixFilePermission.OWNER_WRITE,
                        PosixFilePermission.OWNER_EXECUTE))) {
                    return new Health.Unreachable(at + ": the directory's owner cannot read, write and enter it (mode "
                            + PosixFilePermissions.toString(mode) + "; fix it with: chmod u+rwx '" + dir + "')");
                }
            }
            if (!Files.isReadable(dir) || !Files.isWritable(dir) || !Files.isExecutable(dir)) {
                return new Health.Unreachable(at + ": this process cannot read, write and enter the directory");
            }
            if (!options.allowLoosePermissions()) {
                checkPermissions(List.of(dir), false);
            }
            long locks = 0;
            try (Stream<String> files = options.disk().list(dir)) {
                for (String n : (Iterable<String>) files.filter(f -> f.endsWith(FileNames.LOCK))::iterator) {
                    requireSingleRegularFile(dir.resolve(n));
                    locks++;
                }
            }
            return new Health.Reachable(at + ": directory readable and writable, " + locks + " lock files sane");
        } catch (AccessDeniedException e) {
            return new Health.Unreachable(e.getMessage());
        } catch (IOException | UncheckedIOException e) {
            return new Health.Unreachable(at + ": " + e.getMessage());
        }
    }

    private CorruptedStoreException corrupted(String name, IllegalArgumentException e) {
        return new CorruptedStoreException(
                "file " + dir.resolve(name + FileNames.DATA) + " cannot be read (" + e.getMessage()
                        + "); it was left as it is: restore it from a backup or remove it deliberately",
                e);
    }

    /** The names (without extension) of every data file. Lazy: close the stream. */
    Stream<String> names() {
        requireUsable();
        try {
            return options.disk()
                    .list(dir)
                    .filter(n -> n.endsWith(FileNames.DATA))
                    .map(n -> n.substring(0, n.length() - FileNames.DATA.length()));
        } catch (IOException e) {
            throw fault("cannot list " + dir, dir, e);
        }
    }

    /**
     * Runs {@code body} holding the key's lock. The body gets a check to call right before it changes anything: it
     * fails if the lock file was removed or replaced since it was locked (an operator deleting lock files of a live
     * store), so that a second process that locked a new lock file and the holder never both write.
     */
    private <T> T locked(String name, Function<Runnable, T> body) {
        Path lockFile = dir.resolve(name + FileNames.LOCK);
        synchronized ((identity + name).intern()) {
            FileChannel ch;
            Object expected;
            try {
                requireUnmoved();
                expected = requireSingleRegularFile(lockFile);
                ch = openLockFile(lockFile);
            } catch (Disk.NotARegularFileException e) {
                throw new CorruptedStoreException(
                        "cannot lock " + e.getMessage() + "; it was refused and left as it is", e);
            } catch (IOException e) {
                throw fault("cannot lock " + lockFile, lockFile, e);
            }
            acquire(ch, lockFile);
            try (ch) { // closing the channel releases the lock
                // The file seen before opening: if another took its name since, the check below refuses. A lock
                // file this open created is looked at now.
                Object locked = expected != null ? expected : fileKey(lockFile);
                return body.apply(() -> {
                    try {
                        if (!Objects.equals(fileKey(lockFile), locked)) {
                            throw new NoSuchFileException(lockFile.toString());
                        }
                    } catch (IOException e) {
                        throw new BackendUnavailableException(
                                "the lock file " + lockFile + " was removed or replaced while this"
                                        + " update held it (never delete the .lock files of a store in use); nothing was written",
                                e);
                    }
                });
            } catch (IOException e) {
                throw fault("cannot lock " + lockFile, lockFile, e);
            }
        }
    }

    /**
     * Refuses to go on if the directory's path no longer leads to the directory this tree was opened on (moved away,
     * or replaced by another directory or a link to one). The monitors are named by the directory's device and
     * inode, so a handle opened since through another path to the same directory (the store moved and a symbolic
     * link left behind) shares them, and this one stat is enough (where the file system gives no such key, they are
     * named by the real path, which must then not change).
     */
    private void requireUnmoved() throws IOException {
        if (!dirKey.equals(identityOf(dir))) {
            throw new BackendUnavailableException(
                    "store directory " + dir + " is no longer the directory this handle opened (moved or"
                            + " replaced since it was opened); nothing was done: reopen the store",
                    null);
        }
    }

    /**
     * A directory's identity now, following links: its device and inode ({@link BasicFileAttributes#fileKey}, one
     * stat), or its real path where the file system has no such key.
     */
    private static Object identityOf(Path dir) throws IOException {
        Object key = Files.readAttributes(dir, BasicFileAttributes.class).fileKey();
        return key != null ? key : dir.toRealPath();
    }

    /**
     * Opens (creating it if missing) the lock file checked just before: for reading and writing, since a FIFO put at
     * its name after the check would block an open for writing only until a reader came (holding the key's monitor);
     * opened both ways it does not block, and then fails the seek every regular file allows, and is refused.
     */
    private static FileChannel openLockFile(Path lockFile) throws IOException {
        FileChannel ch = FileChannel.open(
                lockFile,
                Set.of(
                        StandardOpenOption.CREATE,
                        StandardOpenOption.READ,
                        StandardOpenOption.WRITE,
                        LinkOption.NOFOLLOW_LINKS),
                fileAttributes());
        try {
            ch.position(); // lseek(2): ESPIPE on a FIFO or socket
            return ch;
        } catch (java.nio.channels.ClosedChannelException interrupted) {
            throw interrupted; // an interrupted caller: the channel is closed already, nothing else is wrong
        } catch (IOException e) {
            ch.close(); // nothing of ours is locked through a FIFO
            Disk.NotARegularFileException refused = new Disk.NotARegularFileException(
                    lockFile, "a special file (a FIFO), put there after it was checked");
            refused.addSuppressed(e);
            throw refused;
        }
    }

    private static Object fileKey(Path file) throws IOException {
        return Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS)
                .fileKey();
    }

    /**
     * Refuses a lock file that is not a regular file or has another name too (a hard link): two names for one lock
     * file would mean two monitors for one OS lock. Checked before opening, since a channel opened on a file another
     * thread of this JVM has locked must never be closed (closing it would drop that thread's lock). One
     * {@code lstat}.
     *
     * @return the file's key ({@link BasicFileAttributes#fileKey}), or null if it does not exist (or has no key)
     */
    private static Object requireSingleRegularFile(Path lockFile) throws IOException {
        if (!POSIX) {
            RealDisk.requireRegularFile(lockFile);
            return null;
        }
        Map<String, Object> a;
        try {
            a = Files.readAttributes(
                    lockFile, "unix:isRegularFile,isSymbolicLink,isDirectory,nlink,fileKey", LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            return null; // not created yet: the open that follows creates it with one name
        }
        if (!(Boolean) a.get("isRegularFile")) {
            throw new Disk.NotARegularFileException(
                    lockFile,
                    (Boolean) a.get("isSymbolicLink")
                            ? "a symbolic link"
                            : (Boolean) a.get("isDirectory")
                                    ? "a directory"
                                    : "a special file (a FIFO, socket or device)");
        }
        if ((Integer) a.get("nlink") != 1) {
            throw new Disk.NotARegularFileException(lockFile, "a file with several names (hard links)");
        }
        return a.get("fileKey");
    }

    /** Channels that found their lock file locked elsewhere in this JVM: kept open for good, as closing drops locks. */
    private static final List<FileChannel> NEVER_CLOSED = java.util.Collections.synchronizedList(new ArrayList<>());

    /**
     * Locks {@code ch}, closing it on any failure except one: if another channel of this JVM holds the file (code
     * outside this library), the call fails and the channel is kept open for good, since closing it would release
     * the other holder's lock at the OS level.
     */
    private static void acquire(FileChannel ch, Path lockFile) {
        try {
            ch.lock();
        } catch (OverlappingFileLockException e) {
            NEVER_CLOSED.add(ch);
            throw new BackendUnavailableException(
                    "cannot lock " + lockFile + ": another channel of this JVM holds it (code"
                            + " outside Tidemark, or a second name for the file); refused, and that lock is left alone",
                    e);
        } catch (IOException | RuntimeException e) {
            try {
                ch.close(); // an interrupted lock() has closed it already; nothing else of ours is locked through it
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e instanceof IOException io ? fault("cannot lock " + lockFile, lockFile, io) : (RuntimeException) e;
        }
    }

    /**
     * Writes {@code slot} into the file of an update, in place, through the descriptor it was read through, and syncs
     * it. A failed write or sync of a slot leaves this tree unusable ({@link #requireUsable}): the page cache may then
     * hold what the disk does not. Refused before anything is written, with the tree left usable: a file that may be
     * read but not written, a thread interrupted before the write (the channel would close at the write), and a
     * write the file system refused whole ({@link Disk.NotWrittenException}: an immutable file).
     *
     * <p>{@code stillHeld} runs after the data file was opened (files are opened by path) and right before the slot
     * is written: if the directory was replaced before that open (a restore), the open reached the new directory,
     * whose lock file is another inode, and the check refuses before a byte is written. Run before the open, it would
     * let such a restore send the write into a directory whose lock another process holds.
     */
    private void writeSlot(Path target, Disk.Update opened, SlotFile.Write slot, Runnable stillHeld) {
        Disk.Overwrite file;
        try {
            file = opened.writer();
        } catch (Disk.NotARegularFileException e) { // put there since the read: nothing was written
            throw new CorruptedStoreException(e.getMessage() + "; it was refused and left as it is", e);
        } catch (IOException e) {
            throw fault("cannot write " + target + " (the previous content is intact)", target, e);
        }
        stillHeld.run(); // the file read and about to be written is in the locked directory: checked after the open
        if (Thread.currentThread().isInterrupted()) { // the write would close the channel: refused before it
            throw new BackendUnavailableException(
                    "cannot write " + target + ": the thread was interrupted; nothing was written", null);
        }
        try {
            file.write(slot.offset(), slot.bytes());
        } catch (Disk.NotWrittenException e) {
            throw fault("cannot write " + target + " (nothing was written, the previous content is intact)", target, e);
        } catch (IOException e) {
            unwrite(file, slot.offset(), e);
            throw notDurable("writing a slot of " + target + " failed", target, e);
        }
        if (options.fsync()) {
            try {
                file.syncData();
            } catch (IOException e) {
                unwrite(file, slot.offset(), e);
                throw notDurable("syncing a slot of " + target + " failed", target, e);
            }
        }
    }

    /** A slot of {@code file} was written, or may have been, and {@code e} says it may not be durable: broken. */
    private RuntimeException notDurable(String why, Path file, IOException e) {
        return broken(
                why + " (" + e + ")",
                new OutcomeUnknownException(
                        "wrote " + file + " but could not make it durable (" + e + "): the change may be visible now"
                                + " and may not survive a power loss; reopen the store",
                        e));
    }

    /**
     * After a failed write or sync of the slot at {@code offset}, zeroes its header in the page cache (not synced),
     * so that every reader, in this process or another, and every later update, takes the other slot: the current
     * record, synced when its update returned. Without this, after a failed {@code fdatasync} (which may mark the
     * unsynced pages clean: "fsyncgate") the page cache shows the new slot as current while the disk has an older
     * one there, and the next update, by another handle, a reopened one or another process, overwrites the other
     * slot, the only durable copy of the last acknowledged record: a power loss tearing that write then leaves a
     * record older than the acknowledged one. Best effort: if even this write fails, the caller's failure stands.
     */
    private static void unwrite(Disk.Overwrite file, long offset, IOException failure) {
        try {
            file.write(offset, new byte[SlotFile.HEADER]);
        } catch (IOException e) {
            failure.addSuppressed(e);
        }
    }

    /**
     * Replaces the file {@code name} as a whole: temp file, sync, rename, directory sync. {@code stillHeld} runs
     * before the temp file is touched and again right before the rename (both by path): a directory replaced
     * meanwhile is refused before the rename could put the record into it. A temp file left then is removed by the
     * next write or open.
     */
    private void replace(String name, byte[] content, Runnable stillHeld) {
        Path tmp = dir.resolve(name + FileNames.TEMP);
        Path target = dir.resolve(name + FileNames.DATA);
        Disk disk = options.disk();
        stillHeld.run();
        try {
            disk.delete(tmp); // left by a crash, or planted: the entry itself goes, never what a link points to
            disk.createAndWrite(tmp, content);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw fault("cannot write " + target + " (the previous content, if any, is intact)", tmp, e);
        }
        if (options.fsync()) {
            try {
                disk.sync(tmp);
            } catch (IOException e) {
                deleteQuietly(tmp);
                throw broken(
                        "syncing " + tmp + " failed (" + e + ")",
                        new BackendUnavailableException(
                                "cannot write " + target + ": syncing " + tmp + " failed (" + e
                                        + "); the previous content, if any, is intact; reopen the store",
                                e));
            }
        }
        stillHeld.run(); // the temp file may have been created in a directory that replaced ours: not renamed
        try {
            disk.replace(tmp, target);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw fault("cannot write " + target + " (the previous content, if any, is intact)", tmp, e);
        }
        syncDirectory("wrote " + target);
    }

    private void deleteQuietly(Path tmp) {
        try {
            options.disk().delete(tmp);
        } catch (IOException ignored) {
            // the next write or open removes it
        }
    }

    /** Makes the directory entries durable; a failure after the change is visible is an unknown outcome, not a no-op. */
    private void syncDirectory(String done) {
        if (!options.fsync()) {
            return;
        }
        try {
            options.disk().sync(dir.toRealPath()); // the sync opens without following links; the path may be one now
        } catch (IOException e) {
            throw broken(
                    "syncing directory " + dir + " failed (" + e + ")",
                    new OutcomeUnknownException(
                            done + " but could not sync directory " + dir + " (" + e
                                    + "): the change is visible now but may not survive a power loss; reopen the store",
                            e));
        }
    }

    /**
     * Marks this tree unusable because of {@code why} (the first reason is kept) and returns {@code thrown}. After a
     * failed write or sync, the page cache may hold pages the device never got, and the kernel may already have
     * marked them clean: PostgreSQL's "fsyncgate" (2018) showed that retrying the sync can report success without
     * writing them. Nothing read or written through this handle can be trusted after that, so it refuses all work.
     */
    private RuntimeException broken(String why, RuntimeException thrown) {
        synchronized (this) {
            if (broken == null) {
                broken = why;
            }
        }
        LOG.error("{} at {} refuses further work: {}", what, dir, why);
        return thrown;
    }

    /** Refuses every call once a write or sync failed ({@link #broken}). */
    private void requireUsable() {
        String why = broken;
        if (why != null) {
            throw new BackendUnavailableException(
                    what + " at " + dir + " refuses further work: " + why + "; the page cache may hold changes the"
                            + " disk does not, so this handle can no longer be trusted: close it and open the store"
                            + " again",
                    null);
        }
    }

    /** Removes {@code .tmp} files left by a crash, each under its key's lock so that no live write is disturbed. */
    private void sweepTemps() {
        try (Stream<String> files = options.disk().list(dir)) {
            files.filter(n -> n.endsWith(FileNames.TEMP)).toList().forEach(n -> {
                String name = n.substring(0, n.length() - FileNames.TEMP.length());
                locked(name, stillHeld -> {
                    try {
                        options.disk().delete(dir.resolve(n));
                        LOG.info("removed {} left by an interrupted write", dir.resolve(n));
                        return null;
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                });
            });
        } catch (IOException | RuntimeException e) {
            LOG.warn("could not clean up temporary files in {}: {}", dir, e.toString());
        }
    }

    /**
     * Refuses (or with {@code allowLoose} only warns about) a directory that this process's user does not own or that
     * its group or others may write: anyone who can write there can plant or replace store files.
     */
    static void checkPermissions(List<Path> dirs, boolean allowLoose) throws IOException {
        if (!POSIX) {
            return;
        }
        UserPrincipal me;
        try {
            me = dirs.get(0)
                    .getFileSystem()
                    .getUserPrincipalLookupService()
                    .lookupPrincipalByName(System.getProperty("user.name"));
        } catch (IOException | UnsupportedOperationException e) {
            me = null; // a user without a name (no passwd entry): only the mode is checked
        }
        for (Path d : dirs) {
            PosixFileAttributes a = Files.readAttributes(d, PosixFileAttributes.class);
            List<String> problems = new ArrayList<>();
            if (me != null && !a.owner().equals(me)) {
                problems.add("owned by " + a.owner().getName() + ", not by " + me.getName()
                        + " (the user this process runs as)");
            }
            Set<PosixFilePermission> p = a.permissions();
            if (p.contains(PosixFilePermission.GROUP_WRITE) || p.contains(PosixFilePermission.OTHERS_WRITE)) {
                problems.add("writable by its group or others (mode " + PosixFilePermissions.toString(p) + ")");
            }
            if (!problems.isEmpty()) {
                String msg = "store directory " + d + " is " + String.join(" and ", problems)
                        + ": another user could plant or replace store files. Fix it with: "
                        + (me != null && !a.owner().equals(me) ? "chown " + me.getName() + " '" + d + "' && " : "")
                        + "chmod go-w '" + d
                        + "' (or set allow_loose_permissions: true to open it anyway with a warning)";
                if (!allowLoose) {
                    throw new AccessDeniedException(msg, null);
                }
                LOG.warn(msg);
            }
        }
    }

    static FileAttribute<?>[] fileAttributes() {
        return POSIX
                ? new FileAttribute<?>[] {
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
                }
                : new FileAttribute<?>[0];
    }

    /** Creates {@code dir} and missing parents, each {@code 0700} where POSIX permissions exist. */
    static void createDirectories(Path dir) throws IOException {
        Files.createDirectories(
                dir,
                POSIX
                        ? new FileAttribute<?>[] {
                            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------"))
                        }
                        : new FileAttribute<?>[0]);
    }

    /** Maps an I/O failure on {@code path} to the exception the contracts name. */
    static TidemarkException fault(String what, Path path, IOException e) {
        if (Files.isSymbolicLink(path)) {
            return new CorruptedStoreException(
                    what + ": " + path + " is a symbolic link, and a store holds regular files only;"
                            + " it was refused and left as it is (remove it)",
                    e);
        }
        if (e instanceof java.nio.file.AccessDeniedException) {
            return new AccessDeniedException(what + ": permission denied", e);
        }
        if (e instanceof NoSuchFileException) {
            return new StoreNotFoundException(
                    what + ": " + e.getMessage() + " does not exist (was the base_dir removed?)", e);
        }
        return new BackendUnavailableException(what + ": " + e, e);
    }
}
