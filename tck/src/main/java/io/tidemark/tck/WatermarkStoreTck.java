package io.tidemark.tck;

import io.tidemark.BackendConfig;
import io.tidemark.discovery.Tidemark;
import io.tidemark.watermark.WatermarkStore;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The {@link WatermarkStore} rules W1-W25 of {@code RULES.md} ({@link WatermarkRules}) as JUnit 5 tests. Subclass
 * it in a backend's tests and implement {@link #newStoreConfig()}; declare optional capabilities with
 * {@link #capabilities()}. Each test is named after its rule and runs it; the rule's Javadoc in
 * {@link WatermarkRules} says what to look at when it fails.
 */
public abstract class WatermarkStoreTck extends TckSuite<WatermarkStore, Fixture<WatermarkStore>> {
    /** The store under test, opened on {@link #config} before each test and closed after it. */
    protected WatermarkStore store;

    /** Opens a store on {@code config}. By default through {@link Tidemark}, which also checks discovery. */
    @Override
    protected WatermarkStore open(BackendConfig config) {
        return Tidemark.openWatermarkStore(config);
    }

    @Override
    final WatermarkStore current() {
        return store;
    }

    @Override
    final void current(WatermarkStore store) {
        this.store = store;
    }

    @Override
    final List<Rule<Fixture<WatermarkStore>>> rules() {
        return WatermarkRules.ALL;
    }

    @Override
    final Fixture<WatermarkStore> fixture() {
        return new SuiteFixture();
    }

    /** W1 (required): first advance on an empty key advances. */
    @Test
    public void rule_W1_firstAdvanceOnEmptyKeyAdvances() {
        checkRule();
    }

    /** W2 (required): a higher level advances whatever the round. */
    @Test
    public void rule_W2_higherLevelAdvancesWhateverTheRound() {
        checkRule();
    }

    /** W3 (required): an equal level with a higher round advances. */
    @Test
    public void rule_W3_equalLevelHigherRoundAdvances() {
        checkRule();
    }

    /** W4 (required): the same level, round and digest is Repeated. */
    @Test
    public void rule_W4_equalLevelRoundAndDigestIsRepeated() {
        checkRule();
    }

    /** W5 (required): the same level and round with another digest is Refused. */
    @Test
    public void rule_W5_equalLevelRoundOtherDigestIsRefused() {
        checkRule();
    }

    /** W6 (required): an equal level with a lower round is Refused. */
    @Test
    public void rule_W6_equalLevelLowerRoundIsRefused() {
        checkRule();
    }

    /** W7 (required): a lower level is Refused whatever the round. */
    @Test
    public void rule_W7_lowerLevelIsRefusedWhateverTheRound() {
        checkRule();
    }

    /** W8 (required): digests compare exactly. */
    @Test
    public void rule_W8_digestsCompareExactly() {
        checkRule();
    }

    /** W9 (required): keys differing in one part are independent. */
    @Test
    public void rule_W9_keysDifferingInOnePartAreIndependent() {
        checkRule();
    }

    /** W10 (required): kinds are independent both ways. */
    @Test
    public void rule_W10_kindsAreIndependentBothWays() {
        checkRule();
    }

    /** W11 (required): list returns every mark once across pages. */
    @Test
    public void rule_W11_listReturnsEveryMarkOnceAcrossPages() {
        checkRule();
    }

    /** W12 (required): reset removes the mark. */
    @Test
    public void rule_W12_resetRemovesTheMark() {
        checkRule();
    }

    /** W13 (required): bounds round-trip exactly. */
    @Test
    public void rule_W13_boundsRoundTripExactly() {
        checkRule();
    }

    /** W14 (required): invalid input is rejected, nothing written. */
    @Test
    public void rule_W14_invalidInputIsRejectedAndNothingWritten() {
        checkRule();
    }

    /** W15 (required): a race on one key keeps one increasing chain. */
    @Test
    public void rule_W15_raceOnOneKeyKeepsOneIncreasingChain() {
        checkRule();
    }

    /** W16 (required): a race on one level and round has exactly one winner. */
    @Test
    public void rule_W16_raceOnOneSlotHasExactlyOneWinner() {
        checkRule();
    }

    /** W17 (required): a closed store rejects every operation. */
    @Test
    public void rule_W17_closedStoreRejectsEveryOperation() {
        checkRule();
    }

    /** W18 (optional, DURABLE): marks survive reopen. */
    @Test
    public void rule_W18_marksSurviveReopen() {
        checkRule();
    }

    /** W19 (optional, MULTI_PROCESS): races hold across processes. */
    @Test
    public void rule_W19_racesHoldAcrossProcesses() {
        checkRule();
    }

    /** W20 (required): racers on distinct keys all advance. */
    @Test
    public void rule_W20_racersOnDistinctKeysAllAdvance() {
        checkRule();
    }

    /** W21 (optional, MULTI_PROCESS): two handles in one JVM race with child processes. */
    @Test
    public void rule_W21_twoHandlesInOneJvmRaceWithChildProcesses() {
        checkRule();
    }

    /** W22 (optional, FAULTS): a lost reply ends in the true outcome or OutcomeUnknownException. */
    @Test
    public void rule_W22_lostReplyEndsInTheTrueOutcomeOrOutcomeUnknown() {
        checkRule();
    }

    /** W23 (required): limits and edges are the same on every backend. */
    @Test
    public void rule_W23_limitsAndEdgesAreTheSameOnEveryBackend() {
        checkRule();
    }

    /** W24 (required): check is Reachable on an open store and changes nothing. */
    @Test
    public void rule_W24_checkIsReachableAndChangesNothing() {
        checkRule();
    }

    /** W25 (required): a closed store checks Unreachable. */
    @Test
    public void rule_W25_closedStoreChecksUnreachable() {
        checkRule();
    }
}
