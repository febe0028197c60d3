package io.tidemark.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.micrometer.core.instrument.Counter;
import io.tidemark.BackendConfig;
import io.tidemark.TidemarkException;
import io.tidemark.discovery.Tidemark;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The metrics contract on the file backend, and a backend fault (the directory removed) counted as an error. */
class FileMetricsTest extends MetricsContractTest {
    @TempDir
    Path tmp;

    private BackendConfig fresh() {
        try {
            return BackendConfig.of(
                    "file",
                    Map.of("base_dir", Files.createTempDirectory(tmp, "store").toString()));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    @Override
    BackendConfig watermarkConfig() {
        return fresh();
    }

    @Override
    BackendConfig publisherConfig() {
        return fresh();
    }

    @Override
    String backend() {
        return "file";
    }

    @Test
    void aRemovedDirectoryIsAnErrorByItsExceptionAndAnUnreachableCheck() throws IOException {
        BackendConfig config = fresh();
        try (WatermarkStore store = Tidemark.openWatermarkStore(config.withListener(metrics))) {
            store.advance(Scripts.BLOCK, new Watermark(1, 0, "a"));
            try (Stream<Path> s = Files.walk(config.path("base_dir").orElseThrow())) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
            Throwable t = catchThrowable(() -> store.advance(Scripts.BLOCK, new Watermark(2, 0, "b")));
            assertThat(t).isInstanceOf(TidemarkException.class);
            assertThat(store.check().reachable()).isFalse();

            List<String> tags = List.of("operation", "kind", "outcome", "exception");
            assertThat(byTags(registry.find(TidemarkMetrics.WATERMARK_OUTCOMES).counters(), tags, c ->
                            (long) ((Counter) c).count()))
                    .isEqualTo(Map.of(
                            "advance block advanced none",
                            1L,
                            "advance block error " + t.getClass().getSimpleName(),
                            1L,
                            "check none unreachable none",
                            1L));
        }
    }
}
