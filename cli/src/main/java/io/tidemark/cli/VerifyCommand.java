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
import java.util.Map;
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
            return report(common, checks, scratch, anything);
        } finally {
            for (AutoCloseable c : open) {
                c.close();
            }
        }
    }

    /**
     * Runs the checks and prints a line per rule and a summary: as a table, or with {@code --json} as objects
     * {@code {"outcome":"passed|failed|skipped","rule":...,"check":...,"message":...}} and
     * {@code {"outcome":"passed|failed","passed":n,"failed":n,"skipped":n,"scratch":prefix}}; a scratch item it could
     * not remove is {@code {"outcome":"error","error":"cleanup","message":...}}.
     */
    private static int report(Output output, List<Check> checks, Scratch scratch, boolean anything) {
        PrintWriter out = output.out();
        int passed = 0;
        int failed = 0;
        int skipped = 0;
        try {
            if (!output.json) {
                out.printf("%-5s %-5s %s%n", "RULE", "RESULT", "CHECK");
            }
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
                Map<String, Object> o = Output.outcome(
                        switch (result) {
                            case "PASS" -> "passed";
                            case "SKIP" -> "skipped";
                            default -> "failed";
                        });
                o.put("rule", c.rule().id());
                o.put("check", c.rule().title());
                if (!detail.isEmpty()) {
                    o.put("message", detail);
                }
                output.emit(
                        o,
                        String.format(
                                "%-5s %-5s %s%s",
                                c.rule().id(), result, c.rule().title(), detail.isEmpty() ? "" : ": " + detail));
            }
        } finally {
            scratch.cleanUp().forEach(f -> {
                Map<String, Object> o = Output.outcome("error");
                o.put("error", "cleanup");
                o.put("message", String.valueOf(f));
                output.emit(o, "cleanup failed: " + f);
            });
        }
        Map<String, Object> summary = Output.outcome(failed == 0 ? "passed" : "failed");
        summary.put("passed", passed);
        summary.put("failed", failed);
        summary.put("skipped", skipped);
        summary.put("scratch", scratch.prefix());
        output.emit(
                summary,
                passed + " passed, " + failed + " failed" + (skipped > 0 ? ", " + skipped + " skipped" : "")
                        + (anything ? " (scratch keys " + scratch.prefix() + "-* removed)" : ""));
        return failed == 0 ? TidemarkCli.OK : TidemarkCli.ERROR;
    }

    /** The failure's message on one line (AssertJ's span several), at most 300 characters. */
    private static String oneLine(Throwable e) {
        String m = String.valueOf(e.getMessage()).replaceAll("\\s+", " ").trim();
        return m.length() > 300 ? m.substring(0, 300) + "..." : m;
    }
}
