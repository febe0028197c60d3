package io.tidemark.tck;

import io.tidemark.BackendConfig;
import io.tidemark.publisher.LedgerAlias;
import io.tidemark.watermark.WatermarkKey;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;

/**
 * What a {@link Rule}'s check works on: the store under test and what the rule may need around it. The JUnit
 * suites give each rule a fresh, empty store ({@link WatermarkStoreTck}, {@link PublisherTck}); {@link Scratch}
 * gives rules a live store on fresh names that cannot meet the names already there.
 *
 * <p>A check names every key and alias it uses through {@link #key} and {@link #alias}, so that a fixture over a
 * shared store can keep them apart from everything else. Rules about the length limits build their keys as they
 * are (a prefix would push them past the limits); they need a store of their own.
 *
 * @param <S> the store type ({@link io.tidemark.watermark.WatermarkStore} or
 *     {@link io.tidemark.publisher.Publisher})
 */
public interface Fixture<S extends AutoCloseable> {

    /** The store under test, open. */
    S store();

    /** The configuration the store was opened on (its clock is {@link #clock()}). */
    BackendConfig config();

    /** The optional capabilities the backend declares. */
    Set<TckCapability> capabilities();

    /**
     * Closes the store under test and opens it again on the same configuration; returns the new handle, which
     * {@link #store()} returns from now on (rules W18, P22).
     *
     * @throws RuleSkipped if this fixture cannot reopen its store
     */
    S reopen();

    /**
     * Opens a second handle on the store's configuration; the caller closes it (rules W21, P26).
     *
     * @throws RuleSkipped if this fixture cannot open another handle
     */
    S openAnother();

    /**
     * Arranges that the next call on {@link #store()} is applied and its reply lost ({@link TckCapability#FAULTS}).
     *
     * @throws UnsupportedOperationException if the backend's test does not provide it
     */
    void loseNextReply();

    /** Racing threads per race rule. */
    int threads();

    /** How long each timed race runs. */
    Duration raceTime();

    /** The clock the store was opened with. */
    Clock clock();

    /**
     * Moves {@link #clock()} forward by {@code by} (rule P19).
     *
     * @throws RuleSkipped if this fixture's clock is not controllable
     */
    void advanceClock(Duration by);

    /** The name to store for the chain id or ledger name {@code logical}: the name itself, or a scratch name. */
    String name(String logical);

    /** A key whose chain id is {@link #name}{@code (chainId)}. */
    default WatermarkKey key(String chainId, String publicKeyHash, String requestKind) {
        return new WatermarkKey(name(chainId), publicKeyHash, requestKind);
    }

    /** {@code logical} with its chain id passed through {@link #name}. */
    default WatermarkKey key(WatermarkKey logical) {
        return key(logical.chainId(), logical.publicKeyHash(), logical.requestKind());
    }

    /** An alias whose ledger name is {@link #name}{@code (ledgerName)}. */
    default LedgerAlias alias(String ledgerName, String branch) {
        return new LedgerAlias(name(ledgerName), branch);
    }

    /** {@code logical} with its ledger name passed through {@link #name}. */
    default LedgerAlias alias(LedgerAlias logical) {
        return alias(logical.name(), logical.branch());
    }

    /** The clock's time in epoch seconds, the unit of {@code updated_at}. */
    default long now() {
        return clock().instant().getEpochSecond();
    }
}
