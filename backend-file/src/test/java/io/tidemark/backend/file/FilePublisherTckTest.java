package io.tidemark.backend.file;

import io.tidemark.BackendConfig;
import io.tidemark.publisher.NsRecord;
import io.tidemark.publisher.Publisher;
import io.tidemark.tck.PublisherTck;
import io.tidemark.tck.TckCapability;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;

/**
 * The file backend against every P rule, durable, multi-process and fault ones included. Publishers are opened on a
 * disk that can lose the reply to the next call ({@link LostReplies}); discovery is covered by the other tests.
 */
class FilePublisherTckTest extends PublisherTck {
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
    protected Publisher open(BackendConfig config) {
        return faults.disarmingAfterEachCall(
                Publisher.class,
                () -> FilePublisher.open(
                        config.path("base_dir").orElseThrow(),
                        new FileOptions(true, true, false, faults),
                        config.clock()));
    }

    @Override
    protected void loseNextReply() {
        faults.arm();
    }

    /** Writes the record file as another tool would: the file form, straight to its place. */
    @Override
    protected void plantRecord(NsRecord record) {
        Path dir = config.path("base_dir").orElseThrow().resolve("v1").resolve("nameservice");
        try {
            Files.writeString(
                    dir.resolve(FileCodec.fileName(record.alias()) + FileNames.DATA),
                    FileCodec.encode(record),
                    StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    protected Set<TckCapability> capabilities() {
        // Under mutation testing the child JVMs would run the unmutated classes: their rules cannot kill a mutant.
        return Boolean.getBoolean("tidemark.tck.mutation")
                ? EnumSet.of(TckCapability.DURABLE, TckCapability.FAULTS, TckCapability.WATCH)
                : EnumSet.allOf(TckCapability.class);
    }
}
