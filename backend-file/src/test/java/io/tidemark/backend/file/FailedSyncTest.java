package io.tidemark.backend.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.BackendUnavailableException;
import io.tidemark.OutcomeUnknownException;
import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.Publisher;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A failed sync (or write) is fatal for the handle (issue 15): after it the page cache may hold what the disk does
 * not, and a retried sync can report success without writing (PostgreSQL's fsyncgate). The call that met it ends in
 * {@link OutcomeUnknownException} (or, where nothing became visible, an error saying the previous content is
 * intact); every later call on that handle, reads included, is refused with the reason and changes nothing; a
 * reopened store works and reads what the file holds.
 */
class FailedSyncTest {
    private static final WatermarkKey KEY = new WatermarkKey("NetX", "tz1failsync", "block");
    private static final LedgerAlias ALIAS = LedgerAlias.parse("failsync:main");

    @TempDir
    Path base;

    /** A disk whose next data sync, in-place write, file sync or directory sync fails, as armed. */
    static final class FailingDisk extends ForwardingDisk {
        volatile String failNext = "";

        FailingDisk() {
            super(RealDisk.INSTANCE);
        }

        private void fail(String what) throws IOException {
            if (failNext.equals(what)) {
                failNext = "";
                throw new IOException("EIO on " + what + " (simulated)");
            }
        }

        @Override
        public void sync(Path path) throws IOException {
            fail(Files.isDirectory(path) ? "directory sync" : "file sync");
            super.sync(path);
        }

        @Override
        public Overwrite overwrite(Path file) throws IOException {
            Overwrite real = super.overwrite(file);
            return new Overwrite() {
                @Override
                public void write(long offset, byte[] bytes) throws IOException {
                    fail("write");
                    real.write(offset, bytes);
                    fail("write after it landed"); // in the page cache, then an error: as a short write's EIO
                }

                @Override
                public void syncData() throws IOException {
                    fail("data sync");
                    real.syncData();
                }

                @Override
                public void close() throws IOException {
                    real.close();
                }
            };
        }
    }

    @Test
    void aFailedDataSyncIsAnUnknownOutcomeAndTheHandleRefusesEverythingAfter() throws IOException {
        FailingDisk disk = new FailingDisk();
        Path file;
        byte[] after;
        try (WatermarkStore store = FileWatermarkStore.open(base, new FileOptions(true, true, false, disk))) {
            store.advance(KEY, new Watermark(1, 0, "vh1"));
            disk.failNext = "data sync";
            assertThatThrownBy(() -> store.advance(KEY, new Watermark(2, 0, "vh2")))
                    .isInstanceOf(OutcomeUnknownException.class)
                    .hasMessageContaining("could not make it durable")
                    .hasMessageContaining("EIO on data sync");
            file = base.resolve("v1/watermarks/" + FileCodec.fileName(KEY) + FileNames.DATA);
            after = Files.readAllBytes(file);
            for (ThrowingCallable call : new ThrowingCallable[] {
                () -> store.get(KEY),
                () -> store.advance(KEY, new Watermark(3, 0, "vh3")),
                () -> store.list(),
                () -> store.reset(KEY)
            }) {
                assertThatThrownBy(call)
                        .isInstanceOf(BackendUnavailableException.class)
                        .hasMessageContaining("refuses further work")
                        .hasMessageContaining("EIO on data sync")
                        .hasMessageContaining("open the store again");
            }
        }
        assertThat(Files.readAllBytes(file)).as("refused calls wrote nothing").isEqualTo(after);
        try (WatermarkStore reopened = FileWatermarkStore.open(base, true)) {
            assertThat(reopened.get(KEY))
                    .as("the slot that was not synced is withdrawn (its header zeroed in the page cache): the"
                            + " reopened handle reads the acknowledged mark, whose slot the next update spares")
                    .contains(new Watermark(1, 0, "vh1"));
            reopened.advance(KEY, new Watermark(3, 0, "vh3"));
            assertThat(reopened.get(KEY)).contains(new Watermark(3, 0, "vh3"));
        }
    }

    @Test
    void aFailedInPlaceWriteIsFatalToo() {
        FailingDisk disk = new FailingDisk();
        try (Publisher ns = FilePublisher.open(base, new FileOptions(true, true, false, disk), Clock.systemUTC())) {
            ns.publishCommit(ALIAS, "c1", 1);
            disk.failNext = "write";
            assertThatThrownBy(() -> ns.publishCommit(ALIAS, "c2", 2))
                    .isInstanceOf(OutcomeUnknownException.class)
                    .hasMessageContaining("EIO on write");
            assertThatThrownBy(() -> ns.lookup(ALIAS))
                    .isInstanceOf(BackendUnavailableException.class)
                    .hasMessageContaining("refuses further work");
            assertThatThrownBy(() -> ns.allRecords())
                    .isInstanceOf(BackendUnavailableException.class)
                    .hasMessageContaining("refuses further work");
        }
        try (Publisher reopened = FilePublisher.open(base, true)) {
            assertThat(reopened.lookup(ALIAS).orElseThrow().commitT()).hasValue(1);
        }
    }

    /**
     * A write that reached the page cache and then failed: the slot is zeroed again (not synced), so a reader of
     * another handle, sharing the page cache, takes the other slot, the acknowledged record, and not the new one
     * the disk may never get.
     */
    @Test
    void aWriteThatLandedAndThenFailedIsNotReadByAnotherHandle() {
        FailingDisk disk = new FailingDisk();
        try (Publisher ns = FilePublisher.open(base, new FileOptions(true, true, false, disk), Clock.systemUTC())) {
            ns.publishCommit(ALIAS, "c1", 1);
            ns.publishCommit(ALIAS, "c2", 2); // in place: two slots
            disk.failNext = "write after it landed";
            assertThatThrownBy(() -> ns.publishCommit(ALIAS, "c3", 3))
                    .isInstanceOf(OutcomeUnknownException.class)
                    .hasMessageContaining("EIO on write after it landed");
            try (Publisher other = FilePublisher.open(base, true)) {
                assertThat(other.lookup(ALIAS).orElseThrow().commitT())
                        .as("another handle, same page cache")
                        .hasValue(2);
            }
        }
    }

    @Test
    void aFailedSyncOfANewFileChangesNothingButIsFatal() {
        FailingDisk disk = new FailingDisk();
        try (WatermarkStore store = FileWatermarkStore.open(base, new FileOptions(true, true, false, disk))) {
            disk.failNext = "file sync";
            assertThatThrownBy(() -> store.advance(KEY, new Watermark(1, 0, "vh1")))
                    .isInstanceOf(BackendUnavailableException.class)
                    .hasMessageContaining("the previous content, if any, is intact")
                    .hasMessageContaining("EIO on file sync");
            assertThatThrownBy(() -> store.get(KEY))
                    .isInstanceOf(BackendUnavailableException.class)
                    .hasMessageContaining("refuses further work");
        }
        try (WatermarkStore reopened = FileWatermarkStore.open(base, true)) {
            assertThat(reopened.get(KEY)).isEmpty();
            assertThat(reopened.list()).isEmpty();
        }
    }

    @Test
    void aFailedDirectorySyncAfterADeleteIsFatal() {
        FailingDisk disk = new FailingDisk();
        try (WatermarkStore store = FileWatermarkStore.open(base, new FileOptions(true, true, false, disk))) {
            store.advance(KEY, new Watermark(1, 0, "vh1"));
            disk.failNext = "directory sync";
            assertThatThrownBy(() -> store.reset(KEY))
                    .isInstanceOf(OutcomeUnknownException.class)
                    .hasMessageContaining("deleted");
            assertThatThrownBy(() -> store.get(KEY))
                    .isInstanceOf(BackendUnavailableException.class)
                    .hasMessageContaining("refuses further work")
                    .hasMessageContaining("syncing directory");
        }
        try (WatermarkStore reopened = FileWatermarkStore.open(base, true)) {
            assertThat(reopened.get(KEY)).isEqualTo(Optional.empty());
        }
    }

    /** Without fsync nothing is synced, so nothing can fail that way: the handle goes on. */
    @Test
    void withoutFsyncNoSyncIsMade() {
        FailingDisk disk = new FailingDisk();
        try (Publisher ns = FilePublisher.open(base, new FileOptions(false, true, false, disk), Clock.systemUTC())) {
            ns.publishCommit(ALIAS, "c1", 1);
            disk.failNext = "data sync";
            ns.pushStatus(ALIAS, 1, "x", Map.of());
            assertThat(ns.lookup(ALIAS).orElseThrow().status()).isEqualTo("x");
            assertThat(disk.failNext).isEqualTo("data sync");
        }
    }
}
