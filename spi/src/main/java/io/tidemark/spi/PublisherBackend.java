package io.tidemark.spi;

import io.tidemark.Health;
import io.tidemark.publisher.CasResult;
import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.NsRecord;
import io.tidemark.publisher.PublishResult;
import io.tidemark.publisher.Publisher;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The storage operations of a {@link Publisher}, what a backend implements. Users never see it: it is reached
 * only through the checking layer ({@link Checked#publisher}), which has already validated every argument (no
 * nulls, addresses, versions and states within {@link io.tidemark.Limits}, meta maps made canonical by
 * {@link io.tidemark.spi.support.JsonValues#meta}), rejects calls after {@link #close()}, calls {@code close()}
 * at most once, and reads the clock: {@code now} is the time of the call in epoch seconds, the value every
 * write stores as {@code updated_at}. A backend never reads the wall clock itself, so a test can control time.
 * Each method keeps the contract of the {@link Publisher} method of the same name. Must be thread-safe.
 */
public interface PublisherBackend extends AutoCloseable {

    /** See {@link Publisher#publishCommit}. */
    PublishResult publishCommit(LedgerAlias alias, String address, long t, long now);

    /** See {@link Publisher#publishIndex}. */
    PublishResult publishIndex(LedgerAlias alias, String address, long t, long now);

    /** See {@link Publisher#retract}. */
    Optional<NsRecord> retract(LedgerAlias alias, long now);

    /** See {@link Publisher#pushStatus}; {@code meta} is canonical. */
    CasResult pushStatus(LedgerAlias alias, long expectedV, String state, Map<String, Object> meta, long now);

    /** See {@link Publisher#pushConfig}; {@code meta} is canonical. */
    CasResult pushConfig(
            LedgerAlias alias,
            long expectedV,
            Map<String, Object> meta,
            Optional<String> defaultContextAddress,
            long now);

    /** See {@link Publisher#delete}. */
    boolean delete(LedgerAlias alias);

    /** See {@link Publisher#lookup}. */
    Optional<NsRecord> lookup(LedgerAlias alias);

    /** See {@link Publisher#allRecords}. */
    Stream<NsRecord> allRecords();

    /**
     * See {@link Publisher#check}: a cheap look at the storage (a table description, a directory and its lock file)
     * without side effects. Report a fault as {@link Health.Unreachable} with a one-line reason naming the store and
     * never a credential; the checking layer turns anything thrown into {@code Unreachable} too, and answers for a
     * closed store itself (this is never called after {@link #close()}).
     */
    Health check();

    /**
     * How watching learns of changes ({@link Publisher#watch}): by default polling alone, once a second. Override it
     * with a signal the store offers (a notification of this backend's own writes, a file system watch, a change
     * stream) so that watchers see changes sooner. Called once per watch thread start, on that thread.
     */
    default ChangeSignal changeSignal() {
        return ChangeSignal.polling(Duration.ofSeconds(1));
    }

    /** Releases the storage's resources; called once. */
    @Override
    void close();
}
