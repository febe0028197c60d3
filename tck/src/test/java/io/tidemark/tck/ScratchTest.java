package io.tidemark.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.NsRecord;
import io.tidemark.publisher.Publisher;
import io.tidemark.spi.Checked;
import io.tidemark.watermark.StoredWatermark;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Rules run on scratch names over a store that holds someone's data (what {@code tidemark verify} does): they pass
 * where they only need fresh names, the other data is never changed, and the clean-up leaves the store as it was.
 */
class ScratchTest {
    private static final Duration RACE = Duration.ofMillis(100);

    /** Runs {@code rules}, each on its own fixture; returns rule test name to PASS, SKIP or FAIL. */
    private static <F extends Fixture<?>> Map<String, String> run(List<Rule<F>> rules, Supplier<F> fixtures) {
        Map<String, String> outcome = new TreeMap<>();
        for (Rule<F> rule : rules) {
            String result;
            try {
                rule.check(fixtures.get());
                result = "PASS";
            } catch (RuleSkipped e) {
                result = "SKIP";
            } catch (AssertionError | RuntimeException e) {
                result = "FAIL";
            }
            outcome.put(rule.id() + " " + rule.test(), result);
        }
        return outcome;
    }

    private static Map<String, String> expected(List<? extends Rule<?>> rules, Set<String> fail, Set<String> skip) {
        Map<String, String> m = new TreeMap<>();
        rules.forEach(r -> m.put(
                r.id() + " " + r.test(),
                fail.contains(r.testName()) ? "FAIL" : skip.contains(r.testName()) ? "SKIP" : "PASS"));
        return m;
    }

    private static List<StoredWatermark> marks(WatermarkStore s) {
        try (Stream<StoredWatermark> all = s.list()) {
            return all.sorted((a, b) -> a.key().toString().compareTo(b.key().toString()))
                    .toList();
        }
    }

    private static List<NsRecord> records(Publisher p) {
        try (Stream<NsRecord> all = p.allRecords()) {
            return all.sorted((a, b) -> a.alias().toString().compareTo(b.alias().toString()))
                    .toList();
        }
    }

    @Test
    void everyWRuleOnScratchKeysLeavesTheOtherMarksAsTheyWere() {
        ToyWatermarkStore backend = new ToyWatermarkStore(ToyWatermarkStore.Flaw.NONE);
        WatermarkStore user = Checked.watermarkStore(backend);
        // The user's marks sit on the very names the rules use, and on the race keys.
        for (WatermarkKey k : List.of(
                new WatermarkKey("NetXdQprcVkpaWU", "tz1aKTCPZHZRzNBrucPp8WTiAMzaYh84NZkC", "block"),
                new WatermarkKey("NetX", "tz1kinds", "block"),
                Workloads.RACE_KEY,
                new WatermarkKey("tidemark", "tz1", "x"))) {
            user.advance(k, new Watermark(5_000, 3, "users-" + k.requestKind()));
        }
        List<StoredWatermark> before = marks(user);
        Scratch scratch = new Scratch("tidemark-verify-0123abcd");

        Map<String, String> outcome = run(WatermarkRules.ALL, () -> scratch.fixture(user, Clock.systemUTC(), 4, RACE));

        assertThat(outcome)
                .as("rules on scratch keys")
                .isEqualTo(expected(
                        WatermarkRules.ALL,
                        Set.of("rule_W13_boundsRoundTripExactly", "rule_W23_limitsAndEdgesAreTheSameOnEveryBackend"),
                        Set.of(
                                "rule_W17_closedStoreRejectsEveryOperation",
                                "rule_W18_marksSurviveReopen",
                                "rule_W19_racesHoldAcrossProcesses",
                                "rule_W21_twoHandlesInOneJvmRaceWithChildProcesses",
                                "rule_W22_lostReplyEndsInTheTrueOutcomeOrOutcomeUnknown",
                                "rule_W25_closedStoreChecksUnreachable")));
        assertThat(marks(user))
                .as("every mark outside the scratch prefix")
                .filteredOn(w -> !w.key().chainId().startsWith(scratch.prefix()))
                .isEqualTo(before);
        assertThat(marks(user)).as("scratch marks before the clean-up").hasSizeGreaterThan(before.size());
        assertThat(scratch.cleanUp()).as("clean-up failures").isEmpty();
        assertThat(marks(user)).as("the store after the clean-up").isEqualTo(before);
    }

    @Test
    void everyPRuleOnScratchAliasesLeavesTheOtherRecordsAsTheyWere() {
        ToyPublisher backend = new ToyPublisher(ToyPublisher.Flaw.NONE);
        Publisher user = Checked.publisher(backend);
        for (LedgerAlias a : List.of(
                LedgerAlias.parse("mydb"),
                LedgerAlias.parse("other"),
                Workloads.RACE_ALIAS,
                Workloads.CAS_ALIAS,
                LedgerAlias.parse("tidemark:verify"))) {
            user.publishCommit(a, "users/commit/9", 9);
            user.pushStatus(a, 1, "users", Map.of("owner", "a user"));
        }
        List<NsRecord> before = records(user);
        Scratch scratch = new Scratch("tidemark-verify-0123abcd");

        Map<String, String> outcome = run(PublisherRules.ALL, () -> scratch.fixture(user, Clock.systemUTC(), 4, RACE));

        assertThat(outcome)
                .as("rules on scratch aliases")
                .isEqualTo(expected(
                        PublisherRules.ALL,
                        Set.of("rule_P20_boundsRoundTripExactly", "rule_P28_limitsAndEdgesAreTheSameOnEveryBackend"),
                        Set.of(
                                "rule_P19_updatedAtMovesOnlyWithAppliedChanges",
                                "rule_P21_closedPublisherRejectsEveryOperation",
                                "rule_P22_recordsSurviveReopen",
                                "rule_P23_racesHoldAcrossProcesses",
                                "rule_P26_twoHandlesInOneJvmRaceWithChildProcesses",
                                "rule_P27_lostReplyEndsInTheTrueOutcomeOrOutcomeUnknown",
                                "rule_P28_versionCountersStopAtLongMax",
                                "rule_P30_closedPublisherChecksUnreachable",
                                // a live store is not watched by verify (its fixture declares no WATCH)
                                "rule_P31_eachAppliedChangeIsOneEventOfItsKind",
                                "rule_P32_noEventForStaleUnchangedOrConflictingCalls",
                                "rule_P33_perAliasOrderAndConflationEndInTheLatestState",
                                "rule_P34_cancelStopsDelivery",
                                "rule_P35_changesByAnotherHandleAndAChildJvmAreSeen",
                                "rule_P36_closeCompletesSubscribers")));
        assertThat(records(user))
                .as("every record outside the scratch prefix")
                .filteredOn(r -> !r.alias().name().startsWith(scratch.prefix()))
                .isEqualTo(before);
        assertThat(scratch.cleanUp()).as("clean-up failures").isEmpty();
        assertThat(records(user)).as("the store after the clean-up").isEqualTo(before);
    }

    @Test
    void aCallOutsideThePrefixIsRefusedAndWritesNothing() {
        WatermarkStore user = Checked.watermarkStore(new ToyWatermarkStore(ToyWatermarkStore.Flaw.NONE));
        Fixture<WatermarkStore> f = new Scratch("tidemark-verify-1").fixture(user, Clock.systemUTC(), 2, RACE);
        WatermarkKey outside = new WatermarkKey("NetX", "tz1", "block");
        assertThatThrownBy(() -> f.store().advance(outside, new Watermark(1, 0, "d")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("outside the scratch prefix");
        assertThatThrownBy(() -> f.store().get(outside)).isInstanceOf(IllegalStateException.class);
        assertThat(marks(user)).isEmpty();
        assertThat(f.key("NetX", "tz1", "block").chainId()).isEqualTo("tidemark-verify-1-1-NetX");
    }

    @Test
    void aScratchNameThatAlreadyExistsIsRefusedAndKept() {
        WatermarkStore userMarks = Checked.watermarkStore(new ToyWatermarkStore(ToyWatermarkStore.Flaw.NONE));
        Publisher userRecords = Checked.publisher(new ToyPublisher(ToyPublisher.Flaw.NONE));
        Scratch scratch = new Scratch("tidemark-verify-2");
        Fixture<WatermarkStore> marks = scratch.fixture(userMarks, Clock.systemUTC(), 2, RACE);
        PublisherFixture ns = scratch.fixture(userRecords, Clock.systemUTC(), 2, RACE);
        WatermarkKey taken = marks.key("NetX", "tz1", "block");
        userMarks.advance(taken, new Watermark(7, 0, "users"));
        LedgerAlias takenAlias = ns.alias("db", "main");
        NsRecord users = userRecords.publishCommit(takenAlias, "users/c", 3).current();

        assertThatThrownBy(() -> marks.store().advance(taken, new Watermark(8, 0, "mine")))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already exists");
        assertThatThrownBy(() -> ns.store().retract(takenAlias))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("already exists");
        assertThat(scratch.cleanUp()).isEmpty();
        assertThat(userMarks.get(taken)).contains(new Watermark(7, 0, "users"));
        assertThat(userRecords.lookup(takenAlias)).contains(users);
    }

    @Test
    void aPrefixMustBeLowerCaseSoThatLowerCasedNamesStayUnderIt() {
        assertThatThrownBy(() -> new Scratch("Tidemark")).isInstanceOf(IllegalArgumentException.class);
        assertThat(Scratch.withRandomPrefix("tidemark-verify").prefix()).matches("tidemark-verify-[0-9a-f]{16}");
    }
}
