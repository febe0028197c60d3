package io.tidemark.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

import io.tidemark.BackendConfig;
import io.tidemark.publisher.NsRecord;
import io.tidemark.publisher.Publisher;
import io.tidemark.spi.Checked;
import io.tidemark.watermark.WatermarkStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * Proves the TCK: a correct toy backend passes every rule, and each deliberately broken one fails the rules that
 * name its flaw. The suites under test are nested classes, so surefire does not run them on their own.
 */
class TckSelfTest {
    private static final Pattern RULE = Pattern.compile("rule_([WP]\\d+)_.*");

    /** Runs one TCK subclass with the JUnit Platform launcher; returns the rule ids that failed. */
    static Set<String> failedRules(Class<?> suite) {
        Set<String> failed = new TreeSet<>();
        Set<String> ran = new TreeSet<>();
        LauncherFactory.create().execute(request().selectors(selectClass(suite)).build(), new TestExecutionListener() {
            @Override
            public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                if (id.isTest() && id.getSource().orElse(null) instanceof MethodSource m) {
                    Matcher r = RULE.matcher(m.getMethodName());
                    if (r.matches()) {
                        ran.add(r.group(1));
                        if (result.getStatus() == TestExecutionResult.Status.FAILED) {
                            failed.add(r.group(1));
                            System.out.printf(
                                    "%s %s failed: %s%n",
                                    suite.getSimpleName(),
                                    m.getMethodName(),
                                    result.getThrowable()
                                            .map(t -> t.toString()
                                                    .lines()
                                                    .limit(6)
                                                    .toList())
                                            .orElse(List.of()));
                        }
                    }
                }
            }
        });
        assertThat(ran).as("rules that ran for %s", suite.getSimpleName()).hasSizeGreaterThan(15);
        return failed;
    }

    @Test
    void correctToyBackendsPassEveryRule() {
        assertThat(failedRules(CorrectStore.class)).isEmpty();
        assertThat(failedRules(CorrectPublisher.class)).isEmpty();
    }

    @Test
    void correctToyBackendsThatSayOutcomeUnknownPassEveryRule() {
        assertThat(failedRules(OutcomeUnknownStore.class)).isEmpty();
        assertThat(failedRules(OutcomeUnknownPublisher.class)).isEmpty();
    }

    @Test
    void correctDirectoryToysPassEveryRuleAcrossProcesses() {
        assertThat(failedRules(CorrectDirStore.class)).isEmpty();
        assertThat(failedRules(CorrectDirPublisher.class)).isEmpty();
    }

    @Test
    void handlesWithSeparateLocksInOneJvmAreCaughtByW21AndP26() {
        assertThat(failedRules(SeparateLocksDirStore.class)).containsExactly("W21");
        assertThat(failedRules(SeparateLocksDirPublisher.class)).containsExactly("P26");
    }

    @Test
    void aRetryReportingARefusalAfterALostReplyIsCaughtByW22() {
        assertThat(failedRules(RetryReportsRefusalStore.class)).containsExactly("W22");
    }

    @Test
    void aRetryReportingItsOwnOutcomeAfterALostReplyIsCaughtByP27() {
        assertThat(failedRules(RetriesLostReplyPublisher.class)).containsExactly("P27");
    }

    @Test
    void lossyTextAtTheEdgesIsCaughtByW23() {
        assertThat(failedRules(LossyTextStore.class)).containsExactly("W23");
    }

    @Test
    void noncharactersStoredAsQuestionMarksAreCaughtByP28() {
        assertThat(failedRules(ReplacesNoncharactersPublisher.class)).containsExactly("P28");
    }

    @Test
    void aVersionWrappingPastLongMaxIsCaughtByP28() {
        assertThat(failedRules(VersionWrapsPublisher.class)).containsExactly("P28");
    }

    @Test
    void aCheckThatWritesAProbeIsCaughtByW24AndP29() {
        assertThat(failedRules(CheckWritesProbeStore.class)).containsExactly("W24");
        assertThat(failedRules(CheckWritesProbePublisher.class)).containsExactly("P29");
    }

    @Test
    void readThenWriteWithoutAtomicityIsCaughtByTheRaces() {
        assertThat(failedRules(NotAtomicStore.class)).contains("W15", "W16");
        assertThat(failedRules(NotAtomicPublisher.class)).contains("P8", "P9", "P14");
    }

    @Test
    void acceptingEqualRoundsIsCaughtByW5() {
        assertThat(failedRules(EqualRoundsStore.class)).contains("W5", "W8", "W16");
    }

    @Test
    void ignoringTheDigestOnRepeatsIsCaughtByW5() {
        assertThat(failedRules(IgnoresDigestStore.class)).contains("W5", "W8");
    }

    @Test
    void refusalReportingAStaleMarkIsCaughtByW5AndW7() {
        assertThat(failedRules(StaleRefusalStore.class)).contains("W5", "W7");
    }

    @Test
    void indexOverwritingCommitIsCaughtByP7() {
        assertThat(failedRules(IndexOverwritesCommitPublisher.class)).contains("P7", "P8");
    }

    @Test
    void droppingTheLastPageIsCaughtByP16() {
        assertThat(failedRules(DropsLastPagePublisher.class)).containsExactly("P16");
    }

    /** The watch rules run on the correct toy (CorrectPublisher, polling only); a watch ignoring cancel fails P34. */
    @Test
    void aWatchIgnoringCancelIsCaughtByP34() {
        assertThat(failedRules(IgnoresCancelPublisher.class)).containsExactly("P34");
    }

    @Test
    void retractWithoutBumpIsCaughtByP10() {
        assertThat(failedRules(RetractForgetsBumpPublisher.class)).contains("P10");
    }

    abstract static class ToyStoreTck extends WatermarkStoreTck {
        private ToyWatermarkStore backend;

        abstract ToyWatermarkStore.Flaw flaw();

        @Override
        protected BackendConfig newStoreConfig() {
            return BackendConfig.of("toy", Map.of());
        }

        @Override
        protected WatermarkStore open(BackendConfig c) {
            backend = new ToyWatermarkStore(flaw());
            return Checked.watermarkStore(backend);
        }

        @Override
        protected Set<TckCapability> capabilities() {
            return EnumSet.of(TckCapability.FAULTS);
        }

        @Override
        protected void loseNextReply() {
            backend.loseNextReply();
        }
    }

    abstract static class ToyPublisherTck extends PublisherTck {
        private ToyPublisher backend;

        abstract ToyPublisher.Flaw flaw();

        @Override
        protected BackendConfig newStoreConfig() {
            return BackendConfig.of("toy", Map.of());
        }

        /** Whether this toy declares WATCH (the toys poll: no change signal, as a third-party backend may have none). */
        boolean watched() {
            return false;
        }

        /** Whether the watch of this toy ignores {@code cancel()} (a flaw rule P34 must catch). */
        boolean ignoresCancel() {
            return false;
        }

        @Override
        protected Publisher open(BackendConfig c) {
            backend = new ToyPublisher(flaw());
            Publisher p = Checked.publisher(backend, c.clock());
            return ignoresCancel() ? IgnoresCancel.wrap(p) : p;
        }

        @Override
        protected Set<TckCapability> capabilities() {
            return watched() ? EnumSet.of(TckCapability.FAULTS, TckCapability.WATCH) : EnumSet.of(TckCapability.FAULTS);
        }

        @Override
        protected void loseNextReply() {
            backend.loseNextReply();
        }

        @Override
        protected void plantRecord(NsRecord record) {
            backend.plant(record);
        }
    }

    /** The directory toys' config: a fresh directory, opened through discovery (driver toydir) here and in children. */
    static BackendConfig dirConfig(Path tmp, boolean separateLocks) {
        try {
            return BackendConfig.of(
                    "toydir",
                    Map.of(
                            "dir",
                            Files.createTempDirectory(tmp, "store").toString(),
                            "separate_locks",
                            Boolean.toString(separateLocks)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    abstract static class ToyDirStoreTck extends WatermarkStoreTck {
        @TempDir
        Path tmp;

        abstract boolean separateLocks();

        @Override
        protected BackendConfig newStoreConfig() {
            return dirConfig(tmp, separateLocks());
        }

        @Override
        protected Set<TckCapability> capabilities() {
            return EnumSet.of(TckCapability.DURABLE, TckCapability.MULTI_PROCESS);
        }
    }

    abstract static class ToyDirPublisherTck extends PublisherTck {
        @TempDir
        Path tmp;

        abstract boolean separateLocks();

        @Override
        protected BackendConfig newStoreConfig() {
            return dirConfig(tmp, separateLocks());
        }

        @Override
        protected Set<TckCapability> capabilities() {
            return EnumSet.of(TckCapability.DURABLE, TckCapability.MULTI_PROCESS);
        }

        @Override
        protected void plantRecord(NsRecord record) {
            try (ToyDirPublisher raw =
                    new ToyDirPublisher(new ToyDir(config.path("dir").orElseThrow(), false))) {
                raw.plant(record);
            }
        }
    }

    static class CorrectDirStore extends ToyDirStoreTck {
        @Override
        boolean separateLocks() {
            return false;
        }
    }

    static class SeparateLocksDirStore extends ToyDirStoreTck {
        @Override
        boolean separateLocks() {
            return true;
        }
    }

    static class CorrectDirPublisher extends ToyDirPublisherTck {
        @Override
        boolean separateLocks() {
            return false;
        }
    }

    static class SeparateLocksDirPublisher extends ToyDirPublisherTck {
        @Override
        boolean separateLocks() {
            return true;
        }
    }

    static class CorrectStore extends ToyStoreTck {
        @Override
        ToyWatermarkStore.Flaw flaw() {
            return ToyWatermarkStore.Flaw.NONE;
        }
    }

    static class NotAtomicStore extends ToyStoreTck {
        @Override
        ToyWatermarkStore.Flaw flaw() {
            return ToyWatermarkStore.Flaw.NOT_ATOMIC;
        }
    }

    static class EqualRoundsStore extends ToyStoreTck {
        @Override
        ToyWatermarkStore.Flaw flaw() {
            return ToyWatermarkStore.Flaw.ACCEPTS_EQUAL_ROUNDS;
        }
    }

    static class IgnoresDigestStore extends ToyStoreTck {
        @Override
        ToyWatermarkStore.Flaw flaw() {
            return ToyWatermarkStore.Flaw.IGNORES_DIGEST;
        }
    }

    static class StaleRefusalStore extends ToyStoreTck {
        @Override
        ToyWatermarkStore.Flaw flaw() {
            return ToyWatermarkStore.Flaw.STALE_REFUSAL;
        }
    }

    static class CorrectPublisher extends ToyPublisherTck {
        @Override
        ToyPublisher.Flaw flaw() {
            return ToyPublisher.Flaw.NONE;
        }

        @Override
        boolean watched() {
            return true;
        }
    }

    static class IgnoresCancelPublisher extends CorrectPublisher {
        @Override
        boolean ignoresCancel() {
            return true;
        }
    }

    static class NotAtomicPublisher extends ToyPublisherTck {
        @Override
        ToyPublisher.Flaw flaw() {
            return ToyPublisher.Flaw.NOT_ATOMIC;
        }
    }

    static class IndexOverwritesCommitPublisher extends ToyPublisherTck {
        @Override
        ToyPublisher.Flaw flaw() {
            return ToyPublisher.Flaw.INDEX_OVERWRITES_COMMIT;
        }
    }

    static class DropsLastPagePublisher extends ToyPublisherTck {
        @Override
        ToyPublisher.Flaw flaw() {
            return ToyPublisher.Flaw.DROPS_LAST_PAGE;
        }
    }

    static class RetractForgetsBumpPublisher extends ToyPublisherTck {
        @Override
        ToyPublisher.Flaw flaw() {
            return ToyPublisher.Flaw.RETRACT_FORGETS_BUMP;
        }
    }

    static class OutcomeUnknownStore extends ToyStoreTck {
        @Override
        ToyWatermarkStore.Flaw flaw() {
            return ToyWatermarkStore.Flaw.OUTCOME_UNKNOWN;
        }
    }

    static class RetryReportsRefusalStore extends ToyStoreTck {
        @Override
        ToyWatermarkStore.Flaw flaw() {
            return ToyWatermarkStore.Flaw.RETRY_REPORTS_REFUSAL;
        }
    }

    static class LossyTextStore extends ToyStoreTck {
        @Override
        ToyWatermarkStore.Flaw flaw() {
            return ToyWatermarkStore.Flaw.LOSSY_TEXT;
        }
    }

    static class OutcomeUnknownPublisher extends ToyPublisherTck {
        @Override
        ToyPublisher.Flaw flaw() {
            return ToyPublisher.Flaw.OUTCOME_UNKNOWN;
        }
    }

    static class RetriesLostReplyPublisher extends ToyPublisherTck {
        @Override
        ToyPublisher.Flaw flaw() {
            return ToyPublisher.Flaw.RETRIES_LOST_REPLY;
        }
    }

    static class ReplacesNoncharactersPublisher extends ToyPublisherTck {
        @Override
        ToyPublisher.Flaw flaw() {
            return ToyPublisher.Flaw.REPLACES_NONCHARACTERS;
        }
    }

    static class VersionWrapsPublisher extends ToyPublisherTck {
        @Override
        ToyPublisher.Flaw flaw() {
            return ToyPublisher.Flaw.VERSION_WRAPS;
        }
    }

    static class CheckWritesProbeStore extends ToyStoreTck {
        @Override
        ToyWatermarkStore.Flaw flaw() {
            return ToyWatermarkStore.Flaw.CHECK_WRITES_PROBE;
        }
    }

    static class CheckWritesProbePublisher extends ToyPublisherTck {
        @Override
        ToyPublisher.Flaw flaw() {
            return ToyPublisher.Flaw.CHECK_WRITES_PROBE;
        }
    }
}
