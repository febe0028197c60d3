package io.tidemark.cli;

import io.tidemark.publisher.Publisher;
import io.tidemark.tck.Fixture;
import io.tidemark.tck.PublisherRules;
import io.tidemark.tck.Rule;
import io.tidemark.tck.RuleSkipped;
import io.tidemark.tck.Scratch;
import io.tidemark.tck.WatermarkRules;
import io.tidemark.watermark.WatermarkStore;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code tidemark verify}: a subset of the TCK's rules ({@link WatermarkRules}, {@link PublisherRules}, the same
 * checks every backend's tests run) against the configured live backend, on scratch names
 * ({@code tidemark-verify-<random>-...}) that it removes afterwards: the operator's check that the real table,
 * permissions and network behave before going live. {@link Scratch} keeps it from touching anything else.
 */
@Command(
        name = "verify",
        mixinStandardHelpOptions = true,
        description = "Check the configured backend against the core TCK rules, on scratch keys it cleans up.")
final class VerifyCommand implements Callable<Integer> {
    /** The rules run: those that need nothing but fresh names, and no more than a few hundred writes. */
    static final Set<String> RULES = Set.of(
            "W1", "W2", "W3", "W4", "W5", "W6", "W7", "W10", "W12", "W16", "P1", "P2", "P3", "P4", "P5", "P7", "P10",
            "P12", "P13", "P14");

    private static final int THREADS = 4;
    private static final Duration RACE_TIME = Duration.ofMillis(500);

    @Mixin
    Common common;

    /** One rule to run, with its fixture. */
    private record Check(Rule<?> rule, Runnable run) {}

    @Override
    public Integer call() throws Exception {
        Scratch scratch = Scratch.withRandomPrefix("tidemark-verify");
        List<Check> checks = new ArrayList<>();
        List<AutoCloseable> open = new ArrayList<>();
        boolean anything = false;
        Optional<io.tidemark.config.TidemarkConfig> file =
                common.configPath().map(io.tidemark.config.TidemarkConfig::load);
        try {
            if (file.isEmpty() || file.get().watermark().isPresent()) {
                WatermarkStore s = common.openWatermarkStore();
                open.add(s);
                for (Rule<Fixture<WatermarkStore>> r : WatermarkRules.ALL) {
                    if (RULES.contains(r.id())) {
                        checks.add(
                                new Check(r, () -> r.check(scratch.fixture(s, Clock.systemUTC(), THREADS, RACE_TIME))));
                    }
                }
                anything = true;
            }
            if (file.isEmpty() || file.get().publisher().isPresent()) {
                Publisher p = common.openPublisher();
                open.add(p);
                for (var r : PublisherRules.ALL) {
                    if (RULES.contains(r.id())) {
                        checks.add(
                                new Check(r, () -> r.check(scratch.fixture(p, Clock.systemUTC(), THREADS, RACE_TIME))));
                    }
                }
                anything = true;
            }
            return report(common.out(), checks, scratch, anything);
        } finally {
            for (AutoCloseable c : open) {
                c.close();
            }
        }
    }

    private static int report(PrintWriter out, List<Check> checks, Scratch scratch, boolean anything) {
        int passed = 0;
        int failed = 0;
        int skipped = 0;
        try {
            out.printf("%-5s %-5s %s%n", "RULE", "RESULT", "CHECK");
            for (Check c : checks) {
                String result;
                String detail = "";
                try {
                    c.run().run();
                    result = "PASS";
                    passed++;
                } catch (RuleSkipped e) {
                    result = "SKIP";
                    detail = e.getMessage();
                    skipped++;
                } catch (AssertionError | RuntimeException e) {
                    result = "FAIL";
                    detail = oneLine(e);
                    failed++;
                }
                out.printf(
                        "%-5s %-5s %s%s%n",
                        c.rule().id(), result, c.rule().title(), detail.isEmpty() ? "" : ": " + detail);
            }
        } finally {
            scratch.cleanUp().forEach(f -> out.println("cleanup failed: " + f));
        }
        out.println(passed + " passed, " + failed + " failed" + (skipped > 0 ? ", " + skipped + " skipped" : "")
                + (anything ? " (scratch keys " + scratch.prefix() + "-* removed)" : ""));
        return failed == 0 ? TidemarkCli.OK : TidemarkCli.ERROR;
    }

    /** The failure's message on one line (AssertJ's span several), at most 300 characters. */
    private static String oneLine(Throwable e) {
        String m = String.valueOf(e.getMessage()).replaceAll("\\s+", " ").trim();
        return m.length() > 300 ? m.substring(0, 300) + "..." : m;
    }
}
