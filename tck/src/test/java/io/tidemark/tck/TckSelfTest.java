package io.tidemark.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

import io.tidemark.publisher.Publisher;
import io.tidemark.spi.BackendConfig;
import io.tidemark.watermark.WatermarkStore;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.engine.support.descriptor.MethodSource;
import org.junit.platform.launcher.TagFilter;
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
    return failedRules(suite, false);
  }

  /** As above; {@code skipClock} leaves out rules tagged "clock" (P19 waits for the clock to tick). */
  static Set<String> failedRules(Class<?> suite, boolean skipClock) {
    Set<String> failed = new TreeSet<>();
    Set<String> ran = new TreeSet<>();
    var builder = request().selectors(selectClass(suite));
    if (skipClock) {
      builder.filters(TagFilter.excludeTags("clock"));
    }
    LauncherFactory.create().execute(builder.build(), new TestExecutionListener() {
      @Override
      public void executionFinished(TestIdentifier id, TestExecutionResult result) {
        if (id.isTest() && id.getSource().orElse(null) instanceof MethodSource m) {
          Matcher r = RULE.matcher(m.getMethodName());
          if (r.matches()) {
            ran.add(r.group(1));
            if (result.getStatus() == TestExecutionResult.Status.FAILED) {
              failed.add(r.group(1));
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
  void readThenWriteWithoutAtomicityIsCaughtByTheRaces() {
    assertThat(failedRules(NotAtomicStore.class)).contains("W15", "W16");
    assertThat(failedRules(NotAtomicPublisher.class, true)).contains("P8", "P9", "P14");
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
    assertThat(failedRules(IndexOverwritesCommitPublisher.class, true)).contains("P7", "P8");
  }

  @Test
  void droppingTheLastPageIsCaughtByP16() {
    assertThat(failedRules(DropsLastPagePublisher.class, true)).containsExactly("P16");
  }

  @Test
  void retractWithoutBumpIsCaughtByP10() {
    assertThat(failedRules(RetractForgetsBumpPublisher.class, true)).contains("P10");
  }

  abstract static class ToyStoreTck extends WatermarkStoreTck {
    abstract ToyWatermarkStore.Flaw flaw();

    @Override
    protected BackendConfig newStoreConfig() {
      return BackendConfig.of("toy", Map.of());
    }

    @Override
    protected WatermarkStore open(BackendConfig c) {
      return new ToyWatermarkStore(flaw());
    }
  }

  abstract static class ToyPublisherTck extends PublisherTck {
    abstract ToyPublisher.Flaw flaw();

    @Override
    protected BackendConfig newStoreConfig() {
      return BackendConfig.of("toy", Map.of());
    }

    @Override
    protected Publisher open(BackendConfig c) {
      return new ToyPublisher(flaw());
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
}
