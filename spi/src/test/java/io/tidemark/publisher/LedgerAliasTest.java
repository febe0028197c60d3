package io.tidemark.publisher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.InvalidInputException;
import io.tidemark.Limits;
import org.junit.jupiter.api.Test;

class LedgerAliasTest {
    @Test
    void bareNameMeansMainAndTheFirstColonSplits() {
        assertThat(LedgerAlias.parse("mydb")).isEqualTo(new LedgerAlias("mydb", "main"));
        assertThat(LedgerAlias.parse("mydb:dev")).isEqualTo(new LedgerAlias("mydb", "dev"));
        assertThat(LedgerAlias.parse("mydb:feature:x")).isEqualTo(new LedgerAlias("mydb", "feature:x"));
        assertThat(LedgerAlias.parse("mydb:feature:x")).hasToString("mydb:feature:x");
    }

    @Test
    void invalidAliasesAreTypedErrorsNamingThePart() {
        assertThatThrownBy(() -> LedgerAlias.parse(null))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("ledger alias");
        assertThatThrownBy(() -> LedgerAlias.parse(":main"))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("ledger name"));
        assertThatThrownBy(() -> LedgerAlias.parse("mydb:"))
                .isInstanceOf(InvalidInputException.class)
                .satisfies(e -> assertThat(((InvalidInputException) e).field()).isEqualTo("branch"));
        assertThatThrownBy(() -> LedgerAlias.parse("my\u0000db")).isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> LedgerAlias.parse("x".repeat(Limits.MAX_LEDGER_NAME + 1)))
                .isInstanceOf(InvalidInputException.class);
        assertThatThrownBy(() -> new LedgerAlias("a:b", "main"))
                .isInstanceOf(InvalidInputException.class)
                .hasMessageContaining("a:b");
    }
}
