package io.tidemark.watermark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.InvalidInputException;
import io.tidemark.Limits;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The one advance rule every backend applies, and the checks on a mark's parts. */
class WatermarkTest {
    private static final Watermark STORED = new Watermark(10, 2, "vh1");

    private static AdvanceResult decide(Watermark candidate) {
        return Watermark.decide(Optional.of(STORED), candidate);
    }

    @Test
    void firstMarkAdvancesFromNothing() {
        assertThat(Watermark.decide(Optional.empty(), new Watermark(0, 0, "d")))
                .isEqualTo(new AdvanceResult.Advanced(Optional.empty()));
    }

    @Test
    void higherLevelOrHigherRoundAdvancesAndCarriesThePrevious() {
        assertThat(decide(new Watermark(11, 0, "x"))).isEqualTo(new AdvanceResult.Advanced(Optional.of(STORED)));
        assertThat(decide(new Watermark(10, 3, "x"))).isEqualTo(new AdvanceResult.Advanced(Optional.of(STORED)));
    }

    @Test
    void aNoDigestSlotIsNeverRepeatableNotEvenWithTheReservedDigestItself() {
        Watermark none = new Watermark(10, 2, Watermark.NO_DIGEST);
        AdvanceResult same = Watermark.decide(Optional.of(none), none);
        assertThat(same).isEqualTo(new AdvanceResult.Refused(none));
        assertThat(same.maySign()).isFalse();
        assertThat(Watermark.decide(Optional.of(none), new Watermark(10, 2, "vh1")))
                .isEqualTo(new AdvanceResult.Refused(none));
        assertThat(Watermark.decide(Optional.of(none), new Watermark(10, 3, "vh1")))
                .isEqualTo(new AdvanceResult.Advanced(Optional.of(none)));
    }

    @Test
    void exactRepeatIsRepeatedButAnotherDigestAtTheSameSlotIsRefused() {
        assertThat(decide(new Watermark(10, 2, "vh1"))).isEqualTo(new AdvanceResult.Repeated(STORED));
        assertThat(decide(new Watermark(10, 2, "vh2"))).isEqualTo(new AdvanceResult.Refused(STORED));
        assertThat(decide(new Watermark(10, 2, "VH1")))
                .as("digests compare exactly")
                .isEqualTo(new AdvanceResult.Refused(STORED));
    }

    @Test
    void lowerMarksAreRefusedEvenWithTheStoredDigest() {
        assertThat(decide(new Watermark(10, 1, "vh1"))).isEqualTo(new AdvanceResult.Refused(STORED));
        assertThat(decide(new Watermark(9, 99, "vh1"))).isEqualTo(new AdvanceResult.Refused(STORED));
    }

    @Test
    void orderIsLevelThenRoundAndTheDigestIsNotPartOfIt() {
        assertThat(new Watermark(2, 0, "a").isHigherThan(new Watermark(1, 9, "a")))
                .isTrue();
        assertThat(new Watermark(1, 9, "a").isHigherThan(new Watermark(2, 0, "a")))
                .isFalse();
        assertThat(new Watermark(1, 1, "a").isHigherThan(new Watermark(1, 1, "b")))
                .isFalse();
        assertThat(new Watermark(1, 1, "a").sameSlot(new Watermark(1, 1, "b"))).isTrue();
    }

    @Test
    void invalidPartsNameTheirField() {
        assertThatThrownBy(() -> new Watermark(-1, 0, "d"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("level")
                .hasMessageContaining("-1")
                .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("level"));
        assertThatThrownBy(() -> new Watermark(0, -3, "d"))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("round"));
        for (String bad : new String[] {null, "", "  ", "a\nb", "x".repeat(Limits.MAX_DIGEST + 1)}) {
            assertThatThrownBy(() -> new Watermark(0, 0, bad))
                    .as("digest %s", bad)
                    .isInstanceOf(InvalidInputException.class)
                    .satisfies(
                            e -> assertThat(((InvalidInputException) e).field()).isEqualTo("digest"));
        }
        assertThat(new Watermark(Long.MAX_VALUE, Integer.MAX_VALUE, "x".repeat(Limits.MAX_DIGEST)).level())
                .isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void keyKeepsItsPartsAndRejectsEmptyParts() {
        WatermarkKey key = new WatermarkKey("NetXdQprcVkpaWU", "tz1abc", "block");
        assertThat(key.toString()).isEqualTo("NetXdQprcVkpaWU/tz1abc/block");
        assertThatThrownBy(() -> new WatermarkKey("Net/X", "tz1", "block"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("'/'");
        assertThatThrownBy(() -> new WatermarkKey("", "tz1", "block")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> new WatermarkKey("Net", "tz1", " ")).isInstanceOf(InvalidInputException.class);
    }
}
