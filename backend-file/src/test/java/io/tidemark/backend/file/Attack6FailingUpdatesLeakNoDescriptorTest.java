package io.tidemark.backend.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.CorruptedStoreException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Adversarial review of 7fd5f81: the descriptor an update reads its file through now stays open across the decision,
 * the lock file check and the write, so every way out of an update must close it. Hundreds of updates fail at each
 * step (the decision throwing an unchecked exception, an {@code Error} or an undeclared checked exception; the lock
 * file replaced, which {@code stillHeld} refuses; a file whose slots do not parse; a file over the size cap; a
 * record refused for being stale, written nowhere) and the process's open descriptors ({@code /proc/self/fd}) must
 * not grow. The undeclared checked exception (a "sneaky throw", which a decision written in another JVM language can
 * raise) escaped the update's cleanup before, which caught only {@code RuntimeException} and {@code Error}.
 */
class Attack6FailingUpdatesLeakNoDescriptorTest {
    private static final int ROUNDS = 300;

    @TempDir
    Path tmp;

    private static long openDescriptors() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    @SuppressWarnings("unchecked")
    private static <E extends Throwable> RuntimeException sneaky(Throwable e) throws E {
        throw (E) e;
    }

    private static String stale(FileTree tree) {
        return tree.update("k", now -> new FileTree.Decision<>("stale", Optional.empty()));
    }

    private static String update(FileTree tree, String text) {
        return tree.update("k", now -> write(text));
    }

    private static FileTree.Decision<String> write(String text) {
        return new FileTree.Decision<>("wrote", Optional.of(text));
    }

    /** How many descriptors of this process are open on {@code file}. */
    private static long openOn(Path file) throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.filter(fd -> {
                        try {
                            return Files.readSymbolicLink(fd).equals(file);
                        } catch (IOException e) { // the listing's own descriptor, closed since
                            return false;
                        }
                    })
                    .count();
        }
    }

    /**
     * Runs {@code failing} {@link #ROUNDS} times on {@code name}; every call must fail and leave no descriptor on the
     * file, checked right after each call (a leaked channel is closed by its cleaner only after a garbage collection,
     * so counting once at the end could miss it).
     */
    private static void fail(FileTree tree, String name, Function<Optional<String>, FileTree.Decision<String>> failing)
            throws IOException {
        Path file = tree.dir().resolve(name + FileNames.DATA);
        for (int i = 0; i < ROUNDS; i++) {
            assertThatThrownBy(() -> tree.update(name, failing)).isNotNull();
            assertThat(openOn(file))
                    .as("descriptors left open on " + file + " after a failed update")
                    .isZero();
        }
    }

    private interface Failing {
        void run() throws IOException;
    }

    @Test
    void noWayOutOfAnUpdateLeavesItsFileOpen() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(Path.of("/proc/self/fd")), "Linux /proc");
        FileTree tree = FileTree.open(tmp.resolve("base"), "t", "test store", FileOptions.defaults(false));
        tree.update("k", now -> write("{\"v\":1}"));
        tree.update("k", now -> write("{\"v\":2}")); // a two-slot file
        Path lock = tree.dir().resolve("k" + FileNames.LOCK);
        Files.write(tree.dir().resolve("corrupt" + FileNames.DATA), new byte[2 * SlotFile.BLOCK]);
        Files.write(tree.dir().resolve("big" + FileNames.DATA), new byte[FileTree.MAX_FILE_BYTES + 1]);

        Failing all = () -> {
            fail(tree, "k", now -> {
                throw new IllegalStateException("decision failed");
            });
            fail(tree, "k", now -> {
                throw new AssertionError("decision failed");
            });
            fail(tree, "k", now -> {
                throw sneaky(new IOException("undeclared"));
            });
            fail(
                    tree,
                    "k",
                    now -> { // stillHeld refuses: the lock file was replaced under the update
                        try {
                            Files.delete(lock);
                            Files.createFile(lock);
                        } catch (IOException e) {
                            throw new IllegalStateException(e);
                        }
                        return write("{\"v\":3}");
                    });
            fail(tree, "corrupt", now -> write("{\"v\":1}"));
            fail(tree, "big", now -> write("{\"v\":1}"));
        };
        all.run(); // loads every class and opens whatever the JVM keeps open
        long before = openDescriptors();
        all.run();
        for (int i = 0; i < ROUNDS; i++) { // read, decided, nothing written
            assertThat(stale(tree)).isEqualTo("stale");
        }
        long after = openDescriptors();

        assertThat(after)
                .as("open descriptors after " + 7 * ROUNDS + " updates that wrote nothing (before: " + before + ")")
                .isLessThanOrEqualTo(before + 8);
        assertThat(tree.read("k")).as("none of them changed the record").contains("{\"v\":2}");
        assertThatThrownBy(() -> tree.read("corrupt")).isInstanceOf(CorruptedStoreException.class);
        assertThat(update(tree, "{\"v\":3}")).isEqualTo("wrote");
        assertThat(tree.read("k")).contains("{\"v\":3}");
    }
}
