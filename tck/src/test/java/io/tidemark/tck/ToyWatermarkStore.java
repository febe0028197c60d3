package io.tidemark.tck;

import io.tidemark.Health;
import io.tidemark.OutcomeUnknownException;
import io.tidemark.spi.WatermarkBackend;
import io.tidemark.watermark.AdvanceResult;
import io.tidemark.watermark.StoredWatermark;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/**
 * A simple correct store with one switchable flaw, to prove the TCK catches each flaw; the self-tests open it
 * behind the checking layer ({@code Checked.watermarkStore}), as discovery would. It can lose the reply to
 * its next advance ({@link #loseNextReply}): the write is applied, and then what the caller sees depends on the
 * flaw; {@code NONE} recognises its own write (as with a request token) and returns the true outcome,
 * {@code OUTCOME_UNKNOWN} (also correct) says so with {@link OutcomeUnknownException}.
 */
final class ToyWatermarkStore implements WatermarkBackend {
    enum Flaw {
        NONE,
        NOT_ATOMIC,
        ACCEPTS_EQUAL_ROUNDS,
        IGNORES_DIGEST,
        STALE_REFUSAL,
        OUTCOME_UNKNOWN,
        /** After a lost reply the client retries, and the retry's failed condition is reported as a refusal. */
        RETRY_REPORTS_REFUSAL,
        /** Text passes through an encoder that turns noncharacters (U+FDD0-U+FDEF, U+xxFFFE/F) into U+FFFD. */
        LOSSY_TEXT,
        /** The health check writes a probe mark (as a "can I write?" check would): a side effect. */
        CHECK_WRITES_PROBE
    }

    private final Flaw flaw;
    private final Map<WatermarkKey, Watermark> marks = new ConcurrentHashMap<>();
    private final Map<WatermarkKey, Watermark> firstEver = new ConcurrentHashMap<>();
    private final AtomicBoolean loseNext = new AtomicBoolean();

    ToyWatermarkStore(Flaw flaw) {
        this.flaw = flaw;
    }

    /** The reply to the next advance is lost after the store applied it. */
    void loseNextReply() {
        loseNext.set(true);
    }

    @Override
    public AdvanceResult advance(WatermarkKey key, Watermark mark) {
        if (flaw == Flaw.LOSSY_TEXT) {
            key = new WatermarkKey(lossy(key.chainId()), lossy(key.publicKeyHash()), lossy(key.requestKind()));
            mark = new Watermark(mark.level(), mark.round(), lossy(mark.digest()));
        }
        AdvanceResult first = apply(key, mark);
        if (!loseNext.getAndSet(false)) {
            return first;
        }
        return switch (flaw) {
            case OUTCOME_UNKNOWN -> throw new OutcomeUnknownException(
                    "toy store: the reply to advance " + key + " was lost", null);
            case RETRY_REPORTS_REFUSAL -> {
                AdvanceResult retry = apply(key, mark);
                yield retry instanceof AdvanceResult.Repeated p ? new AdvanceResult.Refused(p.current()) : retry;
            }
            default -> first;
        };
    }

    private static String lossy(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints()
                .forEach(
                        cp -> b.appendCodePoint((cp & 0xFFFE) == 0xFFFE || cp >= 0xFDD0 && cp <= 0xFDEF ? 0xFFFD : cp));
        return b.toString();
    }

    private AdvanceResult apply(WatermarkKey key, Watermark mark) {
        if (flaw == Flaw.NOT_ATOMIC) {
            AdvanceResult r = Watermark.decide(Optional.ofNullable(marks.get(key)), mark);
            LockSupport.parkNanos(
                    2_000_000); // widen the read-then-write window: 2 ms outlasts a slow thread wake-up on a loaded VM
            if (r instanceof AdvanceResult.Advanced) {
                marks.put(key, mark);
            }
            return r;
        }
        synchronized (this) {
            Optional<Watermark> stored = Optional.ofNullable(marks.get(key));
            AdvanceResult r = Watermark.decide(stored, mark);
            if (stored.isPresent()
                    && stored.get().sameSlot(mark)
                    && !stored.get().equals(mark)) {
                if (flaw == Flaw.ACCEPTS_EQUAL_ROUNDS) {
                    r = new AdvanceResult.Advanced(stored);
                } else if (flaw == Flaw.IGNORES_DIGEST) {
                    r = new AdvanceResult.Repeated(stored.get());
                }
            }
            if (flaw == Flaw.STALE_REFUSAL && r instanceof AdvanceResult.Refused) {
                r = new AdvanceResult.Refused(firstEver.get(key));
            }
            if (r instanceof AdvanceResult.Advanced) {
                marks.put(key, mark);
                firstEver.putIfAbsent(key, mark);
            }
            return r;
        }
    }

    @Override
    public Optional<Watermark> get(WatermarkKey key) {
        if (flaw == Flaw.LOSSY_TEXT) {
            key = new WatermarkKey(lossy(key.chainId()), lossy(key.publicKeyHash()), lossy(key.requestKind()));
        }
        return Optional.ofNullable(marks.get(key));
    }

    @Override
    public Stream<StoredWatermark> list() {
        List<StoredWatermark> l = marks.entrySet().stream()
                .map(e -> new StoredWatermark(e.getKey(), e.getValue()))
                .toList();
        return l.stream();
    }

    @Override
    public boolean reset(WatermarkKey key) {
        firstEver.remove(key);
        return marks.remove(key) != null;
    }

    @Override
    public Health check() {
        if (flaw == Flaw.CHECK_WRITES_PROBE) {
            marks.put(new WatermarkKey("health", "probe", "check"), new Watermark(1, 0, "probe"));
        }
        return new Health.Reachable("toy store, " + marks.size() + " marks");
    }

    @Override
    public void close() {
        // the maps go with the store: nothing to release
    }

    @Override
    public String toString() {
        return "toy watermark store (" + flaw + ")";
    }
}
