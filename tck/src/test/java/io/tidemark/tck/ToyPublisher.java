package io.tidemark.tck;

import io.tidemark.Health;
import io.tidemark.OutcomeUnknownException;
import io.tidemark.publisher.CasResult;
import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.NsRecord;
import io.tidemark.publisher.PublishResult;
import io.tidemark.spi.PublisherBackend;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A simple correct publisher with one switchable flaw, to prove the TCK catches each flaw; the self-tests open it
 * behind the checking layer ({@code Checked.publisher}, with the TCK's clock), as discovery would. It can lose the
 * reply to its next write ({@link #loseNextReply}): the write is applied, and then what the caller sees depends on
 * the flaw; {@code NONE} recognises its own write (as with a request token) and returns the true outcome,
 * {@code OUTCOME_UNKNOWN} (also correct) says so with {@link OutcomeUnknownException}.
 */
final class ToyPublisher implements PublisherBackend {
    enum Flaw {
        NONE,
        NOT_ATOMIC,
        INDEX_OVERWRITES_COMMIT,
        DROPS_LAST_PAGE,
        RETRACT_FORGETS_BUMP,
        OUTCOME_UNKNOWN,
        /** After a lost reply the client retries the write and reports the retry's outcome (as the AWS SDK did). */
        RETRIES_LOST_REPLY,
        /**
         * Noncharacters (U+FDD0-U+FDEF, U+xxFFFE/F) in addresses, status and meta strings are stored as '?', as an
         * encoder for a narrower character set would; the outcome is computed from what the caller passed.
         */
        REPLACES_NONCHARACTERS,
        /** Past Long.MAX_VALUE a version counter starts again at 0, as a wrapping column would. */
        VERSION_WRAPS,
        /** The health check writes a probe record (as a "can I write?" check would): a side effect. */
        CHECK_WRITES_PROBE
    }

    private final Flaw flaw;
    private final Map<LedgerAlias, NsRecord> records = new ConcurrentHashMap<>();
    private final AtomicBoolean loseNext = new AtomicBoolean();

    ToyPublisher(Flaw flaw) {
        this.flaw = flaw;
    }

    private Object lock() {
        return flaw == Flaw.NOT_ATOMIC ? new Object() : this;
    }

    private void window() {
        if (flaw == Flaw.NOT_ATOMIC) {
            LockSupport.parkNanos(2_000_000); // 2 ms outlasts a slow thread wake-up on a loaded VM
        }
    }

    /** The reply to the next write is lost after the store applied it. */
    void loseNextReply() {
        loseNext.set(true);
    }

    /** Stores {@code record} as it is (for P28's version checks). */
    void plant(NsRecord record) {
        records.put(record.alias(), record);
    }

    /** Runs one write, and what a lost reply turns its outcome into. */
    private <T> T write(String what, Supplier<T> op) {
        T first = op.get();
        if (!loseNext.getAndSet(false)) {
            return first;
        }
        return switch (flaw) {
            case OUTCOME_UNKNOWN -> throw new OutcomeUnknownException(
                    "toy publisher: the reply to " + what + " was lost", null);
            case RETRIES_LOST_REPLY -> op.get();
            default -> first;
        };
    }

    /** With REPLACES_NONCHARACTERS: every noncharacter becomes '?'. */
    private String text(String s) {
        if (flaw != Flaw.REPLACES_NONCHARACTERS) {
            return s;
        }
        StringBuilder b = new StringBuilder();
        s.codePoints()
                .forEach(cp -> b.appendCodePoint((cp & 0xFFFE) == 0xFFFE || cp >= 0xFDD0 && cp <= 0xFDEF ? '?' : cp));
        return b.toString();
    }

    private Object textDeep(Object v) {
        if (v instanceof String s) {
            return text(s);
        } else if (v instanceof Map<?, ?> m) {
            Map<String, Object> copy = new LinkedHashMap<>();
            m.forEach((k, x) -> copy.put(text((String) k), textDeep(x)));
            return copy;
        } else if (v instanceof List<?> l) {
            List<Object> copy = new ArrayList<>();
            l.forEach(x -> copy.add(textDeep(x)));
            return copy;
        }
        return v;
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> meta(Map<String, Object> meta) {
        return (Map<String, Object>) textDeep(meta);
    }

    /** Stores {@code r}; with REPLACES_NONCHARACTERS its text as the narrower encoder leaves it. */
    private void store(NsRecord r) {
        records.put(
                r.alias(),
                flaw != Flaw.REPLACES_NONCHARACTERS
                        ? r
                        : new NsRecord(
                                r.alias(),
                                r.commitAddress().map(this::text),
                                r.commitT(),
                                r.indexAddress().map(this::text),
                                r.indexT(),
                                r.defaultContextAddress().map(this::text),
                                text(r.status()),
                                r.updatedAt(),
                                r.statusV(),
                                meta(r.statusMeta()),
                                r.configV(),
                                meta(r.configMeta())));
    }

    @Override
    public PublishResult publishCommit(LedgerAlias alias, String address, long t, long now) {
        return write("publishCommit", () -> {
            synchronized (lock()) {
                PublishResult r =
                        NsRecord.decideCommit(Optional.ofNullable(records.get(alias)), alias, address, t, now);
                window();
                store(r.current());
                return r;
            }
        });
    }

    @Override
    public PublishResult publishIndex(LedgerAlias alias, String address, long t, long now) {
        return write("publishIndex", () -> {
            synchronized (lock()) {
                PublishResult r = NsRecord.decideIndex(Optional.ofNullable(records.get(alias)), alias, address, t, now);
                if (flaw == Flaw.INDEX_OVERWRITES_COMMIT && r instanceof PublishResult.Updated u) {
                    NsRecord c = u.current();
                    NsRecord broken = new NsRecord(
                            c.alias(),
                            Optional.of(address),
                            OptionalLong.of(t),
                            c.indexAddress(),
                            c.indexT(),
                            c.defaultContextAddress(),
                            c.status(),
                            c.updatedAt(),
                            c.statusV(),
                            c.statusMeta(),
                            c.configV(),
                            c.configMeta());
                    r = new PublishResult.Updated(u.previous(), broken);
                }
                window();
                store(r.current());
                return r;
            }
        });
    }

    @Override
    public Optional<NsRecord> retract(LedgerAlias alias, long now) {
        return write("retract", () -> {
            synchronized (lock()) {
                NsRecord r = records.get(alias);
                if (r == null) {
                    return Optional.empty();
                }
                NsRecord next;
                if (flaw == Flaw.VERSION_WRAPS && r.statusV() == Long.MAX_VALUE) {
                    next = withVersions(NsRecord.RETRACTED, r, 0, r.configV(), now);
                } else {
                    next = r.retracted(now);
                    if (flaw == Flaw.RETRACT_FORGETS_BUMP) {
                        next = new NsRecord(
                                next.alias(),
                                next.commitAddress(),
                                next.commitT(),
                                next.indexAddress(),
                                next.indexT(),
                                next.defaultContextAddress(),
                                next.status(),
                                next.updatedAt(),
                                r.statusV(),
                                next.statusMeta(),
                                next.configV(),
                                next.configMeta());
                    }
                }
                store(next);
                return Optional.of(next);
            }
        });
    }

    @Override
    public CasResult pushStatus(LedgerAlias alias, long expectedV, String state, Map<String, Object> meta, long now) {
        return write("pushStatus", () -> {
            synchronized (lock()) {
                NsRecord stored = records.get(alias);
                if (flaw == Flaw.VERSION_WRAPS
                        && expectedV == Long.MAX_VALUE
                        && stored != null
                        && stored.statusV() == expectedV) {
                    NsRecord wrapped = withVersions(state, stored, 0, stored.configV(), now);
                    store(wrapped);
                    return new CasResult.Applied(wrapped);
                }
                CasResult r = NsRecord.decideStatus(Optional.ofNullable(stored), expectedV, state, meta, now);
                window();
                if (r instanceof CasResult.Applied a) {
                    store(a.record());
                }
                return r;
            }
        });
    }

    @Override
    public CasResult pushConfig(
            LedgerAlias alias, long expectedV, Map<String, Object> meta, Optional<String> ctx, long now) {
        return write("pushConfig", () -> {
            synchronized (lock()) {
                NsRecord stored = records.get(alias);
                if (flaw == Flaw.VERSION_WRAPS
                        && expectedV == Long.MAX_VALUE
                        && stored != null
                        && stored.configV() == expectedV) {
                    NsRecord wrapped = withVersions(stored.status(), stored, stored.statusV(), 0, now);
                    store(wrapped);
                    return new CasResult.Applied(wrapped);
                }
                CasResult r = NsRecord.decideConfig(Optional.ofNullable(stored), expectedV, meta, ctx, now);
                if (r instanceof CasResult.Applied a) {
                    store(a.record());
                }
                return r;
            }
        });
    }

    private static NsRecord withVersions(String status, NsRecord r, long statusV, long configV, long now) {
        return new NsRecord(
                r.alias(),
                r.commitAddress(),
                r.commitT(),
                r.indexAddress(),
                r.indexT(),
                r.defaultContextAddress(),
                status,
                Math.max(now, r.updatedAt()),
                statusV,
                r.statusMeta(),
                configV,
                r.configMeta());
    }

    @Override
    public boolean delete(LedgerAlias alias) {
        return records.remove(alias) != null;
    }

    @Override
    public Optional<NsRecord> lookup(LedgerAlias alias) {
        return Optional.ofNullable(records.get(alias));
    }

    @Override
    public Stream<NsRecord> allRecords() {
        List<NsRecord> all = new ArrayList<>(records.values());
        if (flaw == Flaw.DROPS_LAST_PAGE && all.size() > 1_000) {
            all = all.subList(
                    0, all.size() / 1_000 * 1_000 == all.size() ? all.size() - 1_000 : all.size() / 1_000 * 1_000);
        }
        return all.stream();
    }

    @Override
    public Health check() {
        if (flaw == Flaw.CHECK_WRITES_PROBE) {
            LedgerAlias probe = LedgerAlias.parse("health-probe");
            records.put(probe, NsRecord.created(probe, 0));
        }
        return new Health.Reachable("toy publisher, " + records.size() + " records");
    }

    @Override
    public void close() {
        // the map goes with the publisher: nothing to release
    }

    @Override
    public String toString() {
        return "toy publisher (" + flaw + ")";
    }
}
