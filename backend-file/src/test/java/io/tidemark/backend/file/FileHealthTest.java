package io.tidemark.backend.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.BackendConfig;
import io.tidemark.Health;
import io.tidemark.discovery.Tidemark;
import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.Publisher;
import io.tidemark.watermark.AdvanceResult;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code check()} on the file backend: a look at the store's directory and its lock files, without a lock or a
 * write. A healthy store is Reachable; a deleted, unreadable, replaced or loosened directory, or a lock file that is
 * not a single-named regular file, is Unreachable with the reason; the check changes nothing on disk.
 */
class FileHealthTest {
    private static final WatermarkKey KEY = new WatermarkKey("NetX", "tz1health", "block");

    @TempDir
    Path tmp;

    private WatermarkStore open(Path base) {
        return Tidemark.openWatermarkStore(BackendConfig.of("file", Map.of("base_dir", base.toString())));
    }

    private static String reason(Health h) {
        assertThat(h).isInstanceOf(Health.Unreachable.class);
        return ((Health.Unreachable) h).reason();
    }

    /** Every entry under {@code root}: path, kind, size, modification time and inode, to compare before and after. */
    private static List<String> snapshot(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            return s.sorted(Comparator.naturalOrder())
                    .map(p -> {
                        try {
                            BasicFileAttributes a =
                                    Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
                            return root.relativize(p) + " " + a.isDirectory() + " " + a.size() + " "
                                    + a.lastModifiedTime().toMillis() + " " + a.fileKey();
                        } catch (IOException e) {
                            throw new AssertionError(e);
                        }
                    })
                    .toList();
        }
    }

    @Test
    void aHealthyStoreIsReachableAndTheCheckChangesNothingOnDisk() throws IOException {
        Path base = tmp.resolve("base");
        try (WatermarkStore store = open(base)) {
            Path dir = base.resolve("v1/watermarks").toRealPath();
            assertThat(store.check())
                    .isEqualTo(new Health.Reachable(
                            "file watermark store at " + dir + ": directory readable and writable, 0 lock files sane"));
            store.advance(KEY, new Watermark(5, 0, "d"));
            store.advance(new WatermarkKey("NetX", "tz1health", "attestation"), new Watermark(5, 0, "d"));
            List<String> before = snapshot(base);
            for (int i = 0; i < 3; i++) {
                assertThat(store.check())
                        .isEqualTo(new Health.Reachable("file watermark store at " + dir
                                + ": directory readable and writable, 2 lock files sane"));
            }
            assertThat(snapshot(base)).as("the tree after checks").isEqualTo(before);
        }
    }

    @Test
    void aDeletedDirectoryIsUnreachable() throws IOException {
        Path base = tmp.resolve("base");
        try (WatermarkStore store = open(base);
                Publisher publisher =
                        Tidemark.openPublisher(BackendConfig.of("file", Map.of("base_dir", base.toString())))) {
            store.advance(KEY, new Watermark(5, 0, "d"));
            publisher.publishCommit(LedgerAlias.parse("h"), "c1", 1);
            assertThat(publisher.check().reachable()).isTrue();
            deleteTree(base);
            assertThat(reason(store.check()))
                    .isEqualTo("file watermark store at " + tmp.toRealPath().resolve("base/v1/watermarks")
                            + ": the directory does not exist (was the base_dir removed?)");
            assertThat(reason(publisher.check()))
                    .startsWith("file publisher at ")
                    .endsWith("does not exist (was the" + " base_dir removed?)");
            assertThat(base).as("a check creates nothing").doesNotExist();
        }
    }

    @Test
    void anUnreadableDirectoryIsUnreachableUntilItsModeIsFixed() throws IOException {
        Path base = tmp.resolve("base");
        try (WatermarkStore store = open(base)) {
            Path dir = base.resolve("v1/watermarks");
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("---------"));
            try {
                assertThat(reason(store.check()))
                        .contains("the directory's owner cannot read, write and enter it (mode ---------;"
                                + " fix it with: chmod u+rwx '");
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-x------"));
                assertThat(reason(store.check())).contains("(mode r-x------;");
            } finally {
                Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
            }
            assertThat(store.check().reachable()).isTrue();
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwxrwx---"));
            assertThat(reason(store.check())).contains("writable by its group or others (mode rwxrwx---)");
        }
    }

    /** As the calls: a link to the same directory (a moved store) is reachable, a link to another one is not. */
    @Test
    void aDirectoryReplacedByALinkToAnotherDirectoryIsUnreachable() throws IOException {
        Path base = tmp.resolve("base");
        try (WatermarkStore store = open(base)) {
            Path dir = base.resolve("v1/watermarks");
            Path moved = Files.move(dir, tmp.resolve("moved"));
            Files.createSymbolicLink(dir, moved);
            assertThat(store.check()).isInstanceOf(Health.Reachable.class);
            assertThat(store.advance(KEY, new Watermark(1, 0, "d"))).isInstanceOf(AdvanceResult.Advanced.class);
            Files.delete(dir);
            Path other = Files.createDirectory(
                    tmp.resolve("other"),
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            Files.createSymbolicLink(dir, other);
            assertThat(reason(store.check()))
                    .endsWith(": the path now leads to another directory (moved or replaced"
                            + " since it was opened); reopen the store");
            Files.delete(dir);
            Files.createFile(dir);
            assertThat(reason(store.check())).endsWith(": it is no longer a directory (a file is there)");
        }
    }

    @Test
    void aLockFileThatIsADirectoryOrHasTwoNamesIsUnreachable() throws IOException {
        Path base = tmp.resolve("base");
        try (WatermarkStore store = open(base)) {
            store.advance(KEY, new Watermark(5, 0, "d"));
            Path dir = base.resolve("v1/watermarks");
            Path lock;
            try (Stream<Path> s = Files.list(dir)) {
                lock = s.filter(p -> p.toString().endsWith(".lock")).findFirst().orElseThrow();
            }
            Path link = tmp.resolve("second-name");
            Files.createLink(link, lock);
            assertThat(reason(store.check())).contains(lock.getFileName() + " is a file with several names");
            Files.delete(link);
            assertThat(store.check().reachable()).isTrue();
            Files.createDirectory(dir.resolve("planted.lock"));
            assertThat(reason(store.check())).contains("planted.lock is a directory");
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
