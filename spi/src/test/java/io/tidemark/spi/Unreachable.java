package io.tidemark.spi;

import io.tidemark.Health;
import io.tidemark.publisher.CasResult;
import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.NsRecord;
import io.tidemark.publisher.PublishResult;
import io.tidemark.publisher.Publisher;
import io.tidemark.watermark.AdvanceResult;
import io.tidemark.watermark.StoredWatermark;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** A backend every call of which fails the test: what the checking layer rejects must never reach it. */
public final class Unreachable implements PublisherBackend, WatermarkBackend {
    /** A checked publisher over an unreachable backend. */
    public static Publisher publisher() {
        return Checked.publisher(new Unreachable());
    }

    /** A checked watermark store over an unreachable backend. */
    public static WatermarkStore watermarkStore() {
        return Checked.watermarkStore(new Unreachable());
    }

    private static AssertionError reached() {
        return new AssertionError("the call reached the backend");
    }

    @Override
    public AdvanceResult advance(WatermarkKey key, Watermark mark) {
        throw reached();
    }

    @Override
    public Optional<Watermark> get(WatermarkKey key) {
        throw reached();
    }

    @Override
    public Stream<StoredWatermark> list() {
        throw reached();
    }

    @Override
    public boolean reset(WatermarkKey key) {
        throw reached();
    }

    @Override
    public PublishResult publishCommit(LedgerAlias alias, String address, long t, long now) {
        throw reached();
    }

    @Override
    public PublishResult publishIndex(LedgerAlias alias, String address, long t, long now) {
        throw reached();
    }

    @Override
    public Optional<NsRecord> retract(LedgerAlias alias, long now) {
        throw reached();
    }

    @Override
    public CasResult pushStatus(LedgerAlias alias, long expectedV, String state, Map<String, Object> meta, long now) {
        throw reached();
    }

    @Override
    public CasResult pushConfig(
            LedgerAlias alias,
            long expectedV,
            Map<String, Object> meta,
            Optional<String> defaultContextAddress,
            long now) {
        throw reached();
    }

    @Override
    public boolean delete(LedgerAlias alias) {
        throw reached();
    }

    @Override
    public Optional<NsRecord> lookup(LedgerAlias alias) {
        throw reached();
    }

    @Override
    public Stream<NsRecord> allRecords() {
        throw reached();
    }

    @Override
    public Health check() {
        throw reached();
    }

    @Override
    public void close() {}
}
