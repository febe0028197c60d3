package io.tidemark.backend.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.BackendUnavailableException;
import io.tidemark.OutcomeUnknownException;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Adversarial review of 7fd5f81 (one descriptor reads the data file and writes its slot): a thread interrupted after
 * the read and before the write (an executor's {@code shutdownNow}, a {@code Future.cancel(true)} of a timed-out
 * sign). The descriptor was opened before the decision, so the write is the first blocking call on it after the
 * interrupt: the JDK closes the channel before writing a byte and throws {@code ClosedByInterruptException}, which the
 * update reported as a failed write: {@code OutcomeUnknownException}, and the whole handle refusing every key until
 * reopened. The two-open code opened the file again after the decision, and that open's {@code lseek} met the
 * interrupt first: "cannot write, the previous content is intact", the handle usable. Promised: an update refused
 * before it wrote anything changes nothing and leaves the handle usable; the caller keeps its interrupt status.
 *
 * <p>The interrupt is raised inside the decision, the one point between the read and the write this test can reach
 * without timing.
 */
class Attack6InterruptBeforeWriteTest {
    @TempDir
    Path tmp;

    private static String update(FileTree tree, String text) {
        return tree.update("k", now -> write(text));
    }

    private static FileTree.Decision<String> write(String text) {
        return new FileTree.Decision<>("wrote " + text, Optional.of(text));
    }

    @Test
    void anInterruptBetweenTheReadAndTheWriteRefusesTheUpdateAndKeepsTheHandle() {
        FileTree tree = FileTree.open(tmp.resolve("base"), "t", "test store", FileOptions.defaults(true));
        tree.update("k", now -> write("{\"v\":1}")); // a new file
        tree.update("k", now -> write("{\"v\":2}")); // in place: the path under attack

        try {
            assertThatThrownBy(() -> tree.update("k", now -> {
                        Thread.currentThread().interrupt();
                        return write("{\"v\":3}");
                    }))
                    .as("refused before anything was written")
                    .isInstanceOf(BackendUnavailableException.class)
                    .isNotInstanceOf(OutcomeUnknownException.class)
                    .hasMessageContaining("nothing was written");
            assertThat(Thread.currentThread().isInterrupted())
                    .as("the caller keeps its interrupt status")
                    .isTrue();
        } finally {
            Thread.interrupted();
        }

        assertThat(tree.read("k")).as("the refused update changed nothing").contains("{\"v\":2}");
        assertThat(update(tree, "{\"v\":3}"))
                .as("the same handle updates once the thread is no longer interrupted")
                .isEqualTo("wrote {\"v\":3}");
        assertThat(update(tree, "{\"v\":4}")).isEqualTo("wrote {\"v\":4}");
        assertThat(FileTree.open(tmp.resolve("base"), "t", "test store", FileOptions.defaults(true))
                        .read("k"))
                .as("reopened")
                .contains("{\"v\":4}");
    }
}
