package io.tidemark.backend.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.OutcomeUnknownException;
import io.tidemark.TidemarkException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Adversarial review of 7fd5f81: the descriptor an update read its file through stays open until the update ends,
 * also when the record is written as a whole new file (a record that outgrew its slots, a legacy file converted),
 * which renames over the file read. Closing that descriptor was treated as a read only ("cannot read", state
 * unchanged), so a close failing after the rename reported a plain {@code BackendUnavailableException} for an update
 * that had replaced the record durably: a caller told nothing changed, and a reader seeing a record that was never
 * acknowledged. Promised: a failure reported as a refusal leaves the stored record as it was; otherwise the outcome
 * is unknown.
 */
class Attack6CloseFailsAfterReplaceTest {
    @TempDir
    Path tmp;

    /** The real disk, whose update descriptors fail their close (after closing) while {@link #failClose} is set. */
    private static final class FailingCloseDisk extends ForwardingDisk {
        final AtomicBoolean failClose = new AtomicBoolean();

        FailingCloseDisk() {
            super(RealDisk.INSTANCE);
        }

        @Override
        public Optional<Update> openForUpdate(Path file, int maxBytes) throws IOException {
            return RealDisk.INSTANCE.openForUpdate(file, maxBytes).map(u -> new Update() {
                @Override
                public byte[] bytes() {
                    return u.bytes();
                }

                @Override
                public Overwrite writer() throws IOException {
                    return u.writer();
                }

                @Override
                public void close() throws IOException {
                    u.close();
                    if (failClose.get()) {
                        throw new IOException("injected close failure");
                    }
                }
            });
        }
    }

    private static String update(FileTree tree, String text) {
        return tree.update("k", now -> write(text));
    }

    private static FileTree.Decision<String> write(String text) {
        return new FileTree.Decision<>("wrote", Optional.of(text));
    }

    @Test
    void aCloseFailureAroundAWholeFileReplacementIsNeverReportedAsNothingChanged() {
        FailingCloseDisk disk = new FailingCloseDisk();
        FileTree tree = FileTree.open(tmp.resolve("base"), "t", "test store", new FileOptions(true, true, false, disk));
        tree.update("k", now -> write("{\"v\":1}"));
        tree.update("k", now -> write("{\"v\":2}"));
        String big = "{\"v\":\"" + "x".repeat(3 * SlotFile.BLOCK) + "\"}"; // outgrows a 4 KiB slot: replaced whole

        disk.failClose.set(true);
        Throwable thrown = null;
        try {
            tree.update("k", now -> write(big));
        } catch (TidemarkException e) {
            thrown = e;
        }
        disk.failClose.set(false);

        assertThat(thrown).as("the injected close failure is reported").isNotNull();
        if (!(thrown instanceof OutcomeUnknownException)) {
            assertThat(FileTree.open(tmp.resolve("base"), "t", "test store", FileOptions.defaults(true))
                            .read("k")
                            .map(t -> t.length() < 100 ? t : "the new record of " + t.length() + " chars"))
                    .as("reported as refused (" + thrown + "), so the record must be the one before")
                    .contains("{\"v\":2}");
            assertThat(update(tree, big))
                    .as("a refusal leaves the handle usable")
                    .isEqualTo("wrote");
        }
    }

    /**
     * A close failing after a slot was written in place (and synced) through the descriptor: the outcome is unknown
     * and the tree refuses further work, as after a failed sync; never the "cannot read" of a close after a read.
     */
    @Test
    void aCloseFailureAfterAnInPlaceWriteIsAnUnknownOutcomeAndFatal() {
        FailingCloseDisk disk = new FailingCloseDisk();
        FileTree tree = FileTree.open(tmp.resolve("base"), "t", "test store", new FileOptions(true, true, false, disk));
        tree.update("k", now -> write("{\"v\":1}"));
        tree.update("k", now -> write("{\"v\":2}")); // two slots: the next write is in place

        disk.failClose.set(true);
        assertThatThrownBy(() -> tree.update("k", now -> write("{\"v\":3}")))
                .isInstanceOf(OutcomeUnknownException.class)
                .hasMessageContaining("injected close failure");
        disk.failClose.set(false);
        assertThatThrownBy(() -> tree.read("k"))
                .as("the tree refuses further work")
                .isInstanceOf(io.tidemark.BackendUnavailableException.class)
                .hasMessageContaining("refuses further work");
    }
}
