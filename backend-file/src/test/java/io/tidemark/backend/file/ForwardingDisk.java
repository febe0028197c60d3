package io.tidemark.backend.file;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/** A {@link Disk} that passes every call on; tests override the calls they make fail. */
class ForwardingDisk implements Disk {
    private final Disk next;

    ForwardingDisk(Disk next) {
        this.next = next;
    }

    @Override
    public Optional<byte[]> read(Path file, int maxBytes) throws IOException {
        return next.read(file, maxBytes);
    }

    @Override
    public void createAndWrite(Path file, byte[] content) throws IOException {
        next.createAndWrite(file, content);
    }

    @Override
    public Overwrite overwrite(Path file) throws IOException {
        return next.overwrite(file);
    }

    @Override
    public void replace(Path from, Path to) throws IOException {
        next.replace(from, to);
    }

    @Override
    public boolean delete(Path file) throws IOException {
        return next.delete(file);
    }

    @Override
    public void sync(Path path) throws IOException {
        next.sync(path);
    }

    @Override
    public Stream<String> list(Path dir) throws IOException {
        return next.list(dir);
    }
}
