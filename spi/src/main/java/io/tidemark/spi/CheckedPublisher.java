package io.tidemark.spi;

import static io.tidemark.spi.support.Validate.address;
import static io.tidemark.spi.support.Validate.nonNegative;
import static io.tidemark.spi.support.Validate.present;
import static io.tidemark.spi.support.Validate.text;

import io.tidemark.Health;
import io.tidemark.Limits;
import io.tidemark.publisher.CasResult;
import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.NsChange;
import io.tidemark.publisher.NsRecord;
import io.tidemark.publisher.PublishResult;
import io.tidemark.publisher.Publisher;
import io.tidemark.spi.support.JsonValues;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Flow;
import java.util.stream.Stream;

/**
 * The checking layer's {@link Publisher}; see {@link Checked}. Each call is one {@code try}: validation and the
 * backend call inside it, the outcome (or what was thrown) handed to the {@link Recorder} once.
 */
final class CheckedPublisher implements Publisher {
    private final PublisherBackend backend;
    private final Clock clock;
    private final CloseState lifecycle;
    private final Recorder recorder;
    private final Watches watches;

    CheckedPublisher(PublisherBackend backend, Clock clock, Recorder recorder) {
        this.backend = backend;
        this.clock = clock;
        this.lifecycle = new CloseState(backend);
        this.recorder = recorder;
        this.watches = new Watches(
                backend,
                a -> lifecycle.call(() -> backend.lookup(a)),
                () -> lifecycle.call(() -> {
                    try (Stream<NsRecord> all = backend.allRecords()) {
                        return all.toList();
                    }
                }));
    }

    @Override
    public PublishResult publishCommit(LedgerAlias alias, String address, long t) {
        long start = recorder.start();
        PublishResult r;
        try {
            head("commit address", "commit t", alias, address, t);
            r = lifecycle.call(() -> backend.publishCommit(alias, address, t, now()));
        } catch (RuntimeException | Error e) {
            recorder.failed(start, "publishCommit", null, e);
            throw e;
        }
        recorder.completed(start, "publishCommit", null, r, Recorder::publish);
        return r;
    }

    @Override
    public PublishResult publishIndex(LedgerAlias alias, String address, long t) {
        long start = recorder.start();
        PublishResult r;
        try {
            head("index address", "index t", alias, address, t);
            r = lifecycle.call(() -> backend.publishIndex(alias, address, t, now()));
        } catch (RuntimeException | Error e) {
            recorder.failed(start, "publishIndex", null, e);
            throw e;
        }
        recorder.completed(start, "publishIndex", null, r, Recorder::publish);
        return r;
    }

    /** Field names are passed whole: building them per call cost as much as the rest of the check. */
    private void head(String addressField, String tField, LedgerAlias alias, String address, long t) {
        present("ledger alias", alias);
        address(addressField, address);
        nonNegative(tField, t);
    }

    @Override
    public Optional<NsRecord> retract(LedgerAlias alias) {
        long start = recorder.start();
        Optional<NsRecord> r;
        try {
            present("ledger alias", alias);
            r = lifecycle.call(() -> backend.retract(alias, now()));
        } catch (RuntimeException | Error e) {
            recorder.failed(start, "retract", null, e);
            throw e;
        }
        recorder.completed(start, "retract", null, r, Recorder::retracted);
        return r;
    }

    @Override
    public CasResult pushStatus(LedgerAlias alias, long expectedV, String state, Map<String, Object> meta) {
        long start = recorder.start();
        CasResult r;
        try {
            present("ledger alias", alias);
            nonNegative("expected status v", expectedV);
            text("status", state, Limits.MAX_STATUS);
            Map<String, Object> canonical = JsonValues.meta("status meta", meta);
            r = lifecycle.call(() -> backend.pushStatus(alias, expectedV, state, canonical, now()));
        } catch (RuntimeException | Error e) {
            recorder.failed(start, "pushStatus", null, e);
            throw e;
        }
        recorder.completed(start, "pushStatus", null, r, Recorder::cas);
        return r;
    }

    @Override
    public CasResult pushConfig(
            LedgerAlias alias, long expectedV, Map<String, Object> meta, Optional<String> defaultContextAddress) {
        long start = recorder.start();
        CasResult r;
        try {
            present("ledger alias", alias);
            nonNegative("expected config v", expectedV);
            Map<String, Object> canonical = JsonValues.meta("config meta", meta);
            present("default context address", defaultContextAddress)
                    .ifPresent(a -> address("default context address", a));
            r = lifecycle.call(() -> backend.pushConfig(alias, expectedV, canonical, defaultContextAddress, now()));
        } catch (RuntimeException | Error e) {
            recorder.failed(start, "pushConfig", null, e);
            throw e;
        }
        recorder.completed(start, "pushConfig", null, r, Recorder::cas);
        return r;
    }

    @Override
    public boolean delete(LedgerAlias alias) {
        long start = recorder.start();
        boolean r;
        try {
            present("ledger alias", alias);
            r = lifecycle.call(() -> backend.delete(alias));
        } catch (RuntimeException | Error e) {
            recorder.failed(start, "delete", null, e);
            throw e;
        }
        recorder.completed(start, "delete", null, r, Recorder::removed);
        return r;
    }

    @Override
    public Optional<NsRecord> lookup(LedgerAlias alias) {
        long start = recorder.start();
        Optional<NsRecord> r;
        try {
            present("ledger alias", alias);
            r = lifecycle.call(() -> backend.lookup(alias));
        } catch (RuntimeException | Error e) {
            recorder.failed(start, "lookup", null, e);
            throw e;
        }
        recorder.completed(start, "lookup", null, r, Recorder::found);
        return r;
    }

    @Override
    public Stream<NsRecord> allRecords() {
        long start = recorder.start();
        Stream<NsRecord> r;
        try {
            r = lifecycle.call(backend::allRecords);
        } catch (RuntimeException | Error e) {
            recorder.failed(start, "allRecords", null, e);
            throw e;
        }
        recorder.completed(start, "allRecords", null, r, Recorder::listed);
        return r;
    }

    @Override
    public Health check() {
        long start = recorder.start();
        Health r = lifecycle.check(backend::check);
        recorder.completed(start, "check", null, r, Recorder::health);
        return r;
    }

    @Override
    public Flow.Publisher<NsChange> watch(LedgerAlias alias) {
        present("ledger alias", alias);
        return lifecycle.call(() -> watches.publisher(Optional.of(alias)));
    }

    @Override
    public Flow.Publisher<NsChange> watchAll() {
        return lifecycle.call(() -> watches.publisher(Optional.empty()));
    }

    /** Completes the watches first (their last read needs the backend open), then closes the backend. */
    @Override
    public void close() {
        watches.close();
        lifecycle.close(backend::close);
    }

    @Override
    public String toString() {
        return backend.toString();
    }

    private long now() {
        return Math.floorDiv(clock.millis(), 1000); // instant() would allocate on every call
    }
}
