package io.tidemark.backend.file;

import io.tidemark.BackendConfig;
import io.tidemark.tck.TckCapability;
import io.tidemark.tck.WatermarkStoreTck;
import io.tidemark.watermark.WatermarkStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file backend against every W rule, durable, multi-process and fault ones included. Stores are opened on a
 * disk that can lose the reply to the next call ({@link LostReplies}); discovery is covered by the other tests.
 */
class FileWatermarkStoreTckTest extends WatermarkStoreTck {
    private final LostReplies faults = new LostReplies();

    @TempDir
    Path tmp;

    @Override
    protected BackendConfig newStoreConfig() {
        try {
            return BackendConfig.of(
                    "file",
                    Map.of("base_dir", Files.createTempDirectory(tmp, "store").toString()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected WatermarkStore open(BackendConfig config) {
        return faults.disarmingAfterEachCall(
                WatermarkStore.class,
                () -> FileWatermarkStore.open(
                        config.path("base_dir").orElseThrow(), new FileOptions(true, true, false, faults)));
    }

    @Override
    protected void loseNextReply() {
        faults.arm();
    }

    @Override
    protected Set<TckCapability> capabilities() {
        // Under mutation testing the child JVMs would run the unmutated classes: their rules cannot kill a mutant.
        return Boolean.getBoolean("tidemark.tck.mutation")
                ? EnumSet.of(TckCapability.DURABLE, TckCapability.FAULTS)
                : EnumSet.allOf(TckCapability.class);
    }
}
