package io.tidemark.backend.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.InvalidInputException;
import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.Publisher;
import io.tidemark.watermark.AdvanceResult;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

/** The memory backend's own factories return stores behind the checking layer, with the clock given. */
class FactoriesTest {
    private static final LedgerAlias ALIAS = LedgerAlias.parse("f:main");

    @Test
    void watermarkStoreOpenIsChecked() {
        WatermarkStore s = MemoryWatermarkStore.open();
        WatermarkKey key = new WatermarkKey("NetX", "tz1", "block");
        assertThat(s.advance(key, new Watermark(1, 0, "d"))).isInstanceOf(AdvanceResult.Advanced.class);
        assertThatThrownBy(() -> s.advance(null, new Watermark(2, 0, "d"))).isInstanceOf(InvalidInputException.class);
        s.close();
        assertThatThrownBy(() -> s.get(key))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("memory watermark store is closed");
    }

    @Test
    void publisherOpenUsesTheSystemClockAndOpenWithClockTheGivenOne() {
        long before = Instant.now().getEpochSecond();
        Publisher p = MemoryPublisher.open();
        assertThat(p.publishCommit(ALIAS, "a", 1).current().updatedAt()).isBetween(before, before + 60);
        assertThatThrownBy(() -> p.publishCommit(ALIAS, "", 2)).isInstanceOf(InvalidInputException.class);
        p.close();
        assertThatThrownBy(() -> p.lookup(ALIAS))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("memory publisher is closed");
        Publisher fixed = MemoryPublisher.open(Clock.fixed(Instant.ofEpochSecond(1_234_567), ZoneOffset.UTC));
        assertThat(fixed.publishCommit(ALIAS, "a", 1).current().updatedAt()).isEqualTo(1_234_567);
    }
}
