package io.tidemark.tck;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import java.util.stream.Stream;

/**
 * Storage of the directory toys: one JSON text per key, in a file named by the key's SHA-256, in a directory that
 * several processes share; every operation runs under one lock for the whole directory: an in-JVM lock, then an OS
 * lock on {@code dir/lock}.
 *
 * <p>The OS lock belongs to the process, and a second channel's {@code lock()} on the same file in one JVM throws
 * {@link OverlappingFileLockException}: so every handle on one directory in a JVM must share the in-JVM lock and
 * the channel (keyed by the directory's real path). With {@code separateLocks} each handle has its own, and goes
 * ahead without the OS lock when the process already holds it ("it is ours"): the flaw rules W21 and P26 catch,
 * invisible to every rule that uses one handle per JVM.
 */
final class ToyDir implements AutoCloseable {
    private record Lock(ReentrantLock inJvm, FileChannel channel) {}

    private static final Map<Path, Lock> SHARED = new ConcurrentHashMap<>();

    private final Path dir;
    private final boolean separateLocks;
    private final Lock lock;

    ToyDir(Path dir, boolean separateLocks) {
        try {
            this.dir = Files.createDirectories(dir).toRealPath();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.separateLocks = separateLocks;
        this.lock = separateLocks ? newLock(this.dir) : SHARED.computeIfAbsent(this.dir, ToyDir::newLock);
    }

    private static Lock newLock(Path dir) {
        try {
            return new Lock(
                    new ReentrantLock(),
                    FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs {@code work} holding the directory's lock. */
    <T> T locked(Callable<T> work) {
        lock.inJvm.lock();
        try {
            FileLock os = null;
            try {
                os = lock.channel.lock();
            } catch (OverlappingFileLockException e) {
                if (!separateLocks) {
                    throw e;
                }
            }
            try {
                return work.call();
            } finally {
                if (os != null) {
                    os.release();
                }
            }
        } catch (Exception e) {
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        } finally {
            lock.inJvm.unlock();
        }
    }

    /** The text stored for {@code key}, if any. */
    Optional<String> read(String key) {
        try {
            return Optional.of(Files.readString(file(key), StandardCharsets.UTF_8));
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Replaces the text of {@code key} (a temp file renamed over it). */
    void write(String key, String text) {
        if (separateLocks) {
            LockSupport.parkNanos(1_000_000); // widen the window the flaw leaves open, as the NOT_ATOMIC toys do
        }
        Path target = file(key);
        Path tmp = dir.resolve(target.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Removes {@code key}; true if it was stored. */
    boolean delete(String key) {
        try {
            return Files.deleteIfExists(file(key));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every stored text. */
    List<String> all() {
        List<String> texts = new ArrayList<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(f -> f.getFileName().toString().endsWith(".json"))
                    .toList()) {
                texts.add(Files.readString(f, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return texts;
    }

    private Path file(String key) {
        try {
            byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
            return dir.resolve(HexFormat.of().formatHex(hash) + ".json");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public String toString() {
        return dir.toString();
    }

    /** Closes a handle's own channel; the shared one stays open for the JVM's other handles. */
    @Override
    public void close() {
        if (separateLocks) {
            try {
                lock.channel.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
