package io.tidemark.backend.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.tidemark.BackendConfig;
import io.tidemark.CorruptedStoreException;
import io.tidemark.discovery.Tidemark;
import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.Publisher;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Adversarial review of issue 10 item 7 reached from a store file: a nameservice file under the 1 MiB read cap whose
 * status_meta is one 600 K-char key over a 200 K-element list. Decoding it (under the alias's lock, on every
 * publish) costs key length x list length char copies in {@code JsonValues.canonical} before the 64 KiB meta limit
 * refuses it; every writer of the alias, in every process, waits that long for each call.
 */
class AttackPlantedNsFileQuadraticTest {
    @TempDir
    Path tmp;

    @Test
    void aOneMegabyteNameserviceFileIsRefusedAndLeftAsItWas() throws Exception {
        Path base = tmp.resolve("base");
        LedgerAlias alias = LedgerAlias.parse("quad:main");
        try (Publisher p = Tidemark.openPublisher(BackendConfig.of("file", Map.of("base_dir", base.toString())))) {
            p.publishCommit(alias, "c1", 1);
            Path file = base.resolve("v1/nameservice").resolve(FileCodec.fileName(alias) + FileNames.DATA);
            String good = Files.readString(file);
            String hostile = good.replace(
                    "\"status_meta\":{}",
                    "\"status_meta\":{\"" + "k".repeat(600_000) + "\":[" + "0,".repeat(199_999) + "0]}");
            assertThat(hostile).isNotEqualTo(good);
            assertThat(hostile.length()).isLessThan(FileTree.MAX_FILE_BYTES);
            Files.writeString(file, hostile);
            // The cost bound itself is checked in spi (AttackMetaValidationIsQuadraticTest); here only a hang guard.
            Throwable t = org.junit.jupiter.api.Assertions.assertTimeoutPreemptively(
                    java.time.Duration.ofSeconds(60), () -> catchThrowable(() -> p.publishCommit(alias, "c2", 2)));
            assertThat(t).isInstanceOf(CorruptedStoreException.class);
            assertThat(Files.readString(file))
                    .as("the planted file is left as it was")
                    .isEqualTo(hostile);
        }
    }
}
