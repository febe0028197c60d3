package io.tidemark.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.tidemark.Health;
import io.tidemark.InvalidInputException;
import io.tidemark.Limits;
import io.tidemark.OutcomeUnknownException;
import io.tidemark.publisher.CasResult;
import io.tidemark.publisher.CasResult.Applied;
import io.tidemark.publisher.CasResult.Conflict;
import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.NsRecord;
import io.tidemark.publisher.PublishResult;
import io.tidemark.publisher.PublishResult.Stale;
import io.tidemark.publisher.PublishResult.Unchanged;
import io.tidemark.publisher.PublishResult.Updated;
import io.tidemark.publisher.Publisher;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * The {@link Publisher} rules P1-P36 of {@code RULES.md}, written once: {@link PublisherTck} runs each as a JUnit
 * test, {@code tidemark verify} runs a subset against a live store. Each check's Javadoc says what to look at when
 * it fails. No JUnit here: a failed check throws {@link AssertionError} (AssertJ).
 */
public final class PublisherRules {
    private static final LedgerAlias ALIAS = LedgerAlias.parse("mydb:main");

    /** Every P rule, in id order (P28 has two parts, one rule each). */
    public static final List<Rule<PublisherFixture>> ALL = List.of(
            Rule.required(
                    "P1",
                    "firstCommitCreatesTheRecord",
                    "the first commit creates the record",
                    PublisherRules::firstCommitCreatesTheRecord),
            Rule.required(
                    "P2", "higherCommitTUpdates", "a higher commit t updates", PublisherRules::higherCommitTUpdates),
            Rule.required(
                    "P3",
                    "sameCommitTAndAddressIsUnchanged",
                    "the same commit t and address is Unchanged",
                    PublisherRules::sameCommitTAndAddressIsUnchanged),
            Rule.required(
                    "P4",
                    "sameCommitTOtherAddressIsStale",
                    "the same commit t with another address is Stale",
                    PublisherRules::sameCommitTOtherAddressIsStale),
            Rule.required(
                    "P5", "lowerCommitTIsStale", "a lower commit t is Stale", PublisherRules::lowerCommitTIsStale),
            Rule.required(
                    "P6",
                    "indexHeadFollowsP1ToP5",
                    "the index head follows P1-P5",
                    PublisherRules::indexHeadFollowsP1ToP5),
            Rule.required(
                    "P7",
                    "commitAndIndexAreIndependent",
                    "commit and index are independent",
                    PublisherRules::commitAndIndexAreIndependent),
            Rule.required(
                    "P8",
                    "commitAndIndexRaceLoseNothing",
                    "a commit and index race loses nothing",
                    PublisherRules::commitAndIndexRaceLoseNothing),
            Rule.required(
                    "P9",
                    "commitRaceKeepsOneIncreasingChain",
                    "a commit race keeps one increasing chain",
                    PublisherRules::commitRaceKeepsOneIncreasingChain),
            Rule.required(
                    "P10",
                    "retractBumpsStatusAndKeepsHeads",
                    "retract bumps the status and keeps the heads",
                    PublisherRules::retractBumpsStatusAndKeepsHeads),
            Rule.required(
                    "P11",
                    "publishAfterRetractKeepsStatus",
                    "a publish after retract keeps the status",
                    PublisherRules::publishAfterRetractKeepsStatus),
            Rule.required(
                    "P12",
                    "pushStatusIsCompareAndSetOnTheVersion",
                    "pushStatus is compare-and-set on status_v",
                    PublisherRules::pushStatusIsCompareAndSetOnTheVersion),
            Rule.required(
                    "P13",
                    "pushConfigIsCompareAndSetOnTheVersion",
                    "pushConfig is compare-and-set on config_v",
                    PublisherRules::pushConfigIsCompareAndSetOnTheVersion),
            Rule.required(
                    "P14",
                    "statusRaceHasExactlyOneWinnerPerVersion",
                    "a status race has exactly one winner per version",
                    PublisherRules::statusRaceHasExactlyOneWinnerPerVersion),
            Rule.required(
                    "P15",
                    "lookupReturnsExactlyTheStoredRecord",
                    "lookup returns exactly the stored record",
                    PublisherRules::lookupReturnsExactlyTheStoredRecord),
            Rule.required(
                    "P16",
                    "allRecordsReturnsEveryRecordOnceAcrossPages",
                    "allRecords returns every record once",
                    PublisherRules::allRecordsReturnsEveryRecordOnceAcrossPages),
            Rule.required(
                    "P17",
                    "aliasesParseAndRoundTrip",
                    "aliases parse and round-trip",
                    PublisherRules::aliasesParseAndRoundTrip),
            Rule.required(
                    "P18",
                    "invalidInputIsRejectedAndNothingWritten",
                    "invalid input is rejected, nothing written",
                    PublisherRules::invalidInputIsRejectedAndNothingWritten),
            Rule.required(
                    "P19",
                    "updatedAtMovesOnlyWithAppliedChanges",
                    "updated_at moves only with applied changes",
                    PublisherRules::updatedAtMovesOnlyWithAppliedChanges),
            Rule.required(
                    "P20",
                    "boundsRoundTripExactly",
                    "bounds round-trip exactly",
                    PublisherRules::boundsRoundTripExactly),
            Rule.required(
                    "P21",
                    "closedPublisherRejectsEveryOperation",
                    "a closed publisher rejects every operation",
                    PublisherRules::closedPublisherRejectsEveryOperation),
            Rule.optional(
                    "P22",
                    "recordsSurviveReopen",
                    TckCapability.DURABLE,
                    "records survive reopen",
                    PublisherRules::recordsSurviveReopen),
            Rule.optional(
                    "P23",
                    "racesHoldAcrossProcesses",
                    TckCapability.MULTI_PROCESS,
                    "races hold across processes",
                    PublisherRules::racesHoldAcrossProcesses),
            Rule.required(
                    "P24",
                    "pushConfigWithoutContextKeepsIt",
                    "pushConfig without a default context keeps it",
                    PublisherRules::pushConfigWithoutContextKeepsIt),
            Rule.required(
                    "P25",
                    "deleteRemovesTheRecord",
                    "delete removes the record",
                    PublisherRules::deleteRemovesTheRecord),
            Rule.optional(
                    "P26",
                    "twoHandlesInOneJvmRaceWithChildProcesses",
                    TckCapability.MULTI_PROCESS,
                    "two handles in one JVM race with child processes",
                    PublisherRules::twoHandlesInOneJvmRaceWithChildProcesses),
            Rule.optional(
                    "P27",
                    "lostReplyEndsInTheTrueOutcomeOrOutcomeUnknown",
                    TckCapability.FAULTS,
                    "a lost reply ends in the true outcome or OutcomeUnknownException",
                    PublisherRules::lostReplyEndsInTheTrueOutcomeOrOutcomeUnknown),
            Rule.required(
                    "P28",
                    "limitsAndEdgesAreTheSameOnEveryBackend",
                    "limits and edges are the same on every backend",
                    PublisherRules::limitsAndEdgesAreTheSameOnEveryBackend),
            Rule.required(
                    "P28",
                    "versionCountersStopAtLongMax",
                    "version counters stop at Long.MAX_VALUE",
                    PublisherRules::versionCountersStopAtLongMax),
            Rule.required(
                    "P29",
                    "checkIsReachableAndChangesNothing",
                    "check is Reachable on an open publisher and changes nothing",
                    PublisherRules::checkIsReachableAndChangesNothing),
            Rule.required(
                    "P30",
                    "closedPublisherChecksUnreachable",
                    "a closed publisher checks Unreachable",
                    PublisherRules::closedPublisherChecksUnreachable),
            Rule.optional(
                    "P31",
                    "eachAppliedChangeIsOneEventOfItsKind",
                    TckCapability.WATCH,
                    "each applied change is one watch event of its kind",
                    WatchRules::eachAppliedChangeIsOneEventOfItsKind),
            Rule.optional(
                    "P32",
                    "noEventForStaleUnchangedOrConflictingCalls",
                    TckCapability.WATCH,
                    "no watch event for stale, unchanged or conflicting calls",
                    WatchRules::noEventForStaleUnchangedOrConflictingCalls),
            Rule.optional(
                    "P33",
                    "perAliasOrderAndConflationEndInTheLatestState",
                    TckCapability.WATCH,
                    "watch events keep per-alias order and end in the latest state",
                    WatchRules::perAliasOrderAndConflationEndInTheLatestState),
            Rule.optional(
                    "P34",
                    "cancelStopsDelivery",
                    TckCapability.WATCH,
                    "cancelling a watch stops its delivery",
                    WatchRules::cancelStopsDelivery),
            Rule.optional(
                    "P35",
                    "changesByAnotherHandleAndAChildJvmAreSeen",
                    TckCapability.WATCH,
                    "a watch sees changes made by another handle and a child JVM",
                    WatchRules::changesByAnotherHandleAndAChildJvmAreSeen),
            Rule.optional(
                    "P36",
                    "closeCompletesSubscribers",
                    TckCapability.WATCH,
                    "closing the store completes its watches",
                    WatchRules::closeCompletesSubscribers));

    private PublisherRules() {}

    /** Head operations, so that P1-P5 run once for commits and once (P6) for indexes. */
    private record HeadOps(String name, boolean commit) {
        PublishResult publish(Publisher p, LedgerAlias a, String address, long t) {
            return commit ? p.publishCommit(a, address, t) : p.publishIndex(a, address, t);
        }

        Optional<String> address(NsRecord r) {
            return commit ? r.commitAddress() : r.indexAddress();
        }

        OptionalLong t(NsRecord r) {
            return commit ? r.commitT() : r.indexT();
        }

        Optional<String> otherAddress(NsRecord r) {
            return commit ? r.indexAddress() : r.commitAddress();
        }
    }

    private static final HeadOps COMMIT = new HeadOps("commit", true);
    private static final HeadOps INDEX = new HeadOps("index", false);

    private static void firstPublishCreates(PublisherFixture f, LedgerAlias alias, HeadOps h) {
        Publisher publisher = f.store();
        long before = f.now();
        PublishResult r = h.publish(publisher, alias, "fluree:file://mydb/" + h.name + "/1", 1);
        long after = f.now();
        assertThat(r).isInstanceOf(Updated.class);
        assertThat(((Updated) r).previous()).as("previous of a first publish").isEmpty();
        NsRecord rec = r.current();
        assertThat(rec.alias()).isEqualTo(alias);
        assertThat(rec.ledgerName()).isEqualTo(alias.name());
        assertThat(rec.branch()).isEqualTo(alias.branch());
        assertThat(h.address(rec)).contains("fluree:file://mydb/" + h.name + "/1");
        assertThat(h.t(rec)).hasValue(1);
        assertThat(h.otherAddress(rec)).as("the other head").isEmpty();
        assertThat(rec.status()).isEqualTo("ready");
        assertThat(rec.statusV()).isEqualTo(1);
        assertThat(rec.configV()).isEqualTo(0);
        assertThat(rec.statusMeta()).isEmpty();
        assertThat(rec.configMeta()).isEmpty();
        assertThat(rec.defaultContextAddress()).isEmpty();
        assertThat(rec.updatedAt()).isBetween(before, after);
        assertThat(publisher.lookup(alias)).contains(rec);
    }

    private static void higherTUpdates(PublisherFixture f, LedgerAlias alias, HeadOps h) {
        Publisher publisher = f.store();
        NsRecord first = h.publish(publisher, alias, "a5", 5).current();
        PublishResult r = h.publish(publisher, alias, "a6", 6);
        assertThat(r)
                .isEqualTo(
                        new Updated(Optional.of(first), publisher.lookup(alias).orElseThrow()));
        assertThat(h.address(r.current())).contains("a6");
        assertThat(h.t(r.current())).hasValue(6);
    }

    private static void sameTSameAddressUnchanged(PublisherFixture f, LedgerAlias alias, HeadOps h) {
        Publisher publisher = f.store();
        NsRecord stored = h.publish(publisher, alias, "a5", 5).current();
        assertThat(h.publish(publisher, alias, "a5", 5)).isEqualTo(new Unchanged(stored));
        assertThat(publisher.lookup(alias)).contains(stored);
    }

    private static void sameTOtherAddressStale(PublisherFixture f, LedgerAlias alias, HeadOps h) {
        Publisher publisher = f.store();
        NsRecord stored = h.publish(publisher, alias, "a5", 5).current();
        assertThat(h.publish(publisher, alias, "a5-other", 5)).isEqualTo(new Stale(stored));
        assertThat(publisher.lookup(alias)).contains(stored);
    }

    private static void lowerTStale(PublisherFixture f, LedgerAlias alias, HeadOps h) {
        Publisher publisher = f.store();
        h.publish(publisher, alias, "a3", 3);
        NsRecord stored = h.publish(publisher, alias, "a5", 5).current();
        assertThat(h.publish(publisher, alias, "a4", 4)).isEqualTo(new Stale(stored));
        assertThat(h.publish(publisher, alias, "a3", 3)).isEqualTo(new Stale(stored));
        assertThat(h.publish(publisher, alias, "a0", 0)).isEqualTo(new Stale(stored));
        assertThat(publisher.lookup(alias)).contains(stored);
    }

    /** P1. If it fails: a first commit must create the record with the documented defaults, derived from the alias. */
    private static void firstCommitCreatesTheRecord(PublisherFixture f) {
        firstPublishCreates(f, f.alias(ALIAS), COMMIT);
    }

    /** P2. If it fails: a higher commit t must apply and report the whole record as it was before. */
    private static void higherCommitTUpdates(PublisherFixture f) {
        higherTUpdates(f, f.alias(ALIAS), COMMIT);
    }

    /** P3. If it fails: republishing the stored t and address is an idempotent retry: Unchanged, nothing written. */
    private static void sameCommitTAndAddressIsUnchanged(PublisherFixture f) {
        sameTSameAddressUnchanged(f, f.alias(ALIAS), COMMIT);
    }

    /** P4. If it fails: the same t with another address is a conflicting write and must be Stale, not applied. */
    private static void sameCommitTOtherAddressIsStale(PublisherFixture f) {
        sameTOtherAddressStale(f, f.alias(ALIAS), COMMIT);
    }

    /** P5. If it fails: a lower t must never overwrite a higher one (the condition must be commit_t < :t). */
    private static void lowerCommitTIsStale(PublisherFixture f) {
        lowerTStale(f, f.alias(ALIAS), COMMIT);
    }

    /** P6. If it fails: P1-P5 do not hold for the index head; the failing step names the sub-rule. */
    private static void indexHeadFollowsP1ToP5(PublisherFixture f) {
        firstPublishCreates(f, f.alias(ALIAS), INDEX);
        higherTUpdates(f, f.alias("p6-higher", "main"), INDEX);
        sameTSameAddressUnchanged(f, f.alias("p6-unchanged", "main"), INDEX);
        sameTOtherAddressStale(f, f.alias("p6-other-address", "main"), INDEX);
        lowerTStale(f, f.alias("p6-lower", "main"), INDEX);
    }

    /** P7. If it fails: a commit publish touched index fields or the reverse; they must be separate attributes. */
    private static void commitAndIndexAreIndependent(PublisherFixture f) {
        Publisher publisher = f.store();
        LedgerAlias alias = f.alias(ALIAS);
        publisher.publishCommit(alias, "c10", 10);
        NsRecord afterIndex = publisher.publishIndex(alias, "i5", 5).current();
        assertThat(afterIndex.commitAddress()).contains("c10");
        assertThat(afterIndex.commitT()).hasValue(10);
        NsRecord afterCommit = publisher.publishCommit(alias, "c11", 11).current();
        assertThat(afterCommit.indexAddress()).contains("i5");
        assertThat(afterCommit.indexT()).hasValue(5);
        assertThat(publisher.publishIndex(alias, "i20", 20)).isInstanceOf(Updated.class);
        assertThat(publisher.publishCommit(alias, "c12", 12))
                .as("commit below the index t")
                .isInstanceOf(Updated.class);
        NsRecord r = publisher.lookup(alias).orElseThrow();
        assertThat(r.commitAddress()).contains("c12");
        assertThat(r.indexAddress()).contains("i20");
        LedgerAlias indexFirst = f.alias("indexfirst", "main");
        NsRecord created = publisher.publishIndex(indexFirst, "i1", 1).current();
        assertThat(created.commitAddress()).isEmpty();
        assertThat(created.commitT()).isEmpty();
        assertThat(created.status()).isEqualTo("ready");
        assertThat(publisher.publishCommit(indexFirst, "c0", 0)).isInstanceOf(Updated.class);
    }

    /** P8. If it fails: a commit and an index publish racing on one alias lost one of the two updates. */
    private static void commitAndIndexRaceLoseNothing(PublisherFixture f) {
        Publisher publisher = f.store();
        List<History.Publish> calls = Race.run(
                f.threads(),
                f.raceTime(),
                (thread, out, go) -> Workloads.publishChain(
                        publisher, f.alias(Workloads.RACE_ALIAS), "t" + thread, thread % 2 == 0, 8, 5_000, go, out));
        checkFinalHeads(f, calls, true);
    }

    private static void checkFinalHeads(PublisherFixture f, List<History.Publish> calls, boolean realTime) {
        Publisher publisher = f.store();
        Optional<History.Head> commit = History.checkPublishes(calls, true, realTime);
        Optional<History.Head> index = History.checkPublishes(calls, false, realTime);
        NsRecord end = publisher.lookup(f.alias(Workloads.RACE_ALIAS)).orElseThrow();
        assertThat(History.Head.of(Optional.of(end), true))
                .as("final commit = highest applied")
                .isEqualTo(commit);
        assertThat(History.Head.of(Optional.of(end), false))
                .as("final index = highest applied")
                .isEqualTo(index);
        assertThat(commit).isPresent();
        assertThat(index).isPresent();
    }

    /** P9. If it fails: publishCommit is not atomic: the applied t's do not form one chain, or the final is not the max. */
    private static void commitRaceKeepsOneIncreasingChain(PublisherFixture f) {
        Publisher publisher = f.store();
        List<History.Publish> calls = Race.run(
                f.threads(),
                f.raceTime(),
                (thread, out, go) -> Workloads.publishChain(
                        publisher, f.alias(Workloads.RACE_ALIAS), "t" + thread, true, 9, 5_000, go, out));
        Optional<History.Head> commit = History.checkPublishes(calls, true, true);
        assertThat(History.Head.of(publisher.lookup(f.alias(Workloads.RACE_ALIAS)), true))
                .isEqualTo(commit);
    }

    /** P10. If it fails: retract must set retracted, bump status_v on every call, keep heads, and create nothing. */
    private static void retractBumpsStatusAndKeepsHeads(PublisherFixture f) {
        Publisher publisher = f.store();
        LedgerAlias alias = f.alias(ALIAS);
        assertThat(publisher.retract(alias)).as("retract of an unknown alias").isEmpty();
        assertThat(publisher.lookup(alias)).as("retract created a record").isEmpty();
        publisher.publishCommit(alias, "c1", 1);
        NsRecord before = publisher.publishIndex(alias, "i1", 1).current();
        long t0 = f.now();
        NsRecord r = publisher.retract(alias).orElseThrow();
        assertThat(r.status()).isEqualTo("retracted");
        assertThat(r.statusV()).isEqualTo(before.statusV() + 1);
        assertThat(r.updatedAt()).isBetween(Math.max(t0, before.updatedAt()), f.now());
        assertThat(r.commitAddress()).isEqualTo(before.commitAddress());
        assertThat(r.commitT()).isEqualTo(before.commitT());
        assertThat(r.indexAddress()).isEqualTo(before.indexAddress());
        assertThat(r.indexT()).isEqualTo(before.indexT());
        assertThat(r.configV()).isEqualTo(before.configV());
        assertThat(publisher.lookup(alias)).contains(r);
        NsRecord again = publisher.retract(alias).orElseThrow();
        assertThat(again.statusV()).as("second retract bumps again").isEqualTo(before.statusV() + 2);
    }

    /** P11. If it fails: publishing after a retract must keep the head rules and must not reset the status. */
    private static void publishAfterRetractKeepsStatus(PublisherFixture f) {
        Publisher publisher = f.store();
        LedgerAlias alias = f.alias(ALIAS);
        publisher.publishCommit(alias, "c1", 1);
        NsRecord retracted = publisher.retract(alias).orElseThrow();
        NsRecord r = publisher.publishCommit(alias, "c2", 2).current();
        assertThat(r.status()).isEqualTo("retracted");
        assertThat(r.statusV()).isEqualTo(retracted.statusV());
        assertThat(publisher.publishCommit(alias, "c1", 1)).isInstanceOf(Stale.class);
        assertThat(publisher.publishCommit(alias, "c2", 2)).isInstanceOf(Unchanged.class);
        assertThat(publisher.publishIndex(alias, "i1", 1).current().status()).isEqualTo("retracted");
    }

    /** P12. If it fails: pushStatus must compare status_v alone, bump it by one, replace state and meta, else Conflict. */
    private static void pushStatusIsCompareAndSetOnTheVersion(PublisherFixture f) {
        Publisher publisher = f.store();
        LedgerAlias alias = f.alias(ALIAS);
        assertThat(publisher.pushStatus(alias, 1, "indexing", Map.of()))
                .as("unknown alias")
                .isEqualTo(new Conflict(Optional.empty()));
        assertThat(publisher.lookup(alias)).isEmpty();
        NsRecord created = publisher.publishCommit(alias, "c1", 1).current();
        CasResult r = publisher.pushStatus(alias, 1, "indexing", Map.of("queue_depth", 3));
        assertThat(r).isInstanceOf(Applied.class);
        NsRecord applied = ((Applied) r).record();
        assertThat(applied.statusV()).isEqualTo(2);
        assertThat(applied.status()).isEqualTo("indexing");
        assertThat(applied.statusMeta()).isEqualTo(Map.of("queue_depth", 3L));
        assertThat(applied.commitAddress()).isEqualTo(created.commitAddress());
        assertThat(publisher.lookup(alias)).contains(applied);
        assertThat(publisher.pushStatus(alias, 1, "other", Map.of("x", 1)))
                .as("stale version")
                .isEqualTo(new Conflict(Optional.of(applied)));
        assertThat(publisher.pushStatus(alias, 3, "other", Map.of()))
                .as("future version")
                .isEqualTo(new Conflict(Optional.of(applied)));
        assertThat(publisher.lookup(alias)).contains(applied);
        NsRecord next = ((Applied) publisher.pushStatus(alias, 2, "ready", Map.of())).record();
        assertThat(next.statusMeta()).as("meta replaced, not merged").isEmpty();
        assertThat(next.statusV()).isEqualTo(3);
    }

    /** P13. If it fails: pushConfig must compare config_v alone, bump it, replace meta and the default context. */
    private static void pushConfigIsCompareAndSetOnTheVersion(PublisherFixture f) {
        Publisher publisher = f.store();
        LedgerAlias alias = f.alias(ALIAS);
        assertThat(publisher.pushConfig(alias, 0, Map.of(), Optional.empty()))
                .isEqualTo(new Conflict(Optional.empty()));
        publisher.publishCommit(alias, "c1", 1);
        CasResult r = publisher.pushConfig(alias, 0, Map.of("index_threshold", 100), Optional.of("fluree:ctx/1"));
        NsRecord applied = ((Applied) r).record();
        assertThat(applied.configV()).isEqualTo(1);
        assertThat(applied.configMeta()).isEqualTo(Map.of("index_threshold", 100L));
        assertThat(applied.defaultContextAddress()).contains("fluree:ctx/1");
        assertThat(applied.statusV()).as("status untouched").isEqualTo(1);
        assertThat(publisher.pushConfig(alias, 0, Map.of(), Optional.of("x")))
                .isEqualTo(new Conflict(Optional.of(applied)));
        assertThat(publisher.lookup(alias)).contains(applied);
    }

    /** P14. If it fails: two compare-and-sets applied with one expected version: pushStatus is not atomic. */
    private static void statusRaceHasExactlyOneWinnerPerVersion(PublisherFixture f) {
        Publisher publisher = f.store();
        LedgerAlias cas = f.alias(Workloads.CAS_ALIAS);
        publisher.publishCommit(cas, "c1", 1);
        List<CasResult> once = Race.run(
                f.threads(),
                Duration.ofHours(1),
                (thread, out, go) -> out.add(publisher.pushStatus(cas, 1, "s" + thread, Map.of("t", thread))));
        List<CasResult> winners = once.stream().filter(CasResult::applied).toList();
        assertThat(winners).as("Applied outcomes for expected status_v 1").hasSize(1);
        NsRecord won = ((Applied) winners.get(0)).record();
        once.stream().filter(r -> !r.applied()).forEach(r -> assertThat(r).isEqualTo(new Conflict(Optional.of(won))));
        List<History.Cas> loop = Race.run(
                f.threads(),
                f.raceTime(),
                (thread, out, go) -> Workloads.statusCas(publisher, cas, "t" + thread, 5_000, go, out));
        History.checkCas(loop, 2, publisher.lookup(cas).orElseThrow().statusV());
    }

    /** P15. If it fails: lookup of an unknown alias must be empty, and meta values must come back exactly as stored. */
    private static void lookupReturnsExactlyTheStoredRecord(PublisherFixture f) {
        Publisher publisher = f.store();
        LedgerAlias alias = f.alias(ALIAS);
        assertThat(publisher.lookup(alias)).isEmpty();
        publisher.publishCommit(alias, "c1", 1);
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("text", "h\u00e9llo \uD83C\uDF0A \u4e2d\u6587 \"quoted\" \\ /");
        meta.put("int", 42);
        meta.put("long", Long.MAX_VALUE);
        meta.put("negative", -7);
        meta.put("decimal", 0.25);
        meta.put("big", new BigDecimal("12345678901234567890.123456789"));
        meta.put("yes", true);
        meta.put("no", false);
        meta.put("list", List.of(1, "two", List.of(3.5), Map.of("four", 4)));
        meta.put("nested", Map.of("a", Map.of("b", Map.of("c", List.of()))));
        meta.put("empty", Map.of());
        NsRecord applied = ((Applied) publisher.pushStatus(alias, 1, "ready", meta)).record();
        Map<String, Object> expected = new HashMap<>();
        expected.put("text", meta.get("text"));
        expected.put("int", 42L);
        expected.put("long", Long.MAX_VALUE);
        expected.put("negative", -7L);
        expected.put("decimal", new BigDecimal("0.25"));
        expected.put("big", new BigDecimal("12345678901234567890.123456789"));
        expected.put("yes", true);
        expected.put("no", false);
        expected.put("list", List.of(1L, "two", List.of(new BigDecimal("3.5")), Map.of("four", 4L)));
        expected.put("nested", Map.of("a", Map.of("b", Map.of("c", List.of()))));
        expected.put("empty", Map.of());
        assertThat(applied.statusMeta()).isEqualTo(expected);
        NsRecord looked = publisher.lookup(alias).orElseThrow();
        assertThat(looked).isEqualTo(applied);
        assertThat(looked.statusMeta()).isEqualTo(expected);
        publisher.pushConfig(
                alias, 0, Map.of("replication", Map.of("factor", 3, "zones", List.of("a", "b"))), Optional.empty());
        assertThat(publisher.lookup(alias).orElseThrow().configMeta())
                .isEqualTo(Map.of("replication", Map.of("factor", 3L, "zones", List.of("a", "b"))));
    }

    /** P16. If it fails: allRecords must page through everything (2,500 aliases), retracted included, each once. */
    private static void allRecordsReturnsEveryRecordOnceAcrossPages(PublisherFixture f) {
        Publisher publisher = f.store();
        List<LedgerAlias> aliases = new ArrayList<>();
        for (int i = 0; i < 2_500; i++) {
            aliases.add(f.alias("ledger-" + (i / 5), "branch-" + (i % 5)));
        }
        Race.run(4, Duration.ofHours(1), (thread, out, go) -> {
            for (int i = thread; i < aliases.size(); i += 4) {
                publisher.publishCommit(aliases.get(i), "c" + i, i);
                if (i % 100 == 0) {
                    publisher.retract(aliases.get(i));
                }
            }
        });
        List<NsRecord> all;
        try (Stream<NsRecord> s = publisher.allRecords()) {
            all = s.toList();
        }
        assertThat(all).hasSize(aliases.size());
        Map<LedgerAlias, NsRecord> byAlias = all.stream().collect(Collectors.toMap(NsRecord::alias, r -> r));
        assertThat(byAlias.keySet()).containsExactlyInAnyOrderElementsOf(aliases);
        for (int i = 0; i < aliases.size(); i++) {
            NsRecord r = byAlias.get(aliases.get(i));
            assertThat(r.commitT()).hasValue(i);
            assertThat(r.status()).isEqualTo(i % 100 == 0 ? "retracted" : "ready");
        }
    }

    /** P17. If it fails: alias parsing or storage differs: bare name = main, split at the first colon, parts validated. */
    private static void aliasesParseAndRoundTrip(PublisherFixture f) {
        Publisher publisher = f.store();
        assertThat(LedgerAlias.parse("mydb")).isEqualTo(new LedgerAlias("mydb", "main"));
        assertThat(LedgerAlias.parse("mydb:dev")).isEqualTo(new LedgerAlias("mydb", "dev"));
        assertThat(LedgerAlias.parse("a:b:c")).isEqualTo(new LedgerAlias("a", "b:c"));
        assertThat(LedgerAlias.parse("mydb:dev").toString()).isEqualTo("mydb:dev");
        for (String bad : new String[] {
            "",
            ":x",
            "x:",
            "a\u0001:b",
            "a:b\n",
            "n".repeat(Limits.MAX_LEDGER_NAME + 1),
            "a:" + "b".repeat(Limits.MAX_BRANCH + 1),
            " :x"
        }) {
            assertThatThrownBy(() -> LedgerAlias.parse(bad))
                    .as("alias %s", bad)
                    .isInstanceOf(InvalidInputException.class);
        }
        assertThatThrownBy(() -> LedgerAlias.parse(null)).isInstanceOf(InvalidInputException.class);
        LedgerAlias colon = f.alias(LedgerAlias.parse("org/db:feature:x"));
        NsRecord r = publisher.publishCommit(colon, "c1", 1).current();
        assertThat(r.ledgerName()).isEqualTo(f.name("org/db"));
        assertThat(r.branch()).isEqualTo("feature:x");
        assertThat(publisher.lookup(f.alias(LedgerAlias.parse("org/db:feature:x"))))
                .contains(r);
        assertThat(publisher.lookup(f.alias(LedgerAlias.parse("org/db:feature"))))
                .isEmpty();
        NsRecord bare = publisher
                .publishCommit(f.alias(LedgerAlias.parse("bare")), "c1", 1)
                .current();
        assertThat(publisher.lookup(f.alias(LedgerAlias.parse("bare:main")))).contains(bare);
    }

    /** P18. If it fails: invalid input must throw InvalidInputException naming the field, and nothing may change. */
    private static void invalidInputIsRejectedAndNothingWritten(PublisherFixture f) {
        Publisher publisher = f.store();
        LedgerAlias alias = f.alias(ALIAS);
        NsRecord stored = publisher.publishCommit(alias, "c1", 1).current();
        Map<String, Object> notJson = new HashMap<>();
        notJson.put("when", Instant.EPOCH);
        Map<String, Object> withNull = new HashMap<>();
        withNull.put("x", null);
        Map<String, ThrowingCallable> bad = new LinkedHashMap<>();
        bad.put("commit address", () -> publisher.publishCommit(alias, null, 2));
        bad.put("commit address ", () -> publisher.publishCommit(alias, "", 2));
        bad.put("commit address  ", () -> publisher.publishCommit(alias, "a".repeat(Limits.MAX_ADDRESS + 1), 2));
        bad.put("commit t", () -> publisher.publishCommit(alias, "c2", -1));
        bad.put("index address", () -> publisher.publishIndex(alias, " ", 2));
        bad.put("index t", () -> publisher.publishIndex(alias, "i2", Long.MIN_VALUE));
        bad.put("ledger alias", () -> publisher.publishCommit(null, "c2", 2));
        bad.put("ledger alias ", () -> publisher.publishIndex(null, "i2", 2));
        bad.put("index address ", () -> publisher.publishIndex(alias, null, 2));
        bad.put("expected status v", () -> publisher.pushStatus(alias, -1, "ready", Map.of()));
        bad.put("status", () -> publisher.pushStatus(alias, 1, "", Map.of()));
        bad.put("status meta", () -> publisher.pushStatus(alias, 1, "ready", null));
        bad.put("status meta.when", () -> publisher.pushStatus(alias, 1, "ready", notJson));
        bad.put("status meta.x", () -> publisher.pushStatus(alias, 1, "ready", withNull));
        bad.put("status meta.nan", () -> publisher.pushStatus(alias, 1, "ready", Map.of("nan", Double.NaN)));
        bad.put(
                "status meta ",
                () -> publisher.pushStatus(alias, 1, "ready", Map.of("big", "x".repeat(Limits.MAX_META_BYTES))));
        bad.put("expected config v", () -> publisher.pushConfig(alias, -2, Map.of(), Optional.empty()));
        bad.put("config meta", () -> publisher.pushConfig(alias, 0, null, Optional.empty()));
        bad.put("default context address", () -> publisher.pushConfig(alias, 0, Map.of(), Optional.of("")));
        bad.forEach((field, call) -> {
            Throwable t = catchThrowable(call);
            assertThat(t).as("invalid %s", field.trim()).isInstanceOf(InvalidInputException.class);
            assertThat(((InvalidInputException) t).field()).isEqualTo(field.trim());
        });
        assertThat(publisher.lookup(alias)).contains(stored);
        try (Stream<NsRecord> s = publisher.allRecords()) {
            assertThat(s.toList()).containsExactly(stored);
        }
    }

    /**
     * P19. If it fails: updated_at moved on a call that applied nothing, did not move on an applied one, went back,
     * or is not the time of the clock the store was opened with ({@code BackendConfig.clock()}, which the checking
     * layer passes to every write as {@code now}: a backend must not read the wall clock itself).
     */
    private static void updatedAtMovesOnlyWithAppliedChanges(PublisherFixture f) {
        Publisher publisher = f.store();
        LedgerAlias alias = f.alias(ALIAS);
        long start = f.now();
        NsRecord first = publisher.publishCommit(alias, "c1", 1).current();
        assertThat(first.updatedAt())
                .as("updated_at of the first publish (the clock's time)")
                .isBetween(start, f.now());
        f.advanceClock(Duration.ofSeconds(1));
        assertThat(publisher.publishCommit(alias, "c1", 1)).isInstanceOf(Unchanged.class);
        assertThat(publisher.publishCommit(alias, "c0", 0)).isInstanceOf(Stale.class);
        assertThat(publisher.pushStatus(alias, 9, "x", Map.of())).isInstanceOf(Conflict.class);
        assertThat(publisher.pushConfig(alias, 9, Map.of(), Optional.empty())).isInstanceOf(Conflict.class);
        assertThat(publisher.lookup(alias).orElseThrow().updatedAt())
                .as("updated_at after calls that applied nothing")
                .isEqualTo(first.updatedAt());
        long previous = first.updatedAt();
        List<Supplier<NsRecord>> changes = List.of(
                () -> publisher.publishIndex(alias, "i1", 1).current(),
                () -> ((Applied) publisher.pushStatus(alias, 1, "busy", Map.of())).record(),
                () -> ((Applied) publisher.pushConfig(alias, 0, Map.of(), Optional.empty())).record(),
                () -> publisher.retract(alias).orElseThrow(),
                () -> publisher.publishCommit(alias, "c2", 2).current());
        for (Supplier<NsRecord> change : changes) {
            f.advanceClock(Duration.ofSeconds(1));
            long before = f.now();
            NsRecord r = change.get();
            assertThat(r.updatedAt()).as("updated_at of an applied change").isBetween(before, f.now());
            assertThat(r.updatedAt()).isGreaterThan(previous);
            previous = r.updatedAt();
        }
    }

    /** P20. If it fails: t must hold the full long range and addresses their documented maximum length. */
    private static void boundsRoundTripExactly(PublisherFixture f) {
        Publisher publisher = f.store();
        LedgerAlias zero = LedgerAlias.parse("zero");
        assertThat(publisher.publishCommit(zero, "c0", 0)).isInstanceOf(Updated.class);
        assertThat(publisher.lookup(zero).orElseThrow().commitT()).hasValue(0);
        String longest = Edges.repeat("\u00e9\uD83C\uDF0Aa", Limits.MAX_ADDRESS);
        LedgerAlias max = new LedgerAlias(
                Edges.repeat("n\u00e9", Limits.MAX_LEDGER_NAME), Edges.repeat("b\u4e2d", Limits.MAX_BRANCH));
        NsRecord r = publisher.publishCommit(max, longest, Long.MAX_VALUE).current();
        publisher.publishIndex(max, longest, Long.MAX_VALUE);
        NsRecord looked = publisher.lookup(max).orElseThrow();
        assertThat(looked.commitT()).hasValue(Long.MAX_VALUE);
        assertThat(looked.indexT()).hasValue(Long.MAX_VALUE);
        assertThat(looked.commitAddress()).contains(longest);
        assertThat(looked.alias()).isEqualTo(max);
        assertThat(publisher.publishCommit(max, longest, Long.MAX_VALUE)).isInstanceOf(Unchanged.class);
        assertThat(r.alias()).isEqualTo(max);
    }

    /** P21. If it fails: a closed publisher must refuse every call with IllegalStateException and tolerate a second close. */
    private static void closedPublisherRejectsEveryOperation(PublisherFixture f) {
        Publisher publisher = f.store();
        LedgerAlias alias = f.alias(ALIAS);
        publisher.publishCommit(alias, "c1", 1);
        publisher.close();
        List<Supplier<?>> ops = List.of(
                () -> publisher.publishCommit(alias, "c2", 2),
                () -> publisher.publishIndex(alias, "i2", 2),
                () -> publisher.retract(alias),
                () -> publisher.pushStatus(alias, 1, "x", Map.of()),
                () -> publisher.pushConfig(alias, 0, Map.of(), Optional.empty()),
                () -> publisher.lookup(alias),
                () -> publisher.delete(alias),
                () -> publisher.allRecords().count());
        for (Supplier<?> op : ops) {
            assertThatThrownBy(op::get).isInstanceOf(IllegalStateException.class);
        }
        publisher.close();
    }

    /** P22 (durable). If it fails: records were lost or changed by closing and reopening the publisher. */
    private static void recordsSurviveReopen(PublisherFixture f) {
        Publisher publisher = f.store();
        LedgerAlias alias = f.alias(ALIAS);
        publisher.publishCommit(alias, "c7", 7);
        publisher.publishIndex(alias, "i3", 3);
        NsRecord stored =
                ((Applied) publisher.pushStatus(alias, 1, "indexing", Map.of("queue", List.of(1, 2)))).record();
        LedgerAlias other = f.alias("other", "main");
        publisher.publishIndex(other, "i1", 1);
        NsRecord retracted = publisher.retract(other).orElseThrow();
        publisher = f.reopen();
        assertThat(publisher.lookup(alias)).contains(stored);
        assertThat(publisher.lookup(other))
                .as("a retracted record after reopen")
                .contains(retracted);
        assertThat(publisher.publishCommit(alias, "c6", 6)).isInstanceOf(Stale.class);
    }

    /** P23 (multi-process). If it fails: the backend serialises threads but not processes sharing the store. */
    private static void racesHoldAcrossProcesses(PublisherFixture f) {
        Publisher publisher = f.store();
        long millis = Math.max(1_000, f.raceTime().toMillis() * 2);
        List<History.Publish> pubs = new ArrayList<>();
        Children.race(3, "publish-chain", 2, millis, 5_000, 23, f.config()).forEach(o -> pubs.add((History.Publish) o));
        checkFinalHeads(f, pubs, false);
        LedgerAlias casAlias = f.alias(Workloads.CAS_ALIAS);
        publisher.publishCommit(casAlias, "c1", 1);
        List<History.Cas> cas = new ArrayList<>();
        Children.race(3, "status-cas", 2, millis, 5_000, 23, f.config()).forEach(o -> cas.add((History.Cas) o));
        History.checkCas(cas, 1, publisher.lookup(casAlias).orElseThrow().statusV());
        assertThat(cas.stream().filter(History.Cas::applied).count())
                .as("applied compare-and-sets")
                .isPositive();
    }

    /** P24. If it fails: pushConfig without a default context address must keep the stored one. */
    private static void pushConfigWithoutContextKeepsIt(PublisherFixture f) {
        Publisher publisher = f.store();
        LedgerAlias alias = f.alias(ALIAS);
        publisher.publishCommit(alias, "c1", 1);
        publisher.pushConfig(alias, 0, Map.of("a", 1), Optional.of("fluree:ctx/1"));
        NsRecord r = ((Applied) publisher.pushConfig(alias, 1, Map.of("a", 2), Optional.empty())).record();
        assertThat(r.defaultContextAddress()).contains("fluree:ctx/1");
        assertThat(r.configMeta()).isEqualTo(Map.of("a", 2L));
        assertThat(publisher.lookup(alias)).contains(r);
    }

    /** P25. If it fails: delete must remove exactly that record (true), leave others, and be false for unknown aliases. */
    private static void deleteRemovesTheRecord(PublisherFixture f) {
        Publisher publisher = f.store();
        LedgerAlias alias = f.alias(ALIAS);
        LedgerAlias other = f.alias("other", "main");
        publisher.publishCommit(alias, "c9", 9);
        NsRecord kept = publisher.publishCommit(other, "c1", 1).current();
        assertThat(publisher.delete(alias)).isTrue();
        assertThat(publisher.lookup(alias)).isEmpty();
        assertThat(publisher.delete(alias)).isFalse();
        assertThat(publisher.publishCommit(alias, "c1", 1))
                .as("a publish after delete starts afresh")
                .isInstanceOf(Updated.class)
                .satisfies(r -> assertThat(((Updated) r).previous()).isEmpty());
        assertThat(publisher.lookup(other)).contains(kept);
        try (Stream<NsRecord> s = publisher.allRecords()) {
            assertThat(s.map(NsRecord::alias)).containsExactlyInAnyOrder(alias, other);
        }
    }

    /**
     * P26 (multi-process). If it fails: two handles on one configuration in one JVM do not exclude each other (a
     * lock keyed per handle or per spelling of a path, a process-wide OS lock taken twice), even if separate
     * processes do. The assertion names the broken chain link, the lost head or the version applied twice in the
     * merged history (handles {@code h0}, {@code h1}, processes {@code p0}, {@code p1}).
     */
    private static void twoHandlesInOneJvmRaceWithChildProcesses(PublisherFixture f) {
        Publisher publisher = f.store();
        long millis = Math.max(1_000, f.raceTime().toMillis() * 2);
        try (Publisher second = f.openAnother()) {
            List<Publisher> handles = List.of(publisher, second);
            LedgerAlias raceAlias = f.alias(Workloads.RACE_ALIAS);
            LedgerAlias casAlias = f.alias(Workloads.CAS_ALIAS);
            List<History.Publish> pubs = new ArrayList<>();
            Children.race(
                            2,
                            "publish-chain",
                            2,
                            millis,
                            5_000,
                            26,
                            f.config(),
                            () -> Race.<History.Publish>run(
                                    4,
                                    Duration.ofMillis(millis),
                                    (thread, out, go) -> Workloads.publishChain(
                                            handles.get(thread % 2),
                                            raceAlias,
                                            "h" + thread % 2 + "t" + thread,
                                            thread / 2 == 0,
                                            26,
                                            5_000,
                                            go,
                                            out)))
                    .forEach(o -> pubs.add((History.Publish) o));
            checkFinalHeads(f, pubs, false);
            assertThat(pubs.stream().map(c -> c.who().substring(0, 2)).distinct())
                    .as("handles and processes that took part")
                    .containsExactlyInAnyOrder("h0", "h1", "p0", "p1");
            assertThat(second.lookup(raceAlias))
                    .as("the record seen by the second handle")
                    .isEqualTo(publisher.lookup(raceAlias));
            publisher.publishCommit(casAlias, "c1", 1);
            List<History.Cas> cas = new ArrayList<>();
            Children.race(
                            2,
                            "status-cas",
                            2,
                            millis,
                            5_000,
                            26,
                            f.config(),
                            () -> Race.<History.Cas>run(
                                    4,
                                    Duration.ofMillis(millis),
                                    (thread, out, go) -> Workloads.statusCas(
                                            handles.get(thread % 2),
                                            casAlias,
                                            "h" + thread % 2 + "t" + thread,
                                            5_000,
                                            go,
                                            out)))
                    .forEach(o -> cas.add((History.Cas) o));
            History.checkCas(cas, 1, publisher.lookup(casAlias).orElseThrow().statusV());
            assertThat(cas.stream().map(c -> c.who().substring(0, 2)).distinct())
                    .as("handles and processes that took part in the compare-and-sets")
                    .containsExactlyInAnyOrder("h0", "h1", "p0", "p1");
            assertThat(cas.stream().filter(History.Cas::applied).count())
                    .as("applied compare-and-sets")
                    .isPositive();
        }
    }

    /**
     * P27 (faults). If it fails: after a lost reply the backend (or its client library, retrying) reported an
     * outcome that is not what happened, or applied the effect twice: typically {@code Unchanged} for its own
     * publish, {@code Conflict} for its own compare-and-set, or a retract that bumped {@code status_v} by two,
     * because a retry met the first attempt's write. Retry only what provably did not apply, recognise the
     * caller's own write, or throw {@link OutcomeUnknownException}. The assertion names the call.
     */
    private static void lostReplyEndsInTheTrueOutcomeOrOutcomeUnknown(PublisherFixture f) {
        Publisher publisher = f.store();
        LedgerAlias alias = f.alias(ALIAS);
        LedgerAlias a = alias;
        withLostReply(
                f,
                a,
                "publishCommit creating the record",
                () -> publisher.publishCommit(a, "c1", 1),
                b -> NsRecord.decideCommit(b, a, "c1", 1, 0));
        if (publisher.lookup(a).isEmpty()) {
            publisher.publishCommit(a, "c1", 1);
        }
        withLostReply(
                f,
                a,
                "publishCommit",
                () -> publisher.publishCommit(a, "c2", 2),
                b -> NsRecord.decideCommit(b, a, "c2", 2, 0));
        withLostReply(
                f,
                a,
                "publishIndex creating the index head",
                () -> publisher.publishIndex(a, "i1", 1),
                b -> NsRecord.decideIndex(b, a, "i1", 1, 0));
        withLostReply(
                f,
                a,
                "publishIndex",
                () -> publisher.publishIndex(a, "i2", 2),
                b -> NsRecord.decideIndex(b, a, "i2", 2, 0));
        withLostReply(f, a, "retract", () -> publisher.retract(a), b -> b.map(r -> r.retracted(0)));
        withLostReply(f, a, "retract again", () -> publisher.retract(a), b -> b.map(r -> r.retracted(0)));
        long statusV = publisher.lookup(a).orElseThrow().statusV();
        Map<String, Object> meta = Map.of("queue", 3L);
        withLostReply(
                f,
                a,
                "pushStatus",
                () -> publisher.pushStatus(a, statusV, "indexing", meta),
                b -> NsRecord.decideStatus(b, statusV, "indexing", meta, 0));
        long configV = publisher.lookup(a).orElseThrow().configV();
        Optional<String> ctx = Optional.of("fluree:ctx/lost");
        withLostReply(
                f,
                a,
                "pushConfig",
                () -> publisher.pushConfig(a, configV, meta, ctx),
                b -> NsRecord.decideConfig(b, configV, meta, ctx, 0));
        withLostReply(
                f,
                a,
                "a stale publishCommit",
                () -> publisher.publishCommit(a, "c0", 0),
                b -> NsRecord.decideCommit(b, a, "c0", 0, 0));
        withLostReply(
                f,
                a,
                "a conflicting pushStatus",
                () -> publisher.pushStatus(a, 0, "x", Map.of()),
                b -> NsRecord.decideStatus(b, 0, "x", Map.of(), 0));
        LedgerAlias unknown = f.alias("lost-unknown", "main");
        f.loseNextReply();
        Throwable thrown = catchThrowable(() -> publisher.retract(unknown));
        assertThat(thrown)
                .as("retract of an unknown alias with a lost reply threw; only OutcomeUnknownException may")
                .satisfiesAnyOf(
                        t -> assertThat(t).isNull(), t -> assertThat(t).isInstanceOf(OutcomeUnknownException.class));
        assertThat(publisher.lookup(unknown))
                .as("record created by a retract of an unknown alias, its reply lost")
                .isEmpty();
        NsRecord before = publisher.lookup(a).orElseThrow();
        assertThat(publisher.publishCommit(a, "c9", 9))
                .as("the next call, its reply not lost")
                .isInstanceOf(Updated.class)
                .satisfies(r -> assertThat(((Updated) r).previous()).contains(before));
    }

    /**
     * One call on {@code alias} whose reply is lost. {@code rule} gives its true outcome on the record stored
     * before, computed with the {@link NsRecord} rules at time 0 ({@code updated_at} is compared apart). The call
     * must return that outcome (its records as stored after the call), with the record changed exactly as the
     * rule says, or throw {@link OutcomeUnknownException} with the record either unchanged or changed once.
     */
    private static void withLostReply(
            PublisherFixture f,
            LedgerAlias alias,
            String what,
            Supplier<Object> call,
            Function<Optional<NsRecord>, Object> rule) {
        Publisher publisher = f.store();
        Optional<NsRecord> before = publisher.lookup(alias);
        Object truth = rule.apply(before);
        Optional<NsRecord> once = stored(truth, before);
        long t0 = f.now();
        f.loseNextReply();
        Object[] result = new Object[1];
        Throwable thrown = catchThrowable(() -> result[0] = call.get());
        Optional<NsRecord> after = publisher.lookup(alias);
        if (thrown != null) {
            assertThat(thrown)
                    .as("%s with a lost reply threw; only OutcomeUnknownException may", what)
                    .isInstanceOf(OutcomeUnknownException.class);
            if (!after.equals(before)) {
                assertChangedOnce(f, what, before, once, after, t0);
            }
            return;
        }
        if (once.equals(before)) {
            assertThat(after)
                    .as("record after %s with a lost reply, which applies nothing", what)
                    .isEqualTo(before);
            assertThat(result[0]).as("outcome of %s with a lost reply", what).isEqualTo(truth);
            return;
        }
        assertChangedOnce(f, what, before, once, after, t0);
        assertThat(stored(result[0], before))
                .as("record returned by %s with a lost reply = the stored one", what)
                .isEqualTo(after);
        assertThat(withUpdatedAt(result[0], 0))
                .as("outcome of %s with a lost reply (updated_at aside)", what)
                .isEqualTo(withUpdatedAt(truth, 0));
    }

    private static void assertChangedOnce(
            PublisherFixture f,
            String what,
            Optional<NsRecord> before,
            Optional<NsRecord> once,
            Optional<NsRecord> after,
            long t0) {
        assertThat(after.map(r -> withUpdatedAt(r, 0)))
                .as("record after %s with a lost reply: the effect applied exactly once", what)
                .isEqualTo(once.map(r -> withUpdatedAt(r, 0)));
        assertThat(after.orElseThrow().updatedAt())
                .as("updated_at after %s", what)
                .isBetween(Math.max(t0, before.map(NsRecord::updatedAt).orElse(0L)), f.now());
    }

    /** The record an outcome says is stored after the call ({@code before} for outcomes that write nothing). */
    private static Optional<NsRecord> stored(Object outcome, Optional<NsRecord> before) {
        if (outcome instanceof PublishResult p) {
            return Optional.of(p.current());
        } else if (outcome instanceof Applied ap) {
            return Optional.of(ap.record());
        } else if (outcome instanceof Conflict) {
            return before;
        }
        @SuppressWarnings("unchecked")
        Optional<NsRecord> retracted = (Optional<NsRecord>) outcome;
        return retracted.isPresent() ? retracted : before;
    }

    /** {@code outcome} with {@code updated_at} of the record it writes set to {@code at}. */
    private static Object withUpdatedAt(Object outcome, long at) {
        if (outcome instanceof Updated u) {
            return new Updated(u.previous(), withUpdatedAt(u.current(), at));
        } else if (outcome instanceof Applied ap) {
            return new Applied(withUpdatedAt(ap.record(), at));
        } else if (outcome instanceof Optional<?> o) {
            return o.map(r -> withUpdatedAt((NsRecord) r, at));
        }
        return outcome;
    }

    private static NsRecord withUpdatedAt(NsRecord r, long at) {
        return new NsRecord(
                r.alias(),
                r.commitAddress(),
                r.commitT(),
                r.indexAddress(),
                r.indexT(),
                r.defaultContextAddress(),
                r.status(),
                at,
                r.statusV(),
                r.statusMeta(),
                r.configV(),
                r.configMeta());
    }

    /**
     * P28. If it fails: a value at a documented edge ({@link Limits}; 1- to 4-byte characters; valid characters at
     * the edges of Unicode; meta numbers at the ends of the range) was refused or did not come back exactly, or a
     * value one past an edge, or with a lone surrogate anywhere (alias parts, addresses, status, meta strings and
     * meta keys), was not an {@link InvalidInputException} naming the field, or a rejected call wrote something.
     */
    private static void limitsAndEdgesAreTheSameOnEveryBackend(PublisherFixture f) {
        Publisher publisher = f.store();
        List<NsRecord> accepted = new ArrayList<>();
        for (String u : Edges.UNITS) {
            LedgerAlias alias =
                    new LedgerAlias(Edges.repeat(u, Limits.MAX_LEDGER_NAME), Edges.repeat(u, Limits.MAX_BRANCH));
            String address = Edges.repeat(u, Limits.MAX_ADDRESS);
            publisher.publishCommit(alias, address, Long.MAX_VALUE);
            publisher.publishIndex(alias, address, 0);
            publisher.pushConfig(alias, 0, Map.of(), Optional.of(address));
            String status = Edges.repeat(u, Limits.MAX_STATUS);
            accepted.add(((Applied) publisher.pushStatus(alias, 1, status, Map.of(u, u))).record());
        }
        String e = Edges.EDGE_CHARS;
        LedgerAlias edgy = new LedgerAlias(e, e);
        publisher.publishCommit(edgy, e, 1);
        publisher.publishIndex(edgy, e, 1);
        publisher.pushConfig(edgy, 0, Map.of(e, List.of(e, Map.of(e, e))), Optional.of(e));
        accepted.add(((Applied) publisher.pushStatus(edgy, 1, e, Map.of(e, e))).record());
        Map<String, Object> numbers = new LinkedHashMap<>();
        int max = Limits.MAX_NUMBER_EXPONENT;
        int min = Limits.MIN_NUMBER_EXPONENT;
        String nines = "9." + "9".repeat(Limits.MAX_NUMBER_DIGITS - 1);
        String digits = "1234567890".repeat(Limits.MAX_NUMBER_DIGITS / 10 + 1);
        List<String> inRange = List.of(
                "1e" + max,
                "-1e" + max,
                nines + "e" + max,
                "-" + nines + "e" + max,
                "1e" + min,
                "-1e" + min,
                "1.5e" + (min + 1),
                "1.2345678901234e-120",
                nines + "e" + min,
                "-" + nines + "e" + min,
                digits.substring(0, Limits.MAX_NUMBER_DIGITS),
                "1." + "0".repeat(Limits.MAX_NUMBER_CHARS - 1),
                "0");
        for (int i = 0; i < inRange.size(); i++) {
            numbers.put("n" + i, new BigDecimal(inRange.get(i)));
        }
        numbers.put("deep", nest(Limits.MAX_META_DEPTH));
        LedgerAlias metaAlias = LedgerAlias.parse("edge-meta");
        publisher.publishCommit(metaAlias, "c1", 1);
        NsRecord withNumbers = ((Applied) publisher.pushStatus(metaAlias, 1, "ready", numbers)).record();
        for (int i = 0; i < inRange.size(); i++) {
            Object stored = withNumbers.statusMeta().get("n" + i);
            assertThat(stored)
                    .as("meta number %s after a round trip", inRange.get(i))
                    .isInstanceOf(Number.class);
            assertThat(new BigDecimal(stored.toString()))
                    .as("meta number %s after a round trip", inRange.get(i))
                    .isEqualByComparingTo(inRange.get(i));
        }
        String fill = "x".repeat(Limits.MAX_META_BYTES - "{\"k\":\"\"}".length());
        accepted.add(((Applied) publisher.pushConfig(metaAlias, 0, Map.of("k", fill), Optional.empty())).record());
        for (NsRecord r : accepted) {
            assertThat(publisher.lookup(r.alias()))
                    .as("lookup at the edge: %s", r.alias())
                    .contains(r);
        }
        assertThat(publisher.lookup(metaAlias))
                .as("meta numbers at the edges of the range")
                .hasValueSatisfying(r -> assertThat(r.statusMeta()).isEqualTo(withNumbers.statusMeta()));

        List<NsRecord> all;
        try (Stream<NsRecord> s = publisher.allRecords()) {
            all = s.toList();
        }
        List<Edges.Rejection> rejected = new ArrayList<>();
        LedgerAlias a = metaAlias;
        for (String u : Edges.UNITS) {
            rejected.add(new Edges.Rejection(
                    "ledger name",
                    "ledger name one past the limit, in " + u,
                    () -> publisher.publishCommit(
                            new LedgerAlias(Edges.onePast(u, Limits.MAX_LEDGER_NAME), "main"), "c", 1)));
            rejected.add(new Edges.Rejection(
                    "branch",
                    "branch one past the limit, in " + u,
                    () -> publisher.publishCommit(new LedgerAlias("x", Edges.onePast(u, Limits.MAX_BRANCH)), "c", 1)));
            String longAddress = Edges.onePast(u, Limits.MAX_ADDRESS);
            rejected.add(new Edges.Rejection(
                    "commit address",
                    "commit address one past, in " + u,
                    () -> publisher.publishCommit(a, longAddress, 5)));
            rejected.add(new Edges.Rejection(
                    "index address",
                    "index address one past, in " + u,
                    () -> publisher.publishIndex(a, longAddress, 5)));
            rejected.add(new Edges.Rejection(
                    "default context address",
                    "default context address one past, in " + u,
                    () -> publisher.pushConfig(a, 1, Map.of(), Optional.of(longAddress))));
            rejected.add(new Edges.Rejection(
                    "status",
                    "status one past, in " + u,
                    () -> publisher.pushStatus(a, 2, Edges.onePast(u, Limits.MAX_STATUS), Map.of())));
        }
        for (String lone : Edges.LONE_SURROGATES) {
            String shown = Edges.shown(lone);
            rejected.add(new Edges.Rejection(
                    "ledger name",
                    "ledger name " + shown,
                    () -> publisher.publishCommit(new LedgerAlias(lone, "main"), "c", 1)));
            rejected.add(new Edges.Rejection(
                    "branch", "branch " + shown, () -> publisher.publishCommit(new LedgerAlias("x", lone), "c", 1)));
            rejected.add(
                    new Edges.Rejection("branch", "parsed alias x:" + shown, () -> LedgerAlias.parse("x:" + lone)));
            rejected.add(new Edges.Rejection(
                    "commit address", "commit address " + shown, () -> publisher.publishCommit(a, lone, 5)));
            rejected.add(new Edges.Rejection(
                    "index address", "index address " + shown, () -> publisher.publishIndex(a, lone, 5)));
            rejected.add(new Edges.Rejection(
                    "default context address",
                    "default context address " + shown,
                    () -> publisher.pushConfig(a, 1, Map.of(), Optional.of(lone))));
            rejected.add(
                    new Edges.Rejection("status", "status " + shown, () -> publisher.pushStatus(a, 2, lone, Map.of())));
            rejected.add(new Edges.Rejection(
                    "status meta",
                    "status meta string " + shown,
                    () -> publisher.pushStatus(a, 2, "ready", Map.of("s", lone))));
            rejected.add(new Edges.Rejection(
                    "status meta",
                    "status meta key " + shown,
                    () -> publisher.pushStatus(a, 2, "ready", Map.of(lone, 1))));
            rejected.add(new Edges.Rejection(
                    "status meta",
                    "nested status meta key " + shown,
                    () -> publisher.pushStatus(a, 2, "ready", Map.of("m", Map.of("k" + lone, 1)))));
            rejected.add(new Edges.Rejection(
                    "config meta",
                    "config meta list element " + shown,
                    () -> publisher.pushConfig(a, 1, Map.of("l", List.of("ok", lone)), Optional.empty())));
            rejected.add(new Edges.Rejection(
                    "config meta",
                    "config meta key " + shown,
                    () -> publisher.pushConfig(a, 1, Map.of(lone, "v"), Optional.empty())));
        }
        for (String n : List.of(
                "1e" + (max + 1),
                "-1e" + (max + 1),
                "1e" + (min - 1),
                "-1e" + (min - 1),
                nines + "e" + (min - 1),
                digits.substring(0, Limits.MAX_NUMBER_DIGITS + 1),
                "1." + "0".repeat(Limits.MAX_NUMBER_DIGITS - 1) + "1",
                "1." + "0".repeat(Limits.MAX_NUMBER_CHARS * 5))) {
            String shown = n.length() > 60 ? n.substring(0, 60) + "..." : n;
            rejected.add(new Edges.Rejection(
                    "status meta",
                    "meta number " + shown,
                    () -> publisher.pushStatus(a, 2, "ready", Map.of("n", new BigDecimal(n)))));
        }
        rejected.add(new Edges.Rejection(
                "status meta",
                "meta number 1e" + (max + 1) + " as a BigInteger",
                () -> publisher.pushStatus(a, 2, "ready", Map.of("n", BigInteger.TEN.pow(max + 1)))));
        rejected.add(new Edges.Rejection(
                "status meta",
                "meta number 1e" + (max + 1) + " as a double",
                () -> publisher.pushStatus(a, 2, "ready", Map.of("n", Double.parseDouble("1e" + (max + 1))))));
        rejected.add(new Edges.Rejection(
                "status meta",
                "meta nested " + (Limits.MAX_META_DEPTH + 1) + " deep",
                () -> publisher.pushStatus(a, 2, "ready", Map.of("deep", nest(Limits.MAX_META_DEPTH + 1)))));
        rejected.add(new Edges.Rejection(
                "config meta",
                "config meta one byte over " + Limits.MAX_META_BYTES,
                () -> publisher.pushConfig(a, 1, Map.of("k", fill + "x"), Optional.empty())));
        Edges.assertRejected(rejected);
        try (Stream<NsRecord> s = publisher.allRecords()) {
            assertThat(s.toList())
                    .as("records after the rejected calls: exactly as before")
                    .containsExactlyInAnyOrderElementsOf(all);
        }
    }

    /** {@code depth} lists nested in one another, the innermost empty: {@code [[[]]]} for 3. */
    private static List<Object> nest(int depth) {
        List<Object> l = List.of();
        for (int i = 1; i < depth; i++) {
            l = List.of(l);
        }
        return l;
    }

    /**
     * P28, version counters. If it fails: a {@code status_v} or {@code config_v} at {@code Long.MAX_VALUE} went
     * further (wrapped to a negative number, or past the long range so every later read fails), or the refusal was
     * not an {@link InvalidInputException} naming the counter, or it wrote something. Check the counter before the
     * write (in the condition), not after. Needs {@link PublisherFixture#plantRecord}.
     */
    private static void versionCountersStopAtLongMax(PublisherFixture f) {
        Publisher publisher = f.store();
        LedgerAlias alias = f.alias(ALIAS);
        NsRecord planted = new NsRecord(
                alias,
                Optional.of("c1"),
                OptionalLong.of(1),
                Optional.empty(),
                OptionalLong.empty(),
                Optional.empty(),
                "ready",
                f.now() - 60,
                Long.MAX_VALUE - 1,
                Map.of("at", "max-1"),
                Long.MAX_VALUE - 1,
                Map.of());
        try {
            f.plantRecord(planted);
        } catch (UnsupportedOperationException e) {
            throw new RuleSkipped("the backend's test cannot plant a record (override plantRecord): " + e.getMessage());
        }
        assertThat(publisher.lookup(alias)).as("the planted record").contains(planted);
        NsRecord atMax = ((Applied) publisher.pushStatus(alias, Long.MAX_VALUE - 1, "busy", Map.of())).record();
        assertThat(atMax.statusV()).as("status_v reaches Long.MAX_VALUE").isEqualTo(Long.MAX_VALUE);
        atMax = ((Applied) publisher.pushConfig(alias, Long.MAX_VALUE - 1, Map.of(), Optional.empty())).record();
        assertThat(atMax.configV()).as("config_v reaches Long.MAX_VALUE").isEqualTo(Long.MAX_VALUE);
        Map<String, ThrowingCallable> past = new LinkedHashMap<>();
        past.put("status v", () -> publisher.retract(alias));
        past.put("status v ", () -> publisher.pushStatus(alias, Long.MAX_VALUE, "busy", Map.of()));
        past.put("config v", () -> publisher.pushConfig(alias, Long.MAX_VALUE, Map.of(), Optional.of("fluree:ctx/x")));
        for (Map.Entry<String, ThrowingCallable> p : past.entrySet()) {
            Throwable t = catchThrowable(p.getValue());
            assertThat(t).as("%s past Long.MAX_VALUE", p.getKey().trim()).isInstanceOf(InvalidInputException.class);
            assertThat(((InvalidInputException) t).field()).isEqualTo(p.getKey().trim());
            assertThat(publisher.lookup(alias))
                    .as("record after a refused bump of %s", p.getKey().trim())
                    .contains(atMax);
        }
        assertThat(publisher.pushStatus(alias, 5, "busy", Map.of()))
                .as("a conflicting pushStatus at the top")
                .isEqualTo(new Conflict(Optional.of(atMax)));
        NsRecord published = publisher.publishCommit(alias, "c2", 2).current();
        assertThat(published.statusV())
                .as("status_v after a publish at the top")
                .isEqualTo(Long.MAX_VALUE);
        assertThat(published.configV())
                .as("config_v after a publish at the top")
                .isEqualTo(Long.MAX_VALUE);
        assertThat(publisher.lookup(alias)).contains(published);
    }

    private static List<NsRecord> sortedRecords(Publisher publisher) {
        try (Stream<NsRecord> s = publisher.allRecords()) {
            return s.sorted((a, b) -> a.alias().toString().compareTo(b.alias().toString()))
                    .toList();
        }
    }

    /**
     * P29. If it fails: {@code check()} must answer {@code Reachable} on an open, working publisher (it may look at
     * the storage, never change it: no probe record, no lock left, no file or table created), and calls after it must
     * see exactly what was there before, {@code updated_at} included.
     */
    private static void checkIsReachableAndChangesNothing(PublisherFixture f) {
        Publisher publisher = f.store();
        LedgerAlias alias = f.alias(ALIAS);
        LedgerAlias other = f.alias("checked", "main");
        publisher.publishCommit(alias, "c1", 1);
        publisher.publishIndex(other, "i1", 1);
        List<NsRecord> before = sortedRecords(publisher);
        for (int i = 0; i < 3; i++) {
            Health h = publisher.check();
            assertThat(h).as("check %d on an open publisher", i).isInstanceOf(Health.Reachable.class);
            assertThat(h.reachable()).isTrue();
            assertThat(((Health.Reachable) h).detail()).isNotNull();
        }
        assertThat(sortedRecords(publisher)).as("allRecords after check").isEqualTo(before);
        NsRecord stored = publisher.lookup(alias).orElseThrow();
        assertThat(publisher.publishCommit(alias, "c1", 1)).isEqualTo(new Unchanged(stored));
        assertThat(publisher.publishCommit(alias, "c2", 2)).isInstanceOf(Updated.class);
    }

    /**
     * P30. If it fails: after {@code close()} a check must answer {@code Unreachable} saying the publisher is closed,
     * and never throw (a health endpoint calls it at any time).
     */
    private static void closedPublisherChecksUnreachable(PublisherFixture f) {
        Publisher publisher = f.store();
        publisher.publishCommit(f.alias(ALIAS), "c1", 1);
        publisher.close();
        Health h = publisher.check();
        assertThat(h).isInstanceOf(Health.Unreachable.class);
        assertThat(h.reachable()).isFalse();
        assertThat(((Health.Unreachable) h).reason()).contains("closed");
        publisher.close();
        assertThat(publisher.check().reachable()).as("after a second close").isFalse();
    }
}
