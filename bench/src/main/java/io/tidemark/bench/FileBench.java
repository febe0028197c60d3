package io.tidemark.bench;

import io.tidemark.backend.file.FileWatermarkStore;
import io.tidemark.watermark.AdvanceResult;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * The file backend's applied advance against three raw loops, distinct keys per thread: {@code rawFsyncRename*}, the
 * protocol of earlier versions (write a temp file, fsync it, rename it over the target, fsync the directory),
 * {@code rawPwrite*}, the device's limit for one durable update (overwrite one 4 KiB block of a preallocated 8 KiB
 * file, alternating between its two blocks, and {@code fdatasync} it, the channel kept open), and
 * {@code rawLockedPwrite*}, the same write with what the backend's guarantees need per update and nothing of its
 * own (the key's lock file opened and locked, the data file opened by path and read). Pairs: {@code file*} vs each
 * {@code raw*} with the same suffix.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class FileBench {
    @State(Scope.Benchmark)
    public static class Dir {
        Path base;
        WatermarkStore store;

        @Setup
        public void open() throws IOException {
            base = Files.createTempDirectory(
                    Path.of(System.getProperty("tidemark.bench.dir", System.getProperty("java.io.tmpdir"))),
                    "tidemark-bench");
            store = FileWatermarkStore.open(base.resolve("store"), true);
            Files.createDirectories(base.resolve("raw"));
        }

        @TearDown
        public void close() throws IOException {
            store.close();
            try (Stream<Path> s = Files.walk(base)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    @State(Scope.Thread)
    public static class Mine {
        WatermarkKey key;
        long level;
        Path target;
        Path temp;
        FileChannel slots;
        Path slotsFile;
        Path lock;

        @Setup
        public void key(Dir d) throws IOException {
            init(d, Long.toString(Thread.currentThread().getId()));
        }

        /** The key {@code tz1bench<id>} and raw files {@code k<id>.*} of one thread. */
        void init(Dir d, String id) throws IOException {
            key = new WatermarkKey("NetX", "tz1bench" + id, "block");
            target = d.base.resolve("raw").resolve("k" + id + ".json");
            temp = d.base.resolve("raw").resolve("k" + id + ".tmp");
            slotsFile = d.base.resolve("raw").resolve("k" + id + ".slots");
            lock = d.base.resolve("raw").resolve("k" + id + ".lock");
            slots = FileChannel.open(
                    slotsFile, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
            slots.write(ByteBuffer.allocate(2 * BLOCK), 0); // preallocated: written, not sparse
            slots.force(true);
        }

        @TearDown
        public void close() throws IOException {
            slots.close();
        }
    }

    static final int BLOCK = 4096;

    /** The record text a raw loop writes: the JSON the backend writes for the same mark. */
    static byte[] body(Mine t) {
        return ("{\"format\":1,\"chain_id\":\"NetX\",\"pkh\":\"" + t.key.publicKeyHash()
                        + "\",\"request\":\"block\",\"lvl\":" + (t.level++) + ",\"round\":0,\"digest\":\"vh\"}\n")
                .getBytes(StandardCharsets.UTF_8);
    }

    /** One durable overwrite of one block of a preallocated file: pwrite, then fdatasync. */
    static void rawPwrite(Mine t) throws IOException {
        writeBlockAndSync(t.slots, t);
    }

    /** Writes the next record into one of {@code ch}'s two blocks (alternating) and {@code fdatasync}s it. */
    private static void writeBlockAndSync(FileChannel ch, Mine t) throws IOException {
        byte[] block = new byte[BLOCK];
        byte[] body = body(t);
        System.arraycopy(body, 0, block, 0, body.length);
        ByteBuffer buf = ByteBuffer.wrap(block);
        long at = (t.level & 1) * BLOCK;
        while (buf.hasRemaining()) {
            ch.write(buf, at + buf.position());
        }
        ch.force(false);
    }

    /**
     * The floor of any update that keeps the file backend's guarantees, with no work of the backend's own: per
     * update, the key's lock file is opened and locked (exclusion across processes), the data file is opened by its
     * path (so that a replaced file or directory is seen), read and overwritten in place through that descriptor,
     * {@code fdatasync}ed and closed, and the lock released and closed. {@link #rawPwrite} keeps one descriptor open and
     * takes no lock.
     */
    static void rawLockedPwrite(Mine t) throws IOException {
        try (FileChannel lock = FileChannel.open(t.lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock held = lock.lock()) {
            try (FileChannel ch = FileChannel.open(
                    t.slotsFile, StandardOpenOption.READ, StandardOpenOption.WRITE, LinkOption.NOFOLLOW_LINKS)) {
                ch.read(ByteBuffer.allocate(2 * BLOCK), 0);
                writeBlockAndSync(ch, t);
            }
        }
    }

    static void rawWrite(Dir d, Mine t) throws IOException {
        byte[] body = body(t);
        try (FileChannel ch = FileChannel.open(
                t.temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(ByteBuffer.wrap(body));
            ch.force(true);
        }
        Files.move(t.temp, t.target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        try (FileChannel dir = FileChannel.open(t.target.getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        }
    }

    @Benchmark
    @Threads(1)
    public AdvanceResult fileAdvance_1t(Dir d, Mine t) {
        return d.store.advance(t.key, new Watermark(t.level++, 0, "vh"));
    }

    @Benchmark
    @Threads(1)
    public void rawFsyncRename_1t(Dir d, Mine t) throws IOException {
        rawWrite(d, t);
    }

    @Benchmark
    @Threads(4)
    public AdvanceResult fileAdvance_4tDistinctKeys(Dir d, Mine t) {
        return d.store.advance(t.key, new Watermark(t.level++, 0, "vh"));
    }

    @Benchmark
    @Threads(4)
    public void rawFsyncRename_4tDistinctKeys(Dir d, Mine t) throws IOException {
        rawWrite(d, t);
    }

    @Benchmark
    @Threads(1)
    public void rawPwrite_1t(Mine t) throws IOException {
        rawPwrite(t);
    }

    @Benchmark
    @Threads(4)
    public void rawPwrite_4tDistinctKeys(Mine t) throws IOException {
        rawPwrite(t);
    }

    @Benchmark
    @Threads(1)
    public void rawLockedPwrite_1t(Mine t) throws IOException {
        rawLockedPwrite(t);
    }

    @Benchmark
    @Threads(4)
    public void rawLockedPwrite_4tDistinctKeys(Mine t) throws IOException {
        rawLockedPwrite(t);
    }
}
