package io.tidemark.tck;

import io.tidemark.BackendConfig;
import io.tidemark.discovery.Tidemark;
import io.tidemark.publisher.NsRecord;
import io.tidemark.publisher.Publisher;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The {@link Publisher} rules P1-P36 of {@code RULES.md} ({@link PublisherRules}) as JUnit 5 tests. Subclass it in
 * a backend's tests and implement {@link #newStoreConfig()}; declare optional capabilities with
 * {@link #capabilities()}. Each test is named after its rule and runs it; the rule's Javadoc in
 * {@link PublisherRules} says what to look at when it fails.
 */
public abstract class PublisherTck extends TckSuite<Publisher, PublisherFixture> {
    /** The publisher under test, opened on {@link #config} before each test and closed after it. */
    protected Publisher publisher;

    /** Opens a publisher on {@code config}. By default through {@link Tidemark}, which also checks discovery. */
    @Override
    protected Publisher open(BackendConfig config) {
        return Tidemark.openPublisher(config);
    }

    /**
     * Stores {@code record} as it is, replacing any record of its alias and bypassing the contract's rules, as
     * another tool writing the table would. P28 uses it to put the version counters next to {@code Long.MAX_VALUE},
     * which no sequence of contract calls reaches in a test's lifetime. Override it in a backend's test with a raw
     * write in the store's own format (an SQL {@code INSERT}, a DynamoDB {@code PutItem}, a record file); by default
     * it throws {@link UnsupportedOperationException} and P28's version checks are skipped with that reason.
     */
    protected void plantRecord(NsRecord record) {
        throw new UnsupportedOperationException(getClass().getName() + " does not override plantRecord(NsRecord)");
    }

    @Override
    final Publisher current() {
        return publisher;
    }

    @Override
    final void current(Publisher publisher) {
        this.publisher = publisher;
    }

    @Override
    final List<Rule<PublisherFixture>> rules() {
        return PublisherRules.ALL;
    }

    @Override
    final PublisherFixture fixture() {
        return new Plants();
    }

    /** The suite's fixture with {@link #plantRecord}. */
    private final class Plants extends SuiteFixture implements PublisherFixture {
        @Override
        public void plantRecord(NsRecord record) {
            PublisherTck.this.plantRecord(record);
        }
    }

    /** P1 (required): the first commit creates the record. */
    @Test
    public void rule_P1_firstCommitCreatesTheRecord() {
        checkRule();
    }

    /** P2 (required): a higher commit t updates. */
    @Test
    public void rule_P2_higherCommitTUpdates() {
        checkRule();
    }

    /** P3 (required): the same commit t and address is Unchanged. */
    @Test
    public void rule_P3_sameCommitTAndAddressIsUnchanged() {
        checkRule();
    }

    /** P4 (required): the same commit t with another address is Stale. */
    @Test
    public void rule_P4_sameCommitTOtherAddressIsStale() {
        checkRule();
    }

    /** P5 (required): a lower commit t is Stale. */
    @Test
    public void rule_P5_lowerCommitTIsStale() {
        checkRule();
    }

    /** P6 (required): the index head follows P1-P5. */
    @Test
    public void rule_P6_indexHeadFollowsP1ToP5() {
        checkRule();
    }

    /** P7 (required): commit and index are independent. */
    @Test
    public void rule_P7_commitAndIndexAreIndependent() {
        checkRule();
    }

    /** P8 (required): a commit and index race loses nothing. */
    @Test
    public void rule_P8_commitAndIndexRaceLoseNothing() {
        checkRule();
    }

    /** P9 (required): a commit race keeps one increasing chain. */
    @Test
    public void rule_P9_commitRaceKeepsOneIncreasingChain() {
        checkRule();
    }

    /** P10 (required): retract bumps the status and keeps the heads. */
    @Test
    public void rule_P10_retractBumpsStatusAndKeepsHeads() {
        checkRule();
    }

    /** P11 (required): a publish after retract keeps the status. */
    @Test
    public void rule_P11_publishAfterRetractKeepsStatus() {
        checkRule();
    }

    /** P12 (required): pushStatus is compare-and-set on status_v. */
    @Test
    public void rule_P12_pushStatusIsCompareAndSetOnTheVersion() {
        checkRule();
    }

    /** P13 (required): pushConfig is compare-and-set on config_v. */
    @Test
    public void rule_P13_pushConfigIsCompareAndSetOnTheVersion() {
        checkRule();
    }

    /** P14 (required): a status race has exactly one winner per version. */
    @Test
    public void rule_P14_statusRaceHasExactlyOneWinnerPerVersion() {
        checkRule();
    }

    /** P15 (required): lookup returns exactly the stored record. */
    @Test
    public void rule_P15_lookupReturnsExactlyTheStoredRecord() {
        checkRule();
    }

    /** P16 (required): allRecords returns every record once. */
    @Test
    public void rule_P16_allRecordsReturnsEveryRecordOnceAcrossPages() {
        checkRule();
    }

    /** P17 (required): aliases parse and round-trip. */
    @Test
    public void rule_P17_aliasesParseAndRoundTrip() {
        checkRule();
    }

    /** P18 (required): invalid input is rejected, nothing written. */
    @Test
    public void rule_P18_invalidInputIsRejectedAndNothingWritten() {
        checkRule();
    }

    /** P19 (required): updated_at moves only with applied changes. */
    @Test
    public void rule_P19_updatedAtMovesOnlyWithAppliedChanges() {
        checkRule();
    }

    /** P20 (required): bounds round-trip exactly. */
    @Test
    public void rule_P20_boundsRoundTripExactly() {
        checkRule();
    }

    /** P21 (required): a closed publisher rejects every operation. */
    @Test
    public void rule_P21_closedPublisherRejectsEveryOperation() {
        checkRule();
    }

    /** P22 (optional, DURABLE): records survive reopen. */
    @Test
    public void rule_P22_recordsSurviveReopen() {
        checkRule();
    }

    /** P23 (optional, MULTI_PROCESS): races hold across processes. */
    @Test
    public void rule_P23_racesHoldAcrossProcesses() {
        checkRule();
    }

    /** P24 (required): pushConfig without a default context keeps it. */
    @Test
    public void rule_P24_pushConfigWithoutContextKeepsIt() {
        checkRule();
    }

    /** P25 (required): delete removes the record. */
    @Test
    public void rule_P25_deleteRemovesTheRecord() {
        checkRule();
    }

    /** P26 (optional, MULTI_PROCESS): two handles in one JVM race with child processes. */
    @Test
    public void rule_P26_twoHandlesInOneJvmRaceWithChildProcesses() {
        checkRule();
    }

    /** P27 (optional, FAULTS): a lost reply ends in the true outcome or OutcomeUnknownException. */
    @Test
    public void rule_P27_lostReplyEndsInTheTrueOutcomeOrOutcomeUnknown() {
        checkRule();
    }

    /** P28 (required): limits and edges are the same on every backend. */
    @Test
    public void rule_P28_limitsAndEdgesAreTheSameOnEveryBackend() {
        checkRule();
    }

    /** P28 (required): version counters stop at Long.MAX_VALUE. */
    @Test
    public void rule_P28_versionCountersStopAtLongMax() {
        checkRule();
    }

    /** P29 (required): check is Reachable on an open publisher and changes nothing. */
    @Test
    public void rule_P29_checkIsReachableAndChangesNothing() {
        checkRule();
    }

    /** P30 (required): a closed publisher checks Unreachable. */
    @Test
    public void rule_P30_closedPublisherChecksUnreachable() {
        checkRule();
    }

    /** P31 (optional, WATCH): each applied change is one watch event of its kind. */
    @Test
    public void rule_P31_eachAppliedChangeIsOneEventOfItsKind() {
        checkRule();
    }

    /** P32 (optional, WATCH): no watch event for stale, unchanged or conflicting calls. */
    @Test
    public void rule_P32_noEventForStaleUnchangedOrConflictingCalls() {
        checkRule();
    }

    /** P33 (optional, WATCH): watch events keep per-alias order and end in the latest state. */
    @Test
    public void rule_P33_perAliasOrderAndConflationEndInTheLatestState() {
        checkRule();
    }

    /** P34 (optional, WATCH): cancelling a watch stops its delivery. */
    @Test
    public void rule_P34_cancelStopsDelivery() {
        checkRule();
    }

    /** P35 (optional, WATCH and MULTI_PROCESS): a watch sees changes made by another handle and a child JVM. */
    @Test
    public void rule_P35_changesByAnotherHandleAndAChildJvmAreSeen() {
        checkRule();
    }

    /** P36 (optional, WATCH): closing the store completes its watches. */
    @Test
    public void rule_P36_closeCompletesSubscribers() {
        checkRule();
    }
}
