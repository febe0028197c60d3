package io.tidemark.spi.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.InvalidInputException;
import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.NsRecord;
import io.tidemark.spi.Unreachable;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Item 10: a lone surrogate cannot be stored as UTF-8; every validated string refuses it, naming the field. */
class LoneSurrogateTest {
    private static final String PAIR = "a\uD83D\uDE00b"; // a paired surrogate (an emoji) is fine

    private static void refused(String field, ThrowingCallable call) {
        assertThatThrownBy(call)
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining(field)
                .hasMessageContaining("unpaired surrogate")
                .satisfies(e -> assertThat(((InvalidInputException) e).field()).startsWith(field))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\uD800", "\uDC00", "\uDBFF"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"x\uD800", "\uDC00x", "x\uD800y", "\uDBFF", "\uDE00\uD83D"})
    void everyValidatedStringRefusesLoneSurrogates(String bad) {
        refused("meta.note", () -> JsonValues.meta("meta", Map.of("note", bad)));
        refused("meta.list[1]", () -> JsonValues.meta("meta", Map.of("list", List.of("ok", bad))));
        refused("meta.outer.inner", () -> JsonValues.meta("meta", Map.of("outer", Map.of("inner", bad))));
        refused("meta", () -> JsonValues.meta("meta", Map.of("k" + bad, 1)));
        refused("chain id", () -> new WatermarkKey(bad, "tz1", "block"));
        refused("public key hash", () -> new WatermarkKey("NetX", bad, "block"));
        refused("request kind", () -> new WatermarkKey("NetX", "tz1", bad));
        refused("digest", () -> new Watermark(1, 0, bad));
        refused("ledger name", () -> LedgerAlias.parse(bad + ":main"));
        refused("branch", () -> new LedgerAlias("ledger", bad));
        refused("commit address", () -> Unreachable.publisher().publishCommit(LedgerAlias.parse("l"), bad, 1));
        refused("status", () -> Unreachable.publisher().pushStatus(LedgerAlias.parse("l"), 1, bad, Map.of()));
        refused("status meta.s", () -> Unreachable.publisher()
                .pushStatus(LedgerAlias.parse("l"), 1, "ready", Map.of("s", bad)));
        refused("config meta.s", () -> Unreachable.publisher()
                .pushConfig(LedgerAlias.parse("l"), 0, Map.of("s", bad), Optional.empty()));
        refused("default context address", () -> Unreachable.publisher()
                .pushConfig(LedgerAlias.parse("l"), 0, Map.of(), Optional.of(bad)));
        refused(
                "index address",
                () -> new NsRecord(
                        LedgerAlias.parse("l"),
                        Optional.empty(),
                        OptionalLong.empty(),
                        Optional.of(bad),
                        OptionalLong.of(1),
                        Optional.empty(),
                        "ready",
                        0,
                        1,
                        Map.of(),
                        0,
                        Map.of()));
    }

    @ParameterizedTest
    @ValueSource(strings = {PAIR, "\uD83D\uDE00", "plain"})
    void pairedSurrogatesAreText(String good) {
        assertThat(JsonValues.meta("meta", Map.of(good, List.of(good)))).isEqualTo(Map.of(good, List.of(good)));
        assertThat(new WatermarkKey(good, good, good).chainId()).isEqualTo(good);
        assertThat(new Watermark(0, 0, good).digest()).isEqualTo(good);
    }
}
