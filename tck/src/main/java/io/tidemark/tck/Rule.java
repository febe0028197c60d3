package io.tidemark.tck;

import java.util.Objects;
import java.util.Optional;

/**
 * One TCK rule, written once: its stable id ({@code W3}, {@code P19}), whether it is required or optional (the
 * capability it needs), a one-line title, and the check itself, which takes a fixture ({@link Fixture} or
 * {@link PublisherFixture}). The JUnit suites ({@link WatermarkStoreTck}, {@link PublisherTck}) run the rules as
 * tests named {@code rule_<id>_<test>}; {@code tidemark verify} runs a subset against a live store. A failed check
 * throws {@link AssertionError}; a check that cannot run with the fixture it got throws {@link RuleSkipped}.
 *
 * @param <F> the fixture the check takes
 * @param id the stable id from {@code RULES.md}; two rules may share one (P28 has two parts)
 * @param test the test's name after the id, in camel case ({@code equalLevelHigherRoundAdvances}); unique
 * @param capability the capability an optional rule needs; empty for a required rule
 * @param title what the rule says, one line
 * @param body the check
 */
public record Rule<F extends Fixture<?>>(
        String id, String test, Optional<TckCapability> capability, String title, Body<F> body) {

    /** The check of a rule. */
    @FunctionalInterface
    public interface Body<F> {
        /** Runs the check on {@code fixture}; throws {@link AssertionError} if the store breaks the rule. */
        void check(F fixture);
    }

    /** Validates that no part is missing. */
    public Rule {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(test, "test");
        Objects.requireNonNull(capability, "capability");
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(body, "body");
    }

    /** A rule every backend must keep. */
    static <F extends Fixture<?>> Rule<F> required(String id, String test, String title, Body<F> body) {
        return new Rule<>(id, test, Optional.empty(), title, body);
    }

    /** A rule checked only on backends that declare {@code capability}. */
    static <F extends Fixture<?>> Rule<F> optional(
            String id, String test, TckCapability capability, String title, Body<F> body) {
        return new Rule<>(id, test, Optional.of(capability), title, body);
    }

    /** True if every backend must keep this rule. */
    public boolean required() {
        return capability.isEmpty();
    }

    /** The name of the JUnit test that runs this rule: {@code rule_W3_equalLevelHigherRoundAdvances}. */
    public String testName() {
        return "rule_" + id + "_" + test;
    }

    /**
     * The name reports show, with the status first as the Reactive Streams TCK does:
     * {@code W3 required: equal level, higher round advances}, {@code W18 optional (DURABLE): marks survive reopen}.
     */
    public String displayName() {
        return id + (required() ? " required: " : " optional (" + capability.get() + "): ") + title;
    }

    /**
     * Runs the check on {@code fixture}: an optional rule whose capability the fixture lacks is skipped.
     *
     * @throws AssertionError if the store breaks the rule
     * @throws RuleSkipped if the rule cannot run here, with the reason
     */
    public void check(F fixture) {
        if (capability.isPresent() && !fixture.capabilities().contains(capability.get())) {
            throw new RuleSkipped(capability.get().skipReason());
        }
        body.check(fixture);
    }
}
