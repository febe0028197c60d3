package io.tidemark.backend.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import io.tidemark.TidemarkException;
import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.NsRecord;
import io.tidemark.publisher.Publisher;
import io.tidemark.watermark.AdvanceResult;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Adversarial review of d57fc9a: reads open the data file read-write (so that a FIFO never blocks the open), so a
 * data file this process may read but not write (mode {@code 0400} or {@code 0000} for root's peers, an immutable
 * file, a read-only mount or snapshot being exported) could no longer be read at all: {@code get}, {@code list},
 * {@code lookup} and {@code allRecords} failed with "permission denied" (or "Operation not permitted"), where they
 * read the record before that change. Reading must not need write permission; an update of such a file is refused,
 * names the file, and leaves the record as it was.
 *
 * <p>As root, mode bits do not stop a write, so the file is also made immutable ({@code chattr +i}); the test is
 * skipped where neither makes the file unwritable.
 */
class Attack5ReadOnlyDataFileTest {
    private static final WatermarkKey KEY = new WatermarkKey("NetXattack5", "tz1readonly", "block");
    private static final LedgerAlias ALIAS = LedgerAlias.parse("readonly:main");

    @TempDir
    Path tmp;

    private final List<Path> immutable = new ArrayList<>();

    /** Makes {@code file} unwritable for this process: mode 0400, and immutable if that is not enough (root). */
    private void makeUnwritable(Path file) throws Exception {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--------"));
        if (writable(file)) {
            Process p = new ProcessBuilder("chattr", "+i", file.toString())
                    .redirectErrorStream(true)
                    .start();
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
            if (p.exitValue() == 0) {
                immutable.add(file);
            }
        }
        assumeThat(writable(file)).as("the file could be made unwritable here").isFalse();
    }

    private void makeWritable(Path file) throws Exception {
        if (immutable.remove(file)) {
            Process p = new ProcessBuilder("chattr", "-i", file.toString())
                    .redirectErrorStream(true)
                    .start();
            assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        }
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        assertThat(writable(file)).as("writable again").isTrue();
    }

    private static boolean writable(Path file) {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @AfterEach
    void mutableAgain() throws Exception {
        for (Path f : immutable) {
            new ProcessBuilder("chattr", "-i", f.toString()).start().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void aWatermarkFileThatCannotBeWrittenIsStillReadAndAnUpdateOfItIsRefused() throws Exception {
        Path base = tmp.resolve("base");
        try (WatermarkStore store = FileWatermarkStore.open(base, true)) {
            store.advance(KEY, new Watermark(5, 0, "vh5"));
            store.advance(KEY, new Watermark(6, 0, "vh6")); // in place: a two-slot file
            Path data = base.resolve("v1/watermarks").resolve(FileCodec.fileName(KEY) + FileNames.DATA);
            makeUnwritable(data);

            assertThat(store.get(KEY)).as("get of a read-only file").contains(new Watermark(6, 0, "vh6"));
            assertThat(store.list().map(e -> e.mark()).toList())
                    .as("list with a read-only file")
                    .containsExactly(new Watermark(6, 0, "vh6"));
            assertThatThrownBy(() -> store.advance(KEY, new Watermark(7, 0, "vh7")))
                    .isInstanceOf(TidemarkException.class)
                    .hasMessageContaining(data.toString());
            assertThat(store.get(KEY)).as("the refused update changed nothing").contains(new Watermark(6, 0, "vh6"));
            assertThat(store.check()).as("health").isInstanceOf(io.tidemark.Health.Reachable.class);

            // refused before anything was written, so the handle is not broken: writable again, it updates
            makeWritable(data);
            assertThat(store.advance(KEY, new Watermark(7, 0, "vh7")))
                    .as("the same handle, the file writable again")
                    .isInstanceOf(AdvanceResult.Advanced.class);
            assertThat(store.get(KEY)).contains(new Watermark(7, 0, "vh7"));
        }
        try (WatermarkStore reopened = FileWatermarkStore.open(base, true)) {
            assertThat(reopened.get(KEY)).contains(new Watermark(7, 0, "vh7"));
        }
    }

    @Test
    void aNameserviceFileThatCannotBeWrittenIsStillLookedUpAndListed() throws Exception {
        Path base = tmp.resolve("base");
        try (Publisher ns = FilePublisher.open(base, true)) {
            ns.publishCommit(ALIAS, "c1", 1);
            ns.publishCommit(ALIAS, "c2", 2);
            Path data = base.resolve("v1/nameservice").resolve(FileCodec.fileName(ALIAS) + FileNames.DATA);
            makeUnwritable(data);

            Optional<NsRecord> r = ns.lookup(ALIAS);
            assertThat(r).as("lookup of a read-only file").isPresent();
            assertThat(r.get().commitT()).hasValue(2);
            assertThat(ns.allRecords().map(x -> x.commitT().getAsLong()).toList())
                    .containsExactly(2L);
            assertThatThrownBy(() -> ns.publishCommit(ALIAS, "c3", 3))
                    .isInstanceOf(TidemarkException.class)
                    .hasMessageContaining(data.toString());
            assertThat(ns.lookup(ALIAS).get().commitT()).hasValue(2);
        }
    }
}
