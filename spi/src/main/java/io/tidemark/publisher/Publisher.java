package io.tidemark.publisher;

import io.tidemark.Health;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Flow;
import java.util.stream.Stream;

/**
 * A ledger nameservice: per {@link LedgerAlias}, the latest commit and index heads, status and config, each
 * with its own version. A transactor and an indexer may publish at once without undoing each other.
 *
 * <p>Contract, identical on every backend (the TCK's P rules):
 * <ul>
 *   <li>Every update is one atomic conditional write. {@link #publishCommit} applies iff no commit is stored or
 *       {@code t > commit_t} and touches only the commit fields (and creates the record if absent); the same for
 *       {@link #publishIndex}. Heads never go backwards.</li>
 *   <li>{@link #pushStatus} / {@link #pushConfig} apply iff the stored version equals {@code expectedV}.</li>
 *   <li>{@code updated_at} (epoch seconds) is set by every applied change only, and never goes backwards.</li>
 *   <li>Invalid input throws {@link io.tidemark.InvalidInputException} naming the field; nothing is written.
 *       Addresses are non-blank, at most {@link io.tidemark.Limits#MAX_ADDRESS} chars; t and versions
 *       {@code >= 0}; meta maps JSON-like ({@link io.tidemark.spi.support.JsonValues}).</li>
 *   <li>Faults are unchecked {@link io.tidemark.TidemarkException}s; after {@link #close()} every operation
 *       throws {@link IllegalStateException}, and closing twice is harmless.</li>
 * </ul>
 * Implementations are thread-safe.
 */
public interface Publisher extends AutoCloseable {

    /** Publishes a commit head; see {@link NsRecord#decideCommit}. */
    PublishResult publishCommit(LedgerAlias alias, String address, long t);

    /** Publishes an index head; see {@link NsRecord#decideIndex}. */
    PublishResult publishIndex(LedgerAlias alias, String address, long t);

    /**
     * Marks the ledger retracted: {@code status = retracted}, {@code status_v + 1}, {@code updated_at = now};
     * heads untouched. Each call bumps again.
     *
     * @return the new record, or empty if the alias is unknown (nothing is created)
     */
    Optional<NsRecord> retract(LedgerAlias alias);

    /** Replaces status and status meta iff {@code status_v == expectedV}; then {@code status_v = expectedV + 1}. */
    CasResult pushStatus(LedgerAlias alias, long expectedV, String state, Map<String, Object> meta);

    /**
     * Replaces the config meta (and the default context address, when given; otherwise it is kept) iff
     * {@code config_v == expectedV}; then {@code config_v = expectedV + 1}.
     */
    CasResult pushConfig(
            LedgerAlias alias, long expectedV, Map<String, Object> meta, Optional<String> defaultContextAddress);

    /**
     * Admin operation: removes the record of {@code alias} entirely (heads, status, config). Never part of normal
     * publishing: a later publish starts the alias afresh, so a lower head than the deleted one would be accepted.
     *
     * @return true if a record was removed, false if none was stored
     */
    boolean delete(LedgerAlias alias);

    /** The stored record, read with strong consistency; empty if the alias is unknown. */
    Optional<NsRecord> lookup(LedgerAlias alias);

    /** Every record exactly once, retracted ones included, in no particular order. Lazy: close the stream. */
    Stream<NsRecord> allRecords();

    /**
     * Whether the nameservice can serve calls now: cheap, with no side effects (nothing written, no lock taken,
     * nothing created). Never throws for a backend fault: the fault is {@link Health.Unreachable} with the reason
     * (never a credential). After {@link #close()} it is {@code Unreachable} saying the store is closed.
     */
    Health check();

    /**
     * Follows the record of {@code alias}: each subscriber gets an {@link NsChange} for every change applied to it
     * after its {@code subscribe} call returned ({@link #watchAll} describes the delivery).
     *
     * @throws IllegalStateException if the store is closed
     */
    Flow.Publisher<NsChange> watch(LedgerAlias alias);

    /**
     * Follows every record of the store. Each {@link Flow.Subscriber} gets one {@link NsChange} per applied change
     * (commit, index, status, config, retract, delete) made after its {@code subscribe} call returned, by this
     * handle, another handle or another process sharing the store; never one for a {@link PublishResult.Stale},
     * {@link PublishResult.Unchanged} or {@link CasResult.Conflict} call, which change nothing.
     *
     * <ul>
     *   <li><b>Order and conflation.</b> Per alias, events arrive in the order the changes were applied. A
     *       subscriber that requests slower than the writers write may miss intermediate states of an alias: it
     *       then gets one event from the last state it was given to the latest one (its {@link NsChange#kinds}
     *       name every kind of change in between), and it always ends with the latest state. Events of different
     *       aliases have no order between them.</li>
     *   <li><b>Back-pressure</b> is {@link Flow}'s (Reactive Streams): nothing is delivered without demand, and
     *       undelivered changes cost one pending record per alias, not one per change.</li>
     *   <li><b>Threads.</b> {@code onSubscribe} runs in {@code subscribe}; {@code onNext}, {@code onError} and
     *       {@code onComplete} run on the store's one watch thread (a daemon named {@code tidemark-watch-...}),
     *       shared by every subscriber of the store, started by the first subscription and stopped when the last
     *       one is cancelled or completed. A subscriber that blocks in {@code onNext} delays the others.</li>
     *   <li><b>Latency</b> depends on the backend (its README): changes made through the same store are signalled
     *       at once on every bundled backend; other processes' changes are found by the backend's change signal
     *       or, at the latest, by the next poll.</li>
     *   <li><b>Close.</b> When the store is closed, each subscriber gets the changes applied before
     *       {@link #close()} began for which it has demand, then {@code onComplete}. Subscribing to a closed store's
     *       watch ends in {@code onError(IllegalStateException)}; a read that fails while subscribing ends in
     *       {@code onError} with that {@link io.tidemark.TidemarkException}. A read failing later (a backend
     *       briefly unavailable) is logged and retried at the next poll; it never ends the subscription.</li>
     * </ul>
     *
     * @throws IllegalStateException if the store is closed
     */
    Flow.Publisher<NsChange> watchAll();

    /** Releases the store's resources. Idempotent. */
    @Override
    void close();
}
