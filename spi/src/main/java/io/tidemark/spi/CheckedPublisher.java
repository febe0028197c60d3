package io.tidemark.spi;

import static io.tidemark.spi.support.Validate.address;
import static io.tidemark.spi.support.Validate.nonNegative;
import static io.tidemark.spi.support.Validate.present;
import static io.tidemark.spi.support.Validate.text;

import io.tidemark.Limits;
import io.tidemark.publisher.CasResult;
import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.NsRecord;
import io.tidemark.publisher.PublishResult;
import io.tidemark.publisher.Publisher;
import io.tidemark.spi.support.JsonValues;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** The checking layer's {@link Publisher}; see {@link Checked}. */
final class CheckedPublisher implements Publisher {
    private final PublisherBackend backend;
    private final Clock clock;
    private final CloseState lifecycle;

    CheckedPublisher(PublisherBackend backend, Clock clock) {
        this.backend = backend;
        this.clock = clock;
        this.lifecycle = new CloseState(backend);
    }

    @Override
    public PublishResult publishCommit(LedgerAlias alias, String address, long t) {
        head("commit address", "commit t", alias, address, t);
        return lifecycle.call(() -> backend.publishCommit(alias, address, t, now()));
    }

    @Override
    public PublishResult publishIndex(LedgerAlias alias, String address, long t) {
        head("index address", "index t", alias, address, t);
        return lifecycle.call(() -> backend.publishIndex(alias, address, t, now()));
    }

    /** Field names are passed whole: building them per call cost as much as the rest of the check. */
    private void head(String addressField, String tField, LedgerAlias alias, String address, long t) {
        present("ledger alias", alias);
        address(addressField, address);
        nonNegative(tField, t);
    }

    @Override
    public Optional<NsRecord> retract(LedgerAlias alias) {
        present("ledger alias", alias);
        return lifecycle.call(() -> backend.retract(alias, now()));
    }

    @Override
    public CasResult pushStatus(LedgerAlias alias, long expectedV, String state, Map<String, Object> meta) {
        present("ledger alias", alias);
        nonNegative("expected status v", expectedV);
        text("status", state, Limits.MAX_STATUS);
        Map<String, Object> canonical = JsonValues.meta("status meta", meta);
        return lifecycle.call(() -> backend.pushStatus(alias, expectedV, state, canonical, now()));
    }

    @Override
    public CasResult pushConfig(
            LedgerAlias alias, long expectedV, Map<String, Object> meta, Optional<String> defaultContextAddress) {
        present("ledger alias", alias);
        nonNegative("expected config v", expectedV);
        Map<String, Object> canonical = JsonValues.meta("config meta", meta);
        present("default context address", defaultContextAddress).ifPresent(a -> address("default context address", a));
        return lifecycle.call(() -> backend.pushConfig(alias, expectedV, canonical, defaultContextAddress, now()));
    }

    @Override
    public boolean delete(LedgerAlias alias) {
        present("ledger alias", alias);
        return lifecycle.call(() -> backend.delete(alias));
    }

    @Override
    public Optional<NsRecord> lookup(LedgerAlias alias) {
        present("ledger alias", alias);
        return lifecycle.call(() -> backend.lookup(alias));
    }

    @Override
    public Stream<NsRecord> allRecords() {
        return lifecycle.call(() -> backend.allRecords());
    }

    @Override
    public void close() {
        lifecycle.close(backend::close);
    }

    @Override
    public String toString() {
        return backend.toString();
    }

    private long now() {
        return clock.instant().getEpochSecond();
    }
}
