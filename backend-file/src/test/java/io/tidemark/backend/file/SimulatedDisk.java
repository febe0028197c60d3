package io.tidemark.backend.file;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * A disk that forgets, at a simulated power loss, everything that was not made durable, the way a journaling file
 * system with ordered data may: a file's bytes survive only once {@code force()} synced them; a directory entry (a
 * create, rename or delete) survives only once its directory was synced. Anything else is lost: a renamed file whose
 * data was never synced comes back empty; a rename whose directory was never synced is undone.
 *
 * <p>{@link #failAfter(int)} cuts the power after that many more durability-relevant steps (a create, a write, an
 * in-place write, a sync of a file, of a file's data or of a directory, a rename, a delete): every later call throws, as the machine would have stopped.
 * {@link #powerLoss()} then keeps only the durable state, ready for a fresh store to reopen.
 */
final class SimulatedDisk implements Disk {
    /** A file's bytes as the page cache has them and as the device has them. */
    private static final class Inode {
        byte[] cached;
        byte[] durable = new byte[0];

        Inode(byte[] cached) {
            this.cached = cached;
        }
    }

    private final Map<Path, Map<String, Inode>> cached = new HashMap<>();
    private final Map<Path, Map<String, Inode>> durable = new HashMap<>();
    private int stepsLeft = Integer.MAX_VALUE;
    private int steps;

    /** Cuts the power after {@code n} more steps. */
    void failAfter(int n) {
        stepsLeft = n;
    }

    /** How many steps were taken since the last power loss. */
    int steps() {
        return steps;
    }

    /** Puts a durable file (and its durable directory entry) in place, as if it had been there before. */
    synchronized void plant(Path file, byte[] content) {
        Inode i = new Inode(content.clone());
        i.durable = content.clone();
        dir(file).put(file.getFileName().toString(), i);
        durable.computeIfAbsent(file.getParent(), d -> new TreeMap<>())
                .put(file.getFileName().toString(), i);
    }

    /** The machine restarts: only what was durable remains, and the power is back. */
    void powerLoss() {
        cached.clear();
        durable.forEach((dir, entries) -> {
            Map<String, Inode> copy = new TreeMap<>(entries);
            copy.values().forEach(i -> i.cached = i.durable.clone());
            cached.put(dir, copy);
        });
        stepsLeft = Integer.MAX_VALUE;
        steps = 0;
    }

    private void step(String what) throws IOException {
        if (stepsLeft <= 0) {
            throw new IOException("power lost before " + what + " (simulated)");
        }
        stepsLeft--;
        steps++;
    }

    private Map<String, Inode> dir(Path file) {
        return cached.computeIfAbsent(file.getParent(), d -> new TreeMap<>());
    }

    @Override
    public synchronized Optional<byte[]> read(Path file, int maxBytes) throws IOException {
        if (stepsLeft <= 0) {
            throw new IOException("power lost (simulated)");
        }
        Inode i = dir(file).get(file.getFileName().toString());
        if (i == null) {
            return Optional.empty();
        }
        if (i.cached.length > maxBytes) {
            throw new FileTooLargeException(file, i.cached.length, maxBytes);
        }
        return Optional.of(i.cached.clone());
    }

    @Override
    public synchronized void createAndWrite(Path file, byte[] content) throws IOException {
        String name = file.getFileName().toString();
        if (dir(file).containsKey(name)) {
            throw new FileAlreadyExistsException(file.toString());
        }
        step("creating " + name);
        Inode i = new Inode(new byte[0]);
        dir(file).put(name, i);
        step("writing " + name);
        i.cached = content.clone();
    }

    @Override
    public synchronized Overwrite overwrite(Path file) throws IOException {
        Inode i = dir(file).get(file.getFileName().toString());
        if (i == null) {
            throw new NoSuchFileException(file.toString());
        }
        return new Overwrite() {
            @Override
            public void write(long offset, byte[] bytes) throws IOException {
                synchronized (SimulatedDisk.this) {
                    step("writing in place " + file.getFileName());
                    byte[] next =
                            java.util.Arrays.copyOf(i.cached, Math.max(i.cached.length, (int) offset + bytes.length));
                    System.arraycopy(bytes, 0, next, (int) offset, bytes.length);
                    i.cached = next;
                }
            }

            @Override
            public void syncData() throws IOException {
                synchronized (SimulatedDisk.this) {
                    step("syncing the data of " + file.getFileName());
                    i.durable = i.cached.clone();
                }
            }

            @Override
            public void close() {}
        };
    }

    @Override
    public synchronized void replace(Path from, Path to) throws IOException {
        Inode i = dir(from).get(from.getFileName().toString());
        if (i == null) {
            throw new NoSuchFileException(from.toString());
        }
        step("renaming " + from.getFileName());
        dir(from).remove(from.getFileName().toString());
        dir(to).put(to.getFileName().toString(), i);
    }

    @Override
    public synchronized boolean delete(Path file) throws IOException {
        if (!dir(file).containsKey(file.getFileName().toString())) {
            return false;
        }
        step("deleting " + file.getFileName());
        dir(file).remove(file.getFileName().toString());
        return true;
    }

    @Override
    public synchronized void sync(Path path) throws IOException {
        Inode file = dir(path).get(path.getFileName().toString());
        if (file != null) {
            step("syncing " + path.getFileName());
            file.durable = file.cached.clone();
        } else {
            step("syncing directory " + path.getFileName());
            durable.put(path, new TreeMap<>(cached.getOrDefault(path, Map.of())));
        }
    }

    @Override
    public synchronized Stream<String> list(Path dir) throws IOException {
        if (stepsLeft <= 0) {
            throw new IOException("power lost (simulated)");
        }
        return List.copyOf(cached.getOrDefault(dir, Map.of()).keySet()).stream();
    }
}
