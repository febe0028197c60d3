package io.tidemark.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.tidemark.Health;
import io.tidemark.InvalidInputException;
import io.tidemark.Limits;
import io.tidemark.OutcomeUnknownException;
import io.tidemark.watermark.AdvanceResult;
import io.tidemark.watermark.AdvanceResult.Advanced;
import io.tidemark.watermark.AdvanceResult.Refused;
import io.tidemark.watermark.AdvanceResult.Repeated;
import io.tidemark.watermark.StoredWatermark;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

/**
 * The {@link WatermarkStore} rules W1-W25 of {@code RULES.md}, written once: {@link WatermarkStoreTck} runs each
 * as a JUnit test, {@code tidemark verify} runs a subset against a live store. Each check's Javadoc says what to
 * look at when it fails. No JUnit here: a failed check throws {@link AssertionError} (AssertJ).
 */
public final class WatermarkRules {
    private static final WatermarkKey KEY =
            new WatermarkKey("NetXdQprcVkpaWU", "tz1aKTCPZHZRzNBrucPp8WTiAMzaYh84NZkC", "block");

    /** Every W rule, in id order. */
    public static final List<Rule<Fixture<WatermarkStore>>> ALL = List.of(
            Rule.required(
                    "W1",
                    "firstAdvanceOnEmptyKeyAdvances",
                    "first advance on an empty key advances",
                    WatermarkRules::firstAdvanceOnEmptyKeyAdvances),
            Rule.required(
                    "W2",
                    "higherLevelAdvancesWhateverTheRound",
                    "a higher level advances whatever the round",
                    WatermarkRules::higherLevelAdvancesWhateverTheRound),
            Rule.required(
                    "W3",
                    "equalLevelHigherRoundAdvances",
                    "an equal level with a higher round advances",
                    WatermarkRules::equalLevelHigherRoundAdvances),
            Rule.required(
                    "W4",
                    "equalLevelRoundAndDigestIsRepeated",
                    "the same level, round and digest is Repeated",
                    WatermarkRules::equalLevelRoundAndDigestIsRepeated),
            Rule.required(
                    "W5",
                    "equalLevelRoundOtherDigestIsRefused",
                    "the same level and round with another digest is Refused",
                    WatermarkRules::equalLevelRoundOtherDigestIsRefused),
            Rule.required(
                    "W6",
                    "equalLevelLowerRoundIsRefused",
                    "an equal level with a lower round is Refused",
                    WatermarkRules::equalLevelLowerRoundIsRefused),
            Rule.required(
                    "W7",
                    "lowerLevelIsRefusedWhateverTheRound",
                    "a lower level is Refused whatever the round",
                    WatermarkRules::lowerLevelIsRefusedWhateverTheRound),
            Rule.required(
                    "W8", "digestsCompareExactly", "digests compare exactly", WatermarkRules::digestsCompareExactly),
            Rule.required(
                    "W9",
                    "keysDifferingInOnePartAreIndependent",
                    "keys differing in one part are independent",
                    WatermarkRules::keysDifferingInOnePartAreIndependent),
            Rule.required(
                    "W10",
                    "kindsAreIndependentBothWays",
                    "kinds are independent both ways",
                    WatermarkRules::kindsAreIndependentBothWays),
            Rule.required(
                    "W11",
                    "listReturnsEveryMarkOnceAcrossPages",
                    "list returns every mark once across pages",
                    WatermarkRules::listReturnsEveryMarkOnceAcrossPages),
            Rule.required("W12", "resetRemovesTheMark", "reset removes the mark", WatermarkRules::resetRemovesTheMark),
            Rule.required(
                    "W13",
                    "boundsRoundTripExactly",
                    "bounds round-trip exactly",
                    WatermarkRules::boundsRoundTripExactly),
            Rule.required(
                    "W14",
                    "invalidInputIsRejectedAndNothingWritten",
                    "invalid input is rejected, nothing written",
                    WatermarkRules::invalidInputIsRejectedAndNothingWritten),
            Rule.required(
                    "W15",
                    "raceOnOneKeyKeepsOneIncreasingChain",
                    "a race on one key keeps one increasing chain",
                    WatermarkRules::raceOnOneKeyKeepsOneIncreasingChain),
            Rule.required(
                    "W16",
                    "raceOnOneSlotHasExactlyOneWinner",
                    "a race on one level and round has exactly one winner",
                    WatermarkRules::raceOnOneSlotHasExactlyOneWinner),
            Rule.required(
                    "W17",
                    "closedStoreRejectsEveryOperation",
                    "a closed store rejects every operation",
                    WatermarkRules::closedStoreRejectsEveryOperation),
            Rule.optional(
                    "W18",
                    "marksSurviveReopen",
                    TckCapability.DURABLE,
                    "marks survive reopen",
                    WatermarkRules::marksSurviveReopen),
            Rule.optional(
                    "W19",
                    "racesHoldAcrossProcesses",
                    TckCapability.MULTI_PROCESS,
                    "races hold across processes",
                    WatermarkRules::racesHoldAcrossProcesses),
            Rule.required(
                    "W20",
                    "racersOnDistinctKeysAllAdvance",
                    "racers on distinct keys all advance",
                    WatermarkRules::racersOnDistinctKeysAllAdvance),
            Rule.optional(
                    "W21",
                    "twoHandlesInOneJvmRaceWithChildProcesses",
                    TckCapability.MULTI_PROCESS,
                    "two handles in one JVM race with child processes",
                    WatermarkRules::twoHandlesInOneJvmRaceWithChildProcesses),
            Rule.optional(
                    "W22",
                    "lostReplyEndsInTheTrueOutcomeOrOutcomeUnknown",
                    TckCapability.FAULTS,
                    "a lost reply ends in the true outcome or OutcomeUnknownException",
                    WatermarkRules::lostReplyEndsInTheTrueOutcomeOrOutcomeUnknown),
            Rule.required(
                    "W23",
                    "limitsAndEdgesAreTheSameOnEveryBackend",
                    "limits and edges are the same on every backend",
                    WatermarkRules::limitsAndEdgesAreTheSameOnEveryBackend),
            Rule.required(
                    "W24",
                    "checkIsReachableAndChangesNothing",
                    "check is Reachable on an open store and changes nothing",
                    WatermarkRules::checkIsReachableAndChangesNothing),
            Rule.required(
                    "W25",
                    "closedStoreChecksUnreachable",
                    "a closed store checks Unreachable",
                    WatermarkRules::closedStoreChecksUnreachable));

    private WatermarkRules() {}

    private static Watermark mark(long level, int round, String digest) {
        return new Watermark(level, round, digest);
    }

    /** W1. If it fails: a first advance must report no previous mark, and get must return exactly what was stored. */
    private static void firstAdvanceOnEmptyKeyAdvances(Fixture<WatermarkStore> f) {
        WatermarkStore store = f.store();
        WatermarkKey key = f.key(KEY);
        assertThat(store.get(key)).isEmpty();
        assertThat(store.advance(key, mark(10, 0, "vh1"))).isEqualTo(new Advanced(Optional.empty()));
        assertThat(store.get(key)).contains(mark(10, 0, "vh1"));
    }

    /** W2. If it fails: compare the level first; the round only breaks ties between equal levels. */
    private static void higherLevelAdvancesWhateverTheRound(Fixture<WatermarkStore> f) {
        WatermarkStore store = f.store();
        WatermarkKey key = f.key(KEY);
        store.advance(key, mark(10, 5, "vh1"));
        assertThat(store.advance(key, mark(11, 0, "vh2"))).isEqualTo(new Advanced(Optional.of(mark(10, 5, "vh1"))));
        assertThat(store.get(key)).contains(mark(11, 0, "vh2"));
    }

    /** W3. If it fails: an equal level with a strictly higher round is a higher mark. */
    private static void equalLevelHigherRoundAdvances(Fixture<WatermarkStore> f) {
        WatermarkStore store = f.store();
        WatermarkKey key = f.key(KEY);
        store.advance(key, mark(10, 1, "vh1"));
        assertThat(store.advance(key, mark(10, 2, "vh2"))).isEqualTo(new Advanced(Optional.of(mark(10, 1, "vh1"))));
        assertThat(store.get(key)).contains(mark(10, 2, "vh2"));
    }

    /** W4. If it fails: re-signing the very same mark is Repeated (safe), it must not write or be refused. */
    private static void equalLevelRoundAndDigestIsRepeated(Fixture<WatermarkStore> f) {
        WatermarkStore store = f.store();
        WatermarkKey key = f.key(KEY);
        store.advance(key, mark(10, 1, "vh1"));
        assertThat(store.advance(key, mark(10, 1, "vh1"))).isEqualTo(new Repeated(mark(10, 1, "vh1")));
        assertThat(store.advance(key, mark(10, 1, "vh1"))).isEqualTo(new Repeated(mark(10, 1, "vh1")));
        assertThat(store.get(key)).contains(mark(10, 1, "vh1"));
    }

    /**
     * W5. If it fails: a different digest at the stored level and round is a double sign and must be Refused,
     * reporting the mark stored now (not an older one), and nothing may be written.
     */
    private static void equalLevelRoundOtherDigestIsRefused(Fixture<WatermarkStore> f) {
        WatermarkStore store = f.store();
        WatermarkKey key = f.key(KEY);
        store.advance(key, mark(5, 0, "vh0"));
        store.advance(key, mark(10, 1, "vh1"));
        assertThat(store.advance(key, mark(10, 1, "vh2"))).isEqualTo(new Refused(mark(10, 1, "vh1")));
        assertThat(store.get(key)).contains(mark(10, 1, "vh1"));
        assertThat(store.advance(key, mark(10, 1, "vh1"))).isEqualTo(new Repeated(mark(10, 1, "vh1")));
    }

    /** W6. If it fails: an equal level with a lower round is lower, whatever the digest. */
    private static void equalLevelLowerRoundIsRefused(Fixture<WatermarkStore> f) {
        WatermarkStore store = f.store();
        WatermarkKey key = f.key(KEY);
        store.advance(key, mark(10, 2, "vh1"));
        assertThat(store.advance(key, mark(10, 1, "vh1"))).isEqualTo(new Refused(mark(10, 2, "vh1")));
        assertThat(store.advance(key, mark(10, 0, "vh9"))).isEqualTo(new Refused(mark(10, 2, "vh1")));
        assertThat(store.get(key)).contains(mark(10, 2, "vh1"));
    }

    /** W7. If it fails: a lower level is refused even with a much higher round; the report is the current mark. */
    private static void lowerLevelIsRefusedWhateverTheRound(Fixture<WatermarkStore> f) {
        WatermarkStore store = f.store();
        WatermarkKey key = f.key(KEY);
        store.advance(key, mark(3, 0, "vh0"));
        store.advance(key, mark(10, 0, "vh1"));
        assertThat(store.advance(key, mark(9, 99, "vh2"))).isEqualTo(new Refused(mark(10, 0, "vh1")));
        assertThat(store.advance(key, mark(0, 0, "vh1"))).isEqualTo(new Refused(mark(10, 0, "vh1")));
        assertThat(store.get(key)).contains(mark(10, 0, "vh1"));
    }

    /** W8. If it fails: digests must be compared and stored byte for byte: no case folding, trimming or normalisation. */
    private static void digestsCompareExactly(Fixture<WatermarkStore> f) {
        WatermarkStore store = f.store();
        WatermarkKey key = f.key(KEY);
        store.advance(key, mark(10, 0, "vhA"));
        for (String other : List.of("vha", "VHA", "vhA ", " vhA", "vh A")) {
            assertThat(store.advance(key, mark(10, 0, other)))
                    .as("digest %s vs vhA", other)
                    .isEqualTo(new Refused(mark(10, 0, "vhA")));
        }
        WatermarkKey k2 = f.key("NetXdQprcVkpaWU", "tz1Unicode", "block");
        String decomposed = "cafe\u0301";
        store.advance(k2, mark(1, 0, decomposed));
        assertThat(store.advance(k2, mark(1, 0, "caf\u00e9"))).isEqualTo(new Refused(mark(1, 0, decomposed)));
        assertThat(store.get(k2).orElseThrow().digest()).isEqualTo(decomposed);
    }

    /** W9. If it fails: the key must include chain id, public key hash and kind, each compared exactly. */
    private static void keysDifferingInOnePartAreIndependent(Fixture<WatermarkStore> f) {
        WatermarkStore store = f.store();
        WatermarkKey key = f.key(KEY);
        store.advance(key, mark(10, 0, "vh1"));
        List<WatermarkKey> others = List.of(
                f.key("NetXother", key.publicKeyHash(), key.requestKind()),
                new WatermarkKey(key.chainId(), "tz1other", key.requestKind()),
                new WatermarkKey(key.chainId(), key.publicKeyHash(), "attestation"),
                new WatermarkKey(key.chainId().toLowerCase(), key.publicKeyHash(), key.requestKind()),
                new WatermarkKey(key.chainId(), key.publicKeyHash().toUpperCase(), key.requestKind()));
        for (WatermarkKey k : others) {
            assertThat(store.advance(k, mark(5, 0, "vh2"))).as("key %s", k).isEqualTo(new Advanced(Optional.empty()));
        }
        assertThat(store.get(key)).contains(mark(10, 0, "vh1"));
        others.forEach(k -> assertThat(store.get(k)).as("key %s", k).contains(mark(5, 0, "vh2")));
    }

    /** W10. If it fails: each kind has its own mark; a block mark must not hold back an attestation or the reverse. */
    private static void kindsAreIndependentBothWays(Fixture<WatermarkStore> f) {
        WatermarkStore store = f.store();
        WatermarkKey block = f.key("NetX", "tz1kinds", "block");
        WatermarkKey attestation = f.key("NetX", "tz1kinds", "attestation");
        WatermarkKey pre = f.key("NetX", "tz1kinds", "preattestation");
        assertThat(store.advance(block, mark(10, 0, "b10"))).isInstanceOf(Advanced.class);
        assertThat(store.advance(attestation, mark(9, 0, "a9"))).isInstanceOf(Advanced.class);
        assertThat(store.advance(attestation, mark(20, 0, "a20"))).isInstanceOf(Advanced.class);
        assertThat(store.advance(block, mark(11, 0, "b11"))).isEqualTo(new Advanced(Optional.of(mark(10, 0, "b10"))));
        assertThat(store.advance(pre, mark(1, 0, "p1"))).isInstanceOf(Advanced.class);
        assertThat(store.get(attestation)).contains(mark(20, 0, "a20"));
    }

    /** W11. If it fails: list() must page through everything (2,500 keys), each key once with its exact mark. */
    private static void listReturnsEveryMarkOnceAcrossPages(Fixture<WatermarkStore> f) {
        WatermarkStore store = f.store();
        Map<WatermarkKey, Watermark> expected = new HashMap<>();
        for (int i = 0; i < 2_500; i++) {
            WatermarkKey k = f.key("chain-" + (i % 3), "tz1list" + (i / 10), "kind-" + (i % 10));
            expected.put(k, mark(i, i % 7, "d" + i));
        }
        Race.run(4, Duration.ofHours(1), (thread, out, go) -> {
            int n = 0;
            for (Map.Entry<WatermarkKey, Watermark> e : expected.entrySet()) {
                if (n++ % 4 == thread) {
                    store.advance(e.getKey(), e.getValue());
                }
            }
        });
        List<StoredWatermark> listed;
        try (Stream<StoredWatermark> s = store.list()) {
            listed = s.toList();
        }
        assertThat(listed).as("entries listed").hasSize(expected.size());
        assertThat(listed.stream().collect(Collectors.toMap(StoredWatermark::key, StoredWatermark::mark)))
                .isEqualTo(expected);
    }

    /** W12. If it fails: reset must delete the mark (true), let the next advance start afresh, and be false for unknown keys. */
    private static void resetRemovesTheMark(Fixture<WatermarkStore> f) {
        WatermarkStore store = f.store();
        WatermarkKey key = f.key(KEY);
        WatermarkKey other = f.key("NetX", "tz1keep", "block");
        store.advance(key, mark(10, 0, "vh1"));
        store.advance(other, mark(3, 0, "vh1"));
        assertThat(store.reset(key)).isTrue();
        assertThat(store.get(key)).isEmpty();
        assertThat(store.reset(key)).isFalse();
        assertThat(store.advance(key, mark(1, 0, "vh0"))).isEqualTo(new Advanced(Optional.empty()));
        assertThat(store.reset(f.key("NetX", "tz1never", "block"))).isFalse();
        assertThat(store.get(other)).contains(mark(3, 0, "vh1"));
        try (Stream<StoredWatermark> s = store.list()) {
            assertThat(s.map(StoredWatermark::key)).containsExactlyInAnyOrder(key, other);
        }
    }

    /** W13. If it fails: levels are longs, rounds ints, and strings at their maximum length (multi-byte too) must fit. */
    private static void boundsRoundTripExactly(Fixture<WatermarkStore> f) {
        WatermarkStore store = f.store();
        WatermarkKey zero = new WatermarkKey("NetX", "tz1zero", "block");
        assertThat(store.advance(zero, mark(0, 0, "z"))).isEqualTo(new Advanced(Optional.empty()));
        assertThat(store.get(zero)).contains(mark(0, 0, "z"));
        WatermarkKey max = new WatermarkKey("NetX", "tz1max", "block");
        Watermark top = mark(Long.MAX_VALUE, Integer.MAX_VALUE, "x".repeat(Limits.MAX_DIGEST));
        assertThat(store.advance(max, top)).isEqualTo(new Advanced(Optional.empty()));
        assertThat(store.get(max)).contains(top);
        assertThat(store.advance(max, top)).isEqualTo(new Repeated(top));
        String wide = "\uD835\uDD18\u00e9\u4e2d";
        WatermarkKey longest = new WatermarkKey(
                Edges.repeat(wide, Limits.MAX_CHAIN_ID).replace('/', '_'),
                Edges.repeat(wide, Limits.MAX_PKH),
                Edges.repeat(wide, Limits.MAX_KIND));
        Watermark wideMark = mark(7, 3, Edges.repeat(wide, Limits.MAX_DIGEST));
        assertThat(store.advance(longest, wideMark)).isEqualTo(new Advanced(Optional.empty()));
        assertThat(store.get(longest)).contains(wideMark);
        try (Stream<StoredWatermark> s = store.list()) {
            assertThat(s.toList()).contains(new StoredWatermark(longest, wideMark));
        }
    }

    /** W14. If it fails: invalid input must throw InvalidInputException naming the field, before writing anything. */
    private static void invalidInputIsRejectedAndNothingWritten(Fixture<WatermarkStore> f) {
        WatermarkStore store = f.store();
        WatermarkKey key = f.key(KEY);
        store.advance(key, mark(10, 0, "vh1"));
        Map<String, ThrowingCallable> bad = new LinkedHashMap<>();
        bad.put("chain id", () -> new WatermarkKey(null, "tz1", "block"));
        bad.put("chain id ", () -> new WatermarkKey("", "tz1", "block"));
        bad.put("chain id  ", () -> new WatermarkKey("  ", "tz1", "block"));
        bad.put("chain id   ", () -> new WatermarkKey("a\u0000b", "tz1", "block"));
        bad.put("chain id    ", () -> new WatermarkKey("a/b", "tz1", "block"));
        bad.put("chain id     ", () -> new WatermarkKey("c".repeat(Limits.MAX_CHAIN_ID + 1), "tz1", "block"));
        bad.put("public key hash", () -> new WatermarkKey("NetX", "", "block"));
        bad.put("public key hash ", () -> new WatermarkKey("NetX", "tz1\n", "block"));
        bad.put("public key hash  ", () -> new WatermarkKey("NetX", "p".repeat(Limits.MAX_PKH + 1), "block"));
        bad.put("request kind", () -> new WatermarkKey("NetX", "tz1", null));
        bad.put("request kind ", () -> new WatermarkKey("NetX", "tz1", "\t"));
        bad.put("request kind  ", () -> new WatermarkKey("NetX", "tz1", "\uD800x"));
        bad.put("level", () -> mark(-1, 0, "d"));
        bad.put("round", () -> mark(0, -1, "d"));
        bad.put("digest", () -> mark(0, 0, ""));
        bad.put("digest ", () -> mark(0, 0, "   "));
        bad.put("digest  ", () -> mark(0, 0, null));
        bad.put("digest   ", () -> mark(0, 0, "a\u007fb"));
        bad.put("digest    ", () -> mark(0, 0, "d".repeat(Limits.MAX_DIGEST + 1)));
        bad.put("key", () -> store.advance(null, mark(11, 0, "vh2")));
        bad.put("mark", () -> store.advance(key, null));
        bad.forEach((field, call) -> {
            Throwable t = catchThrowable(call);
            assertThat(t).as("invalid %s", field.trim()).isInstanceOf(InvalidInputException.class);
            assertThat(((InvalidInputException) t).field()).isEqualTo(field.trim());
            assertThat(t.getMessage()).contains(field.trim());
        });
        assertThat(store.get(key)).contains(mark(10, 0, "vh1"));
        try (Stream<StoredWatermark> s = store.list()) {
            assertThat(s.toList()).containsExactly(new StoredWatermark(key, mark(10, 0, "vh1")));
        }
    }

    /**
     * W15. If it fails: advance is not atomic. Read the assertion: it names the two marks, the chain link or the
     * double-signed level/round that the race exposed.
     */
    private static void raceOnOneKeyKeepsOneIncreasingChain(Fixture<WatermarkStore> f) {
        WatermarkStore store = f.store();
        List<History.Advance> calls = Race.run(
                f.threads(),
                f.raceTime(),
                (thread, out, go) ->
                        Workloads.advanceChain(store, f.key(Workloads.RACE_KEY), "t" + thread, 15, 5_000, go, out));
        Optional<Watermark> max = History.checkAdvances(calls, true);
        assertThat(max).as("some advance applied").isPresent();
        assertThat(store.get(f.key(Workloads.RACE_KEY)))
                .as("final mark = highest applied")
                .isEqualTo(max);
    }

    /** W16. If it fails: two racers both got Advanced (or a loser did not see the winner) at one level and round. */
    private static void raceOnOneSlotHasExactlyOneWinner(Fixture<WatermarkStore> f) {
        WatermarkStore store = f.store();
        Runnable together = Race.barrier(f.threads());
        List<WatermarkKey> keys = Workloads.slotKeys(20, f::key);
        List<History.Advance> calls = Race.run(
                f.threads(),
                Duration.ofHours(1),
                (thread, out, go) -> Workloads.sameSlot(store, keys, "t" + thread, together, out));
        checkOneWinnerPerSlot(calls, f.threads() * 20);
    }

    private static void checkOneWinnerPerSlot(List<History.Advance> calls, int expectedCalls) {
        assertThat(calls).hasSize(expectedCalls);
        calls.stream().collect(Collectors.groupingBy(History.Advance::key)).forEach((key, perKey) -> {
            List<History.Advance> winners =
                    perKey.stream().filter(c -> c.result() instanceof Advanced).toList();
            assertThat(winners).as("Advanced outcomes on %s", key).hasSize(1);
            Watermark won = winners.get(0).candidate();
            perKey.stream().filter(c -> c != winners.get(0)).forEach(c -> assertThat(c.result())
                    .as("loser %s on %s", c.who(), key)
                    .isEqualTo(new Refused(won)));
        });
    }

    /** W17. If it fails: a closed store must refuse every call with IllegalStateException and tolerate a second close. */
    private static void closedStoreRejectsEveryOperation(Fixture<WatermarkStore> f) {
        WatermarkStore store = f.store();
        WatermarkKey key = f.key(KEY);
        store.advance(key, mark(1, 0, "vh"));
        store.close();
        List<Supplier<?>> ops = List.of(
                () -> store.advance(key, mark(2, 0, "vh")),
                () -> store.get(key),
                () -> store.list().count(),
                () -> store.reset(key));
        for (Supplier<?> op : ops) {
            assertThatThrownBy(op::get).isInstanceOf(IllegalStateException.class);
        }
        store.close();
    }

    /** W18 (durable). If it fails: marks were lost, or changed, by closing and reopening the store. */
    private static void marksSurviveReopen(Fixture<WatermarkStore> f) {
        WatermarkStore store = f.store();
        WatermarkKey key = f.key(KEY);
        WatermarkKey other = f.key("NetX", "tz1durable", "attestation");
        store.advance(key, mark(10, 1, "vh1"));
        store.advance(other, mark(Long.MAX_VALUE, 0, "vh2"));
        store.close();
        store = f.reopen();
        assertThat(store.get(key)).contains(mark(10, 1, "vh1"));
        assertThat(store.advance(key, mark(10, 1, "vh9"))).isEqualTo(new Refused(mark(10, 1, "vh1")));
        assertThat(store.advance(other, mark(Long.MAX_VALUE, 0, "vh2")))
                .isEqualTo(new Repeated(mark(Long.MAX_VALUE, 0, "vh2")));
        try (Stream<StoredWatermark> s = store.list()) {
            assertThat(s.count()).isEqualTo(2);
        }
    }

    /** W19 (multi-process). If it fails: the backend serialises threads but not processes sharing the store. */
    private static void racesHoldAcrossProcesses(Fixture<WatermarkStore> f) {
        WatermarkStore store = f.store();
        int processes = 3;
        long millis = Math.max(1_000, f.raceTime().toMillis() * 2);
        List<History.Advance> chain =
                advances(Children.race(processes, "advance-chain", 2, millis, 5_000, 19, f.config()));
        Optional<Watermark> max = History.checkAdvances(chain, false);
        assertThat(chain.stream().map(c -> c.who().substring(0, 2)).distinct())
                .as("processes that took part")
                .hasSize(processes);
        assertThat(store.get(f.key(Workloads.RACE_KEY)))
                .as("final mark = highest applied")
                .isEqualTo(max);
        List<History.Advance> slots = advances(Children.race(processes, "same-slot", 2, millis, 20, 19, f.config()));
        checkOneWinnerPerSlot(slots, processes * 2 * 20);
    }

    private static List<History.Advance> advances(List<Object> lines) {
        List<History.Advance> l = new ArrayList<>();
        lines.forEach(o -> l.add((History.Advance) o));
        return l;
    }

    /** W20. If it fails: racers on different keys must not block or disturb one another; every climb applies. */
    private static void racersOnDistinctKeysAllAdvance(Fixture<WatermarkStore> f) {
        WatermarkStore store = f.store();
        List<Map.Entry<Integer, AdvanceResult>> results = Race.run(f.threads(), f.raceTime(), (thread, out, go) -> {
            WatermarkKey mine = f.key("NetX", "tz1own" + thread, "block");
            for (int i = 0; i < 200 && go.getAsBoolean(); i++) {
                out.add(Map.entry(thread, store.advance(mine, mark(i, 0, "d" + i))));
            }
        });
        assertThat(results).allSatisfy(r -> assertThat(r.getValue()).isInstanceOf(Advanced.class));
        Map<Integer, Long> perThread =
                results.stream().collect(Collectors.groupingBy(Map.Entry::getKey, Collectors.counting()));
        perThread.forEach((t, n) -> assertThat(store.get(f.key("NetX", "tz1own" + t, "block")))
                .as("thread %d's key after %d advances", t, n)
                .contains(mark(n - 1, 0, "d" + (n - 1))));
    }

    /**
     * W21 (multi-process). If it fails: two handles on one configuration in one JVM do not exclude each other (a
     * lock keyed per handle or per spelling of a path, a process-wide OS lock taken twice, one handle's close
     * releasing the other's lock), even if separate processes do. The assertion names the broken chain link or the
     * double-signed level/round of the merged history (handles {@code h0}, {@code h1}, processes {@code p0},
     * {@code p1}).
     */
    private static void twoHandlesInOneJvmRaceWithChildProcesses(Fixture<WatermarkStore> f) {
        WatermarkStore store = f.store();
        long millis = Math.max(1_000, f.raceTime().toMillis() * 2);
        try (WatermarkStore second = f.openAnother()) {
            List<WatermarkStore> handles = List.of(store, second);
            List<History.Advance> chain = advances(Children.race(
                    2,
                    "advance-chain",
                    2,
                    millis,
                    5_000,
                    21,
                    f.config(),
                    () -> Race.<History.Advance>run(
                            4,
                            Duration.ofMillis(millis),
                            (thread, out, go) -> Workloads.advanceChain(
                                    handles.get(thread % 2),
                                    f.key(Workloads.RACE_KEY),
                                    "h" + thread % 2 + "t" + thread,
                                    21,
                                    5_000,
                                    go,
                                    out))));
            Optional<Watermark> max = History.checkAdvances(chain, false);
            assertThat(chain.stream().map(c -> c.who().substring(0, 2)).distinct())
                    .as("handles and processes that took part")
                    .containsExactlyInAnyOrder("h0", "h1", "p0", "p1");
            assertThat(store.get(f.key(Workloads.RACE_KEY)))
                    .as("final mark = highest applied")
                    .isEqualTo(max);
            assertThat(second.get(f.key(Workloads.RACE_KEY)))
                    .as("final mark seen by the second handle")
                    .isEqualTo(max);
            Runnable together = Race.barrier(4);
            List<WatermarkKey> keys = Workloads.slotKeys(20, f::key);
            List<History.Advance> slots = advances(Children.race(
                    2,
                    "same-slot",
                    2,
                    millis,
                    20,
                    21,
                    f.config(),
                    () -> Race.<History.Advance>run(
                            4,
                            Duration.ofHours(1),
                            (thread, out, go) -> Workloads.sameSlot(
                                    handles.get(thread % 2), keys, "h" + thread % 2 + "t" + thread, together, out))));
            checkOneWinnerPerSlot(slots, (2 * 2 + 4) * 20);
        }
    }

    /**
     * W22 (faults). If it fails: after a lost reply the backend (or its client library, retrying) reported an
     * outcome that is not what happened: typically {@code Refused} for the caller's own stored mark because a retry
     * met its own write, or an error other than {@link OutcomeUnknownException}. Retry only what provably did not
     * apply, recognise the caller's own write, or say the outcome is unknown. The assertion names the call.
     */
    private static void lostReplyEndsInTheTrueOutcomeOrOutcomeUnknown(Fixture<WatermarkStore> f) {
        WatermarkStore store = f.store();
        WatermarkKey key = f.key("NetXdQprcVkpaWU", "tz1LostReply", "block");
        advanceWithLostReply(f, key, mark(5, 0, "vh5"));
        advanceWithLostReply(f, key, mark(5, 1, "vh6"));
        advanceWithLostReply(f, key, mark(9, 0, "vh9"));
        advanceWithLostReply(f, key, mark(9, 0, "vh9"));
        advanceWithLostReply(f, key, mark(9, 0, "vh9-other"));
        advanceWithLostReply(f, key, mark(3, 7, "vh3"));
        Optional<Watermark> before = store.get(key);
        assertThat(store.advance(key, mark(10, 0, "vh10")))
                .as("the next call, its reply not lost")
                .isEqualTo(new Advanced(before));
    }

    /**
     * One advance whose reply is lost: it must end in the outcome {@link Watermark#decide} gives on the mark stored
     * before ({@code Repeated(candidate)} also counts for an applied candidate), or in
     * {@link OutcomeUnknownException} with the stored mark either unchanged or the candidate.
     */
    private static void advanceWithLostReply(Fixture<WatermarkStore> f, WatermarkKey key, Watermark candidate) {
        WatermarkStore store = f.store();
        Optional<Watermark> before = store.get(key);
        AdvanceResult truth = Watermark.decide(before, candidate);
        Optional<Watermark> once = truth instanceof Advanced ? Optional.of(candidate) : before;
        f.loseNextReply();
        AdvanceResult[] result = new AdvanceResult[1];
        Throwable thrown = catchThrowable(() -> result[0] = store.advance(key, candidate));
        Optional<Watermark> after = store.get(key);
        if (thrown != null) {
            assertThat(thrown)
                    .as("advance(%s) with a lost reply threw; only OutcomeUnknownException may", candidate)
                    .isInstanceOf(OutcomeUnknownException.class);
            assertThat(after)
                    .as("mark after advance(%s) ended unknown: as before, or the candidate", candidate)
                    .isIn(before, once);
            return;
        }
        assertThat(after)
                .as("mark after advance(%s) with a lost reply (applied once or not at all)", candidate)
                .isEqualTo(once);
        if (truth instanceof Advanced) {
            assertThat(result[0])
                    .as("outcome of advance(%s) over %s, its reply lost", candidate, before.orElse(null))
                    .isIn(truth, new Repeated(candidate));
        } else {
            assertThat(result[0])
                    .as("outcome of advance(%s) over %s, its reply lost", candidate, before.orElse(null))
                    .isEqualTo(truth);
        }
    }

    /**
     * W23. If it fails: a value at a documented edge ({@link Limits}; 1- to 4-byte characters; valid characters at
     * the edges of Unicode) was refused or did not come back exactly, or a value one past an edge, or with a lone
     * surrogate, was not an {@link InvalidInputException} naming the field, or a rejected call wrote something.
     * Store text as UTF-16 chars counted by {@link String#length()}, byte for byte; never substitute characters.
     */
    private static void limitsAndEdgesAreTheSameOnEveryBackend(Fixture<WatermarkStore> f) {
        WatermarkStore store = f.store();
        List<StoredWatermark> accepted = new ArrayList<>();
        for (int i = 0; i < Edges.UNITS.size(); i++) {
            String u = Edges.UNITS.get(i);
            WatermarkKey key = new WatermarkKey(
                    Edges.repeat(u, Limits.MAX_CHAIN_ID),
                    Edges.repeat(u, Limits.MAX_PKH),
                    Edges.repeat(u, Limits.MAX_KIND));
            Watermark top = mark(Long.MAX_VALUE - i, Integer.MAX_VALUE, Edges.repeat(u, Limits.MAX_DIGEST));
            accepted.add(new StoredWatermark(key, top));
        }
        String e = Edges.EDGE_CHARS;
        accepted.add(new StoredWatermark(new WatermarkKey(e, e + "pkh", e + "kind"), mark(0, 0, e)));
        accepted.add(new StoredWatermark(new WatermarkKey("NetX", "tz1edge", "block"), mark(1, 0, "￿")));
        for (StoredWatermark w : accepted) {
            assertThat(store.advance(w.key(), w.mark()))
                    .as("advance at the edge: %s", w)
                    .isEqualTo(new Advanced(Optional.empty()));
            assertThat(store.get(w.key())).as("get at the edge: %s", w.key()).contains(w.mark());
            assertThat(store.advance(w.key(), w.mark()))
                    .as("repeat at the edge: %s", w)
                    .isEqualTo(new Repeated(w.mark()));
        }
        WatermarkKey k = new WatermarkKey("NetX", "tz1edge", "block");
        List<Edges.Rejection> rejected = new ArrayList<>();
        for (String u : Edges.UNITS) {
            rejected.add(new Edges.Rejection(
                    "chain id",
                    "chain id of " + (Limits.MAX_CHAIN_ID + 1) + " chars of " + u,
                    () -> store.advance(
                            new WatermarkKey(Edges.onePast(u, Limits.MAX_CHAIN_ID), "tz1", "block"), mark(2, 0, "d"))));
            rejected.add(new Edges.Rejection(
                    "public key hash",
                    "public key hash one past the limit, in " + u,
                    () -> store.advance(
                            new WatermarkKey("NetX", Edges.onePast(u, Limits.MAX_PKH), "block"), mark(2, 0, "d"))));
            rejected.add(new Edges.Rejection(
                    "request kind",
                    "request kind one past the limit, in " + u,
                    () -> store.advance(
                            new WatermarkKey("NetX", "tz1", Edges.onePast(u, Limits.MAX_KIND)), mark(2, 0, "d"))));
            rejected.add(new Edges.Rejection(
                    "digest",
                    "digest one past the limit, in " + u,
                    () -> store.advance(k, mark(2, 0, Edges.onePast(u, Limits.MAX_DIGEST)))));
        }
        for (String lone : Edges.LONE_SURROGATES) {
            String shown = Edges.shown(lone);
            rejected.add(new Edges.Rejection(
                    "chain id",
                    "chain id " + shown,
                    () -> store.advance(new WatermarkKey(lone, "tz1", "block"), mark(2, 0, "d"))));
            rejected.add(new Edges.Rejection(
                    "public key hash",
                    "public key hash " + shown,
                    () -> store.advance(new WatermarkKey("NetX", "tz1" + lone, "block"), mark(2, 0, "d"))));
            rejected.add(new Edges.Rejection(
                    "request kind",
                    "request kind " + shown,
                    () -> store.advance(new WatermarkKey("NetX", "tz1", lone), mark(2, 0, "d"))));
            rejected.add(new Edges.Rejection("digest", "digest " + shown, () -> store.advance(k, mark(2, 0, lone))));
        }
        rejected.add(new Edges.Rejection("level", "level -1", () -> store.advance(k, mark(-1, 0, "d"))));
        rejected.add(new Edges.Rejection(
                "level", "level Long.MIN_VALUE", () -> store.advance(k, mark(Long.MIN_VALUE, 0, "d"))));
        rejected.add(new Edges.Rejection("round", "round -1", () -> store.advance(k, mark(2, -1, "d"))));
        rejected.add(new Edges.Rejection(
                "round", "round Integer.MIN_VALUE", () -> store.advance(k, mark(2, Integer.MIN_VALUE, "d"))));
        Edges.assertRejected(rejected);
        try (Stream<StoredWatermark> s = store.list()) {
            assertThat(s.toList())
                    .as("marks after the rejected calls: exactly the accepted ones")
                    .containsExactlyInAnyOrderElementsOf(accepted);
        }
    }

    private static List<StoredWatermark> sortedList(WatermarkStore store) {
        try (Stream<StoredWatermark> s = store.list()) {
            return s.sorted((a, b) -> a.key().toString().compareTo(b.key().toString()))
                    .toList();
        }
    }

    /**
     * W24. If it fails: {@code check()} must answer {@code Reachable} on an open, working store (it may look at the
     * storage, never change it: no probe item, no lock left, no file or table created), and calls after it must see
     * exactly what was there before.
     */
    private static void checkIsReachableAndChangesNothing(Fixture<WatermarkStore> f) {
        WatermarkStore store = f.store();
        WatermarkKey key = f.key(KEY);
        WatermarkKey other = f.key("NetX", "tz1check", "attestation");
        store.advance(key, mark(10, 1, "vh1"));
        store.advance(other, mark(7, 0, "vh2"));
        List<StoredWatermark> before = sortedList(store);
        for (int i = 0; i < 3; i++) {
            Health h = store.check();
            assertThat(h).as("check %d on an open store", i).isInstanceOf(Health.Reachable.class);
            assertThat(h.reachable()).isTrue();
            assertThat(((Health.Reachable) h).detail()).isNotNull();
        }
        assertThat(sortedList(store)).as("list after check").isEqualTo(before);
        assertThat(store.get(key)).contains(mark(10, 1, "vh1"));
        assertThat(store.advance(key, mark(10, 1, "vh1"))).isEqualTo(new Repeated(mark(10, 1, "vh1")));
        assertThat(store.advance(other, mark(8, 0, "vh3"))).isEqualTo(new Advanced(Optional.of(mark(7, 0, "vh2"))));
    }

    /**
     * W25. If it fails: after {@code close()} a check must answer {@code Unreachable} saying the store is closed,
     * and never throw (a health endpoint calls it at any time).
     */
    private static void closedStoreChecksUnreachable(Fixture<WatermarkStore> f) {
        WatermarkStore store = f.store();
        store.advance(f.key(KEY), mark(1, 0, "vh"));
        store.close();
        Health h = store.check();
        assertThat(h).isInstanceOf(Health.Unreachable.class);
        assertThat(h.reachable()).isFalse();
        assertThat(((Health.Unreachable) h).reason()).contains("closed");
        store.close();
        assertThat(store.check().reachable()).as("after a second close").isFalse();
    }
}
