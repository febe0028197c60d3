package io.tidemark.tck;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.publisher.CasResult;
import io.tidemark.publisher.NsRecord;
import io.tidemark.publisher.PublishResult;
import io.tidemark.watermark.AdvanceResult;
import io.tidemark.watermark.Watermark;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Recorded calls of a race and the checks run on them, used by the race rules and by {@code tidemark demo}. The
 * same records come from racing threads and, parsed from their output, from racing processes ({@code encode} /
 * {@code decode}). A failed check throws {@link AssertionError} naming the calls that broke it.
 */
public final class History {
    private History() {}

    /** One {@code advance} call: who made it, the candidate, the outcome, and when (nanoTime) it ran. */
    public record Advance(String who, String key, Watermark candidate, AdvanceResult result, long start, long end) {}

    /** A head (address and t) of a record, the commit or the index. */
    public record Head(String address, long t) {
        /** The commit (or index) head of {@code r}, if it has one. */
        public static Optional<Head> of(Optional<NsRecord> r, boolean commit) {
            return r.flatMap(x -> commit
                    ? x.commitAddress().map(a -> new Head(a, x.commitT().getAsLong()))
                    : x.indexAddress().map(a -> new Head(a, x.indexT().getAsLong())));
        }

        boolean higherThan(Head o) {
            return t > o.t;
        }
    }

    /**
     * One publish call. {@code outcome}: U updated (other = previous head), N unchanged or S stale (other = current
     * head).
     */
    public record Publish(
            String who, boolean commit, Head candidate, char outcome, Optional<Head> other, long start, long end) {
        /** The record of a publish of {@code candidate} by {@code who} that returned {@code r}. */
        public static Publish of(String who, boolean commit, Head candidate, PublishResult r, long start, long end) {
            if (r instanceof PublishResult.Updated u) {
                return new Publish(who, commit, candidate, 'U', Head.of(u.previous(), commit), start, end);
            }
            char outcome = r instanceof PublishResult.Unchanged ? 'N' : 'S';
            return new Publish(who, commit, candidate, outcome, Head.of(Optional.of(r.current()), commit), start, end);
        }
    }

    /** One status compare-and-set: the expected version and, if applied, the version after. */
    public record Cas(String who, long expectedV, boolean applied, long resultV) {
        /** The record of a status compare-and-set by {@code who} expecting {@code expectedV} that returned {@code r}. */
        public static Cas of(String who, long expectedV, CasResult r) {
            if (r instanceof CasResult.Applied a) {
                return new Cas(who, expectedV, true, a.record().statusV());
            }
            return new Cas(
                    who,
                    expectedV,
                    false,
                    ((CasResult.Conflict) r).current().map(NsRecord::statusV).orElse(-1L));
        }
    }

    // ---- line codec for child processes ----

    static String encode(Advance a) {
        String kind = a.result instanceof AdvanceResult.Advanced
                ? "A"
                : a.result instanceof AdvanceResult.Repeated ? "P" : "R";
        Optional<Watermark> other = reported(a.result);
        return String.join(
                "|",
                "W",
                a.who,
                a.key,
                mark(Optional.of(a.candidate)),
                kind,
                mark(other),
                Long.toString(a.start),
                Long.toString(a.end));
    }

    static String encode(Publish p) {
        return String.join(
                "|",
                "P",
                p.who,
                p.commit ? "c" : "i",
                head(Optional.of(p.candidate)),
                String.valueOf(p.outcome),
                head(p.other),
                Long.toString(p.start),
                Long.toString(p.end));
    }

    static String encode(Cas c) {
        return String.join(
                "|", "C", c.who, Long.toString(c.expectedV), c.applied ? "1" : "0", Long.toString(c.resultV));
    }

    /** Decodes a line written by one of the {@code encode} methods into its record. */
    static Object decode(String line) {
        String[] f = line.split("\\|", -1);
        switch (f[0]) {
            case "W": {
                Watermark cand = unmark(f[3], f[4], f[5]).orElseThrow();
                Optional<Watermark> other = unmark(f[7], f[8], f[9]);
                AdvanceResult r =
                        switch (f[6]) {
                            case "A" -> new AdvanceResult.Advanced(other);
                            case "P" -> new AdvanceResult.Repeated(other.orElseThrow());
                            default -> new AdvanceResult.Refused(other.orElseThrow());
                        };
                return new Advance(f[1], f[2], cand, r, Long.parseLong(f[10]), Long.parseLong(f[11]));
            }
            case "P":
                return new Publish(
                        f[1],
                        f[2].equals("c"),
                        unhead(f[3], f[4]).orElseThrow(),
                        f[5].charAt(0),
                        unhead(f[6], f[7]),
                        Long.parseLong(f[8]),
                        Long.parseLong(f[9]));
            case "C":
                return new Cas(f[1], Long.parseLong(f[2]), f[3].equals("1"), Long.parseLong(f[4]));
            default:
                throw new IllegalArgumentException("not a history line: " + line);
        }
    }

    /** Advanced: the previous mark; Repeated and Refused: the current one. */
    static Optional<Watermark> reported(AdvanceResult r) {
        if (r instanceof AdvanceResult.Advanced a) {
            return a.previous();
        }
        return Optional.of(r instanceof AdvanceResult.Repeated p ? p.current() : ((AdvanceResult.Refused) r).current());
    }

    private static String mark(Optional<Watermark> m) {
        return m.map(w -> w.level() + "|" + w.round() + "|" + w.digest()).orElse("-|-|-");
    }

    private static Optional<Watermark> unmark(String l, String r, String d) {
        return l.equals("-") ? Optional.empty() : Optional.of(new Watermark(Long.parseLong(l), Integer.parseInt(r), d));
    }

    private static String head(Optional<Head> h) {
        return h.map(x -> x.address + "|" + x.t).orElse("-|-");
    }

    private static Optional<Head> unhead(String a, String t) {
        return a.equals("-") ? Optional.empty() : Optional.of(new Head(a, Long.parseLong(t)));
    }

    // ---- checks ----

    private static final Comparator<Watermark> ORDER =
            Comparator.comparingLong(Watermark::level).thenComparingInt(Watermark::round);

    /**
     * The W15 checks on the calls made against one key that started empty: applied marks form one strictly
     * increasing chain (each {@code previous} is the mark applied just before), never two digests may sign at one
     * level and round, repeats and refusals report a mark that really was stored, and (with {@code realTime}) no
     * call saw or wrote a mark lower than one applied before it started. Returns the highest applied mark.
     */
    public static Optional<Watermark> checkAdvances(List<Advance> calls, boolean realTime) {
        List<Advance> applied = calls.stream()
                .filter(c -> c.result instanceof AdvanceResult.Advanced)
                .sorted(Comparator.comparing(Advance::candidate, ORDER))
                .toList();
        long repeated = calls.stream()
                .filter(c -> c.result instanceof AdvanceResult.Repeated)
                .count();
        long refused = calls.stream()
                .filter(c -> c.result instanceof AdvanceResult.Refused)
                .count();
        assertThat(applied.size() + repeated + refused)
                .as("applied + repeated + refused = calls")
                .isEqualTo(calls.size());

        Map<String, Set<String>> signedDigests = new HashMap<>();
        for (Advance c : calls) {
            if (c.result.maySign()) {
                signedDigests
                        .computeIfAbsent(c.candidate.level() + "/" + c.candidate.round(), k -> new TreeSet<>())
                        .add(c.candidate.digest());
            }
        }
        signedDigests.forEach((slot, digests) -> assertThat(digests)
                .as("digests allowed to sign at level/round %s (double sign!)", slot)
                .hasSize(1));

        Set<Watermark> appliedMarks = new HashSet<>();
        Optional<Watermark> before = Optional.empty();
        for (Advance a : applied) {
            assertThat(before.isEmpty() || a.candidate.isHigherThan(before.get()))
                    .as(
                            "applied marks must be strictly increasing: %s applied after %s",
                            a.candidate, before.orElse(null))
                    .isTrue();
            assertThat(((AdvanceResult.Advanced) a.result).previous())
                    .as("Advanced(%s).previous must be the mark applied just before it", a.candidate)
                    .isEqualTo(before);
            appliedMarks.add(a.candidate);
            before = Optional.of(a.candidate);
        }
        for (Advance c : calls) {
            if (c.result instanceof AdvanceResult.Repeated r) {
                assertThat(r.current())
                        .as("Repeated must report the candidate itself")
                        .isEqualTo(c.candidate);
                assertThat(appliedMarks)
                        .as("Repeated(%s) must repeat a mark that was applied", c.candidate)
                        .contains(c.candidate);
            } else if (c.result instanceof AdvanceResult.Refused r) {
                assertThat(appliedMarks)
                        .as("Refused.current %s must be a mark that was applied", r.current())
                        .contains(r.current());
                assertThat(c.candidate.isHigherThan(r.current()) || c.candidate.equals(r.current()))
                        .as(
                                "%s was refused although the current mark %s is not higher or equal-and-different",
                                c.candidate, r.current())
                        .isFalse();
            }
        }
        if (realTime) {
            for (Advance c : calls) {
                Watermark seen = reported(c.result)
                        .filter(x -> !(c.result instanceof AdvanceResult.Advanced))
                        .orElse(c.candidate);
                for (Advance a : applied) {
                    if (a.end < c.start && a != c) {
                        assertThat(ORDER.compare(seen, a.candidate) >= 0)
                                .as(
                                        "call %s started after %s was applied, yet saw or wrote the lower mark %s",
                                        c.candidate, a.candidate, seen)
                                .isTrue();
                    }
                }
            }
        }
        return before;
    }

    /**
     * The same checks on publish calls for one head (commit or index) of one alias that started without it.
     * Returns the highest applied head.
     */
    public static Optional<Head> checkPublishes(List<Publish> calls, boolean commit, boolean realTime) {
        String name = commit ? "commit" : "index";
        List<Publish> mine = calls.stream().filter(c -> c.commit == commit).toList();
        List<Publish> applied = mine.stream()
                .filter(c -> c.outcome == 'U')
                .sorted(Comparator.comparingLong(c -> c.candidate.t))
                .toList();
        Set<Head> appliedHeads = new HashSet<>();
        Optional<Head> before = Optional.empty();
        for (Publish p : applied) {
            assertThat(before.isEmpty() || p.candidate.higherThan(before.get()))
                    .as(
                            "applied %s t's must be strictly increasing: %s applied after %s",
                            name, p.candidate, before.orElse(null))
                    .isTrue();
            assertThat(p.other)
                    .as("Updated(%s).previous %s head must be the one applied just before", p.candidate, name)
                    .isEqualTo(before);
            appliedHeads.add(p.candidate);
            before = Optional.of(p.candidate);
        }
        for (Publish p : mine) {
            if (p.outcome == 'N') {
                assertThat(p.other)
                        .as("Unchanged must report the candidate %s head", name)
                        .contains(p.candidate);
                assertThat(appliedHeads)
                        .as("Unchanged(%s) must repeat an applied head", p.candidate)
                        .contains(p.candidate);
            } else if (p.outcome == 'S') {
                Head cur = p.other.orElseThrow(() -> new AssertionError("Stale without a current " + name + " head"));
                assertThat(appliedHeads)
                        .as("Stale.current %s must be an applied %s head", cur, name)
                        .contains(cur);
                assertThat(p.candidate.t > cur.t || p.candidate.equals(cur))
                        .as("%s %s was stale although current is %s", name, p.candidate, cur)
                        .isFalse();
            }
        }
        if (realTime) {
            for (Publish c : mine) {
                Head seen = c.outcome == 'U' ? c.candidate : c.other.orElseThrow();
                for (Publish a : applied) {
                    if (a.end < c.start) {
                        assertThat(seen.t >= a.candidate.t)
                                .as(
                                        "%s call %s started after %s was applied, yet saw or wrote %s",
                                        name, c.candidate, a.candidate, seen)
                                .isTrue();
                    }
                }
            }
        }
        return before;
    }

    /**
     * The P14 checks on a compare-and-set loop: no two calls applied with one expected version, each applied
     * version is expected + 1, and the applied versions are exactly {@code initialV .. finalV - 1}.
     */
    public static void checkCas(List<Cas> calls, long initialV, long finalV) {
        List<Long> appliedExpected =
                calls.stream().filter(Cas::applied).map(Cas::expectedV).sorted().toList();
        Map<Long, Long> dup = appliedExpected.stream().collect(Collectors.groupingBy(v -> v, Collectors.counting()));
        dup.forEach((v, n) -> assertThat(n)
                .as("compare-and-set applied %d times with expected status_v %d", n, v)
                .isEqualTo(1));
        calls.stream().filter(Cas::applied).forEach(c -> assertThat(c.resultV)
                .as("status_v after applying %d", c.expectedV)
                .isEqualTo(c.expectedV + 1));
        List<Long> expected = new ArrayList<>();
        for (long v = initialV; v < finalV; v++) {
            expected.add(v);
        }
        assertThat(appliedExpected)
                .as("applied expected versions vs final status_v %d", finalV)
                .isEqualTo(expected);
    }
}
