package io.tidemark.tck;

import io.tidemark.BackendConfig;
import io.tidemark.publisher.NsRecord;
import io.tidemark.publisher.Publisher;
import io.tidemark.watermark.WatermarkStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs rules against a live store that holds other data, as {@code tidemark verify} does: every fixture it makes
 * names its keys and aliases {@code <prefix>-<n>-<logical name>} (a fresh {@code n} per fixture, so rules do not
 * meet each other), and reaches the store through a view that
 * <ul>
 *   <li>refuses any call on a key or alias outside the prefix ({@link IllegalStateException}; the rule fails and
 *       nothing is touched): rules about the length limits, which build their own names, cannot run here;</li>
 *   <li>refuses the first write to a name that already exists in the store, so nothing it did not create is ever
 *       changed;</li>
 *   <li>lists only names under the prefix ({@code list()} and {@code allRecords()} still read the whole store);</li>
 *   <li>records every name written, which {@link #cleanUp()} removes at the end.</li>
 * </ul>
 * Its fixtures declare no capability, cannot close or reopen the store or move its clock (rules needing that are
 * skipped), and have no fault or plant hooks. The caller keeps the store open until after {@link #cleanUp()}.
 */
public final class Scratch {
    private final String prefix;
    private final AtomicInteger fixtures = new AtomicInteger();
    private final List<ScratchView> views = new ArrayList<>();

    /**
     * Scratch names under {@code prefix}, which must be lower case (rule W9 lower-cases a name and must stay under
     * it) and must not name anything in the store.
     */
    public Scratch(String prefix) {
        if (!prefix.equals(prefix.toLowerCase(Locale.ROOT)) || prefix.isEmpty() || prefix.contains("/")) {
            throw new IllegalArgumentException("a scratch prefix is lower case, not empty and has no '/': " + prefix);
        }
        this.prefix = prefix;
    }

    /** Scratch names under {@code base} followed by 64 random bits in hex: {@code tidemark-verify-1f2e...}. */
    public static Scratch withRandomPrefix(String base) {
        return new Scratch(base + "-" + HexFormat.of().toHexDigits(new SecureRandom().nextLong()));
    }

    /** The prefix of every scratch name. */
    public String prefix() {
        return prefix;
    }

    /**
     * A fixture for the W rules over {@code store}, on fresh scratch names.
     *
     * @param clock the clock {@code store} was opened with
     * @param threads racing threads per race rule
     * @param raceTime how long each timed race runs
     */
    public synchronized Fixture<WatermarkStore> fixture(
            WatermarkStore store, Clock clock, int threads, Duration raceTime) {
        String names = prefix + "-" + fixtures.incrementAndGet() + "-";
        ScratchWatermarkStore view = new ScratchWatermarkStore(Objects.requireNonNull(store, "store"), names);
        views.add(view);
        return new ScratchFixture<>(view, names, clock, threads, raceTime);
    }

    /** A fixture for the P rules over {@code publisher}, on fresh scratch names; the parameters as above. */
    public synchronized PublisherFixture fixture(Publisher publisher, Clock clock, int threads, Duration raceTime) {
        String names = prefix + "-" + fixtures.incrementAndGet() + "-";
        ScratchPublisher view = new ScratchPublisher(Objects.requireNonNull(publisher, "publisher"), names);
        views.add(view);
        return new ScratchPublisherFixture(view, names, clock, threads, raceTime);
    }

    /**
     * Removes every key and alias the fixtures' rules wrote (a reset, a delete), and nothing else. Returns one
     * message per name that could not be removed; empty when all went.
     */
    public synchronized List<String> cleanUp() {
        List<String> failures = new ArrayList<>();
        for (ScratchView v : views) {
            failures.addAll(v.removeWritten());
        }
        return failures;
    }

    /** A store view that can remove what was written through it. */
    interface ScratchView {
        List<String> removeWritten();
    }

    private static class ScratchFixture<S extends AutoCloseable> implements Fixture<S> {
        private final S view;
        private final String names;
        private final Clock clock;
        private final int threads;
        private final Duration raceTime;

        ScratchFixture(S view, String names, Clock clock, int threads, Duration raceTime) {
            this.view = view;
            this.names = names;
            this.clock = Objects.requireNonNull(clock, "clock");
            this.threads = threads;
            this.raceTime = Objects.requireNonNull(raceTime, "raceTime");
        }

        @Override
        public S store() {
            return view;
        }

        @Override
        public BackendConfig config() {
            throw new RuleSkipped("a live store checked on scratch names has no configuration of its own");
        }

        @Override
        public Set<TckCapability> capabilities() {
            return Set.of();
        }

        @Override
        public S reopen() {
            throw new RuleSkipped("a live store checked on scratch names is not reopened");
        }

        @Override
        public S openAnother() {
            throw new RuleSkipped("a live store checked on scratch names is not opened twice");
        }

        @Override
        public void loseNextReply() {
            throw new UnsupportedOperationException("a live store checked on scratch names cannot lose a reply");
        }

        @Override
        public int threads() {
            return threads;
        }

        @Override
        public Duration raceTime() {
            return raceTime;
        }

        @Override
        public Clock clock() {
            return clock;
        }

        @Override
        public void advanceClock(Duration by) {
            throw new RuleSkipped("the clock of a live store cannot be moved");
        }

        @Override
        public String name(String logical) {
            return names + logical;
        }
    }

    private static final class ScratchPublisherFixture extends ScratchFixture<Publisher> implements PublisherFixture {
        ScratchPublisherFixture(Publisher view, String names, Clock clock, int threads, Duration raceTime) {
            super(view, names, clock, threads, raceTime);
        }

        @Override
        public void plantRecord(NsRecord record) {
            throw new UnsupportedOperationException("records are not planted in a live store");
        }
    }
}
