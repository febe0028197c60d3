package io.tidemark.tck;

import io.tidemark.BackendConfig;
import java.lang.reflect.Method;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayNameGeneration;
import org.junit.jupiter.api.DisplayNameGenerator;
import org.junit.jupiter.api.TestInfo;

/**
 * The set-up both JUnit suites share ({@link WatermarkStoreTck}, {@link PublisherTck}): before each test it opens
 * the store under test on a fresh configuration whose clock is the suite's {@link TckClock}, after it closes it.
 * Each test method is named after its rule ({@code rule_<id>_<test>}) and only calls {@link #checkRule()}; the
 * report shows the rule's {@link Rule#displayName()} ({@code W3 required: ...}, {@code W18 optional (DURABLE):
 * ...}). A backend's test subclasses a suite, not this class.
 *
 * @param <S> the store type
 * @param <F> the fixture type the suite's rules take
 */
@DisplayNameGeneration(TckSuite.RuleNames.class)
public abstract class TckSuite<S extends AutoCloseable, F extends Fixture<S>> {
    /** The configuration the store under test was opened on (its clock is {@link #clock}). */
    protected BackendConfig config;
    /** The controllable clock every store of this test is opened with; rule P19 advances it. */
    protected final TckClock clock = new TckClock();

    private String testName = "";

    TckSuite() {}

    /** The configuration of a fresh, empty store. Called once before each test. */
    protected abstract BackendConfig newStoreConfig();

    /**
     * Opens a store on {@code config}, which carries the TCK's clock ({@link BackendConfig#clock()}); an override
     * that opens the store otherwise than through discovery must hand that clock on (for example
     * {@code Checked.publisher(backend, config.clock())}).
     */
    protected abstract S open(BackendConfig config);

    /** The optional capabilities this backend has; none by default. */
    protected Set<TckCapability> capabilities() {
        return Set.of();
    }

    /**
     * For {@link TckCapability#FAULTS}: arranges that the next call on the store under test reaches the store, is
     * applied there, and its reply is lost on the way back (the connection dropped or a server error answered);
     * later calls go through normally. Backends that declare {@code FAULTS} override it.
     */
    protected void loseNextReply() {
        throw new UnsupportedOperationException(
                getClass().getName() + " declares FAULTS but does not override loseNextReply()");
    }

    /** Racing threads per race rule; 8 by default. */
    protected int threads() {
        return 8;
    }

    /** How long each race runs; 500 ms by default, or the system property {@code tidemark.tck.raceMillis}. */
    protected Duration raceTime() {
        return Duration.ofMillis(Long.getLong("tidemark.tck.raceMillis", 500));
    }

    /** The store under test (the suite's own field). */
    abstract S current();

    /** Makes {@code store} the store under test. */
    abstract void current(S store);

    /** The suite's rules. */
    abstract List<Rule<F>> rules();

    /** The fixture the rules of this test get. */
    abstract F fixture();

    @BeforeEach
    final void openStoreUnderTest(TestInfo test) {
        testName = test.getTestMethod().map(Method::getName).orElse("");
        config = newStoreConfig().withClock(clock);
        current(open(config));
    }

    @AfterEach
    final void closeStoreUnderTest() throws Exception {
        if (current() != null) {
            current().close();
        }
    }

    /**
     * Runs the rule the running test method is named after on the store under test: an optional rule whose
     * capability the backend does not declare, or a rule that cannot run here, is reported as skipped with the reason.
     */
    protected final void checkRule() {
        Rule<F> rule = rules().stream()
                .filter(r -> r.testName().equals(testName))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("no TCK rule is named " + testName));
        try {
            rule.check(fixture());
        } catch (RuleSkipped e) {
            Assumptions.abort(e.getMessage());
        }
    }

    /** The fixture over this suite's hooks: the rules see the suite through it. */
    class SuiteFixture implements Fixture<S> {
        @Override
        public S store() {
            return current();
        }

        @Override
        public BackendConfig config() {
            return config;
        }

        @Override
        public Set<TckCapability> capabilities() {
            return TckSuite.this.capabilities();
        }

        @Override
        public S reopen() {
            try {
                current().close();
            } catch (Exception e) {
                throw new AssertionError("closing the store before reopening it failed: " + e, e);
            }
            current(open(config));
            return current();
        }

        @Override
        public S openAnother() {
            return open(config);
        }

        @Override
        public void loseNextReply() {
            TckSuite.this.loseNextReply();
        }

        @Override
        public int threads() {
            return TckSuite.this.threads();
        }

        @Override
        public Duration raceTime() {
            return TckSuite.this.raceTime();
        }

        @Override
        public Clock clock() {
            return clock;
        }

        @Override
        public void advanceClock(Duration by) {
            clock.advance(by);
        }

        @Override
        public String name(String logical) {
            return logical;
        }
    }

    /** Shows a rule test under its rule's display name; other tests keep JUnit's standard names. */
    static final class RuleNames extends DisplayNameGenerator.Standard {
        @Override
        public String generateDisplayNameForMethod(Class<?> testClass, Method testMethod) {
            return Stream.concat(WatermarkRules.ALL.stream(), PublisherRules.ALL.stream())
                    .filter(r -> r.testName().equals(testMethod.getName()))
                    .findFirst()
                    .map(Rule::displayName)
                    .orElseGet(() -> super.generateDisplayNameForMethod(testClass, testMethod));
        }
    }
}
