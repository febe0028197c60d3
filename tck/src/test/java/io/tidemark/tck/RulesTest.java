package io.tidemark.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.spi.Checked;
import io.tidemark.watermark.WatermarkStore;
import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;

/** The rule lists, the suites generated from them, the clock, and the promise that the rules need no JUnit. */
class RulesTest {
    private static Set<String> testMethods(Class<?> suite) {
        return Arrays.stream(suite.getDeclaredMethods())
                .filter(m -> m.isAnnotationPresent(Test.class))
                .map(Method::getName)
                .collect(Collectors.toSet());
    }

    @Test
    void everyRuleHasExactlyOneTestInItsSuiteAndEveryTestIsARule() {
        assertThat(testMethods(WatermarkStoreTck.class))
                .containsExactlyInAnyOrderElementsOf(
                        WatermarkRules.ALL.stream().map(Rule::testName).toList());
        assertThat(testMethods(PublisherTck.class))
                .containsExactlyInAnyOrderElementsOf(
                        PublisherRules.ALL.stream().map(Rule::testName).toList());
        for (Class<?> suite : List.of(WatermarkStoreTck.class, PublisherTck.class)) {
            for (Method m : suite.getDeclaredMethods()) {
                if (m.isAnnotationPresent(Test.class)) {
                    assertThat(Modifier.isPublic(m.getModifiers()))
                            .as("%s is public", m.getName())
                            .isTrue();
                }
            }
        }
    }

    @Test
    void idsAreTheRulesFileIdsInOrderAndOnlyTheDocumentedRulesAreOptional() {
        assertThat(WatermarkRules.ALL.stream().map(Rule::id))
                .containsExactlyElementsOf(Stream.iterate(1, i -> i + 1)
                        .limit(25)
                        .map(i -> "W" + i)
                        .toList());
        assertThat(PublisherRules.ALL.stream().map(Rule::id))
                .containsExactlyElementsOf(Stream.of(
                                Stream.iterate(1, i -> i + 1).limit(28).map(i -> "P" + i),
                                Stream.of("P28", "P29", "P30"),
                                Stream.iterate(31, i -> i + 1).limit(6).map(i -> "P" + i))
                        .flatMap(s -> s)
                        .toList());
        assertThat(Stream.concat(WatermarkRules.ALL.stream(), PublisherRules.ALL.stream())
                        .filter(r -> !r.required())
                        .map(r -> r.id() + " " + r.capability().orElseThrow()))
                .containsExactly(
                        "W18 DURABLE",
                        "W19 MULTI_PROCESS",
                        "W21 MULTI_PROCESS",
                        "W22 FAULTS",
                        "P22 DURABLE",
                        "P23 MULTI_PROCESS",
                        "P26 MULTI_PROCESS",
                        "P27 FAULTS",
                        "P31 WATCH",
                        "P32 WATCH",
                        "P33 WATCH",
                        "P34 WATCH",
                        "P35 WATCH",
                        "P36 WATCH");
    }

    @Test
    void displayNamesSayWhetherARuleIsRequiredOrOptional() {
        assertThat(WatermarkRules.ALL.get(2).displayName())
                .isEqualTo("W3 required: an equal level with a higher round advances");
        assertThat(WatermarkRules.ALL.get(17).displayName()).isEqualTo("W18 optional (DURABLE): marks survive reopen");
        assertThat(PublisherRules.ALL.get(18).displayName())
                .isEqualTo("P19 required: updated_at moves only with applied changes");
    }

    /** This class's own test is named by JUnit's standard generator; the suites' by their rules (the suites' tests). */
    @Test
    void theSuitesReportRuleTestsUnderTheRulesDisplayNames(TestInfo info) throws Exception {
        TckSuite.RuleNames names = new TckSuite.RuleNames();
        Method p19 = PublisherTck.class.getMethod("rule_P19_updatedAtMovesOnlyWithAppliedChanges");
        assertThat(names.generateDisplayNameForMethod(PublisherTck.class, p19))
                .isEqualTo("P19 required: updated_at moves only with applied changes");
        Method w22 = WatermarkStoreTck.class.getMethod("rule_W22_lostReplyEndsInTheTrueOutcomeOrOutcomeUnknown");
        assertThat(names.generateDisplayNameForMethod(WatermarkStoreTck.class, w22))
                .isEqualTo("W22 optional (FAULTS): a lost reply ends in the true outcome or OutcomeUnknownException");
        Method own = info.getTestMethod().orElseThrow();
        assertThat(names.generateDisplayNameForMethod(RulesTest.class, own)).startsWith(own.getName());
    }

    @Test
    void anOptionalRuleWithoutItsCapabilityIsSkippedWithTheReasonAndNotRun() {
        Rule<Fixture<WatermarkStore>> w18 = WatermarkRules.ALL.get(17);
        Fixture<WatermarkStore> noCapability = new Scratch("tidemark-test")
                .fixture(
                        Checked.watermarkStore(new ToyWatermarkStore(ToyWatermarkStore.Flaw.NONE)),
                        Clock.systemUTC(),
                        2,
                        Duration.ofMillis(10));
        assertThatThrownBy(() -> w18.check(noCapability))
                .isInstanceOf(RuleSkipped.class)
                .hasMessage("backend does not declare DURABLE (data lives only as long as the store object)");
    }

    /**
     * The rule classes and the race harness (everything the CLI runs) name nothing of JUnit in their compiled form;
     * only the JUnit suites do. The tck's JUnit dependency is optional: a tool that runs the rules does not get it.
     */
    @Test
    void onlyTheJUnitSuitesReferToJUnit() throws IOException {
        List<Class<?>> suites =
                List.of(TckSuite.class, TckSuite.RuleNames.class, WatermarkStoreTck.class, PublisherTck.class);
        List<Class<?>> free = List.of(
                Rule.class,
                Rule.Body.class,
                RuleSkipped.class,
                Fixture.class,
                PublisherFixture.class,
                WatermarkRules.class,
                PublisherRules.class,
                Race.class,
                Race.Body.class,
                History.class,
                History.Advance.class,
                History.Publish.class,
                History.Head.class,
                History.Cas.class,
                Workloads.class,
                Edges.class,
                Edges.Rejection.class,
                Children.class,
                TckRacer.class,
                TckClock.class,
                TckCapability.class,
                Scratch.class,
                ScratchWatermarkStore.class,
                ScratchPublisher.class);
        for (Class<?> c : free) {
            assertThat(classFile(c)).as("%s refers to JUnit", c.getName()).doesNotContain("org/junit");
        }
        for (Class<?> c : suites) {
            assertThat(classFile(c)).as("%s is a JUnit suite", c.getName()).contains("org/junit");
        }
    }

    private static String classFile(Class<?> c) throws IOException {
        try (InputStream in =
                c.getResourceAsStream(c.getName().substring(c.getPackageName().length() + 1) + ".class")) {
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    void theTckClockStandsStillUntilAdvancedAndNeverGoesBack() {
        TckClock clock = new TckClock(1_000);
        assertThat(clock.instant()).isEqualTo(Instant.ofEpochSecond(1_000));
        assertThat(clock.instant()).as("it does not move by itself").isEqualTo(Instant.ofEpochSecond(1_000));
        Clock paris = clock.withZone(ZoneId.of("Europe/Paris"));
        clock.advance(Duration.ofSeconds(5));
        assertThat(clock.instant()).isEqualTo(Instant.ofEpochSecond(1_005));
        assertThat(paris.instant()).as("a zoned copy shares the time").isEqualTo(Instant.ofEpochSecond(1_005));
        assertThat(paris.getZone()).isEqualTo(ZoneId.of("Europe/Paris"));
        assertThat(clock.getZone()).isEqualTo(ZoneId.of("Z"));
        assertThatThrownBy(() -> clock.advance(Duration.ofSeconds(-1)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("never goes back");
        assertThat(clock.instant()).isEqualTo(Instant.ofEpochSecond(1_005));
    }
}
