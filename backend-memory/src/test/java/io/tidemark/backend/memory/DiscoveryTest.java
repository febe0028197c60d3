package io.tidemark.backend.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.BackendConfig;
import io.tidemark.InvalidConfigException;
import io.tidemark.NoSuchBackendException;
import io.tidemark.discovery.Tidemark;
import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.Publisher;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Discovery with only spi and the memory backend on the class path. */
class DiscoveryTest {
    @Test
    void memIsFoundByNameAndAliasIgnoringCase() {
        assertThat(Tidemark.drivers()).contains("mem");
        try (WatermarkStore a = Tidemark.openWatermarkStore(BackendConfig.of("mem", Map.of()));
                WatermarkStore b = Tidemark.openWatermarkStore(BackendConfig.of("MEMORY", Map.of()));
                Publisher p = Tidemark.openPublisher(BackendConfig.of("Mem", Map.of()))) {
            // Discovery hands out the memory backend behind the checking layer, which names the backend.
            assertThat(a).hasToString("memory watermark store");
            assertThat(b).hasToString("memory watermark store");
            assertThat(p).hasToString("memory publisher");
            WatermarkKey key = new WatermarkKey("NetX", "tz1", "block");
            assertThat(a.advance(key, new Watermark(1, 0, "d")).maySign()).isTrue();
            assertThat(b.get(key)).as("each open is a separate store").isEmpty();
            assertThat(p.publishCommit(LedgerAlias.parse("db"), "c", 1).applied())
                    .isTrue();
        }
    }

    @Test
    void unknownDriverListsWhatWasFound() {
        assertThatThrownBy(() -> Tidemark.openWatermarkStore(BackendConfig.of("nope", Map.of())))
                .isInstanceOf(NoSuchBackendException.class)
                .hasMessageContaining("no backend 'nope'")
                .hasMessageContaining("mem");
    }

    @Test
    void unknownKeyIsAnErrorWithASuggestionNotIgnored() {
        BackendConfig typo = BackendConfig.of("mem", Map.of("base_dir", "/tmp"));
        assertThatThrownBy(() -> Tidemark.openPublisher(typo))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("unknown config key 'base_dir'");
        assertThatThrownBy(() -> Tidemark.openWatermarkStore(typo))
                .isInstanceOf(InvalidConfigException.class)
                .hasMessageContaining("unknown config key 'base_dir'");
    }

    @Test
    void theProviderNamesItsDriverAndAlias() {
        MemoryBackendProvider p = new MemoryBackendProvider();
        assertThat(p.driver()).isEqualTo("mem");
        assertThat(p.aliases()).containsExactly("memory");
    }
}
