package io.tidemark.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.InvalidInputException;
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
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * One scripted sequence of outcomes per contract, asserting every result as it goes, and the meters it must leave:
 * {@code operation kind outcome exception} (watermark) or {@code operation outcome exception} (publisher) to count.
 * The store is closed at the end (a call after close is the scripted error besides invalid input).
 */
final class Scripts {
    static final WatermarkKey BLOCK = new WatermarkKey("NetXmetrics", "tz1metrics", "block");
    static final WatermarkKey ATTESTATION = new WatermarkKey("NetXmetrics", "tz1metrics", "attestation");
    static final WatermarkKey UNKNOWN = new WatermarkKey("NetXmetrics", "tz1nobody", "block");
    static final LedgerAlias ALIAS = LedgerAlias.parse("metrics:main");
    static final LedgerAlias NOBODY = LedgerAlias.parse("nobody");

    /** The calls {@link #watermark} makes. */
    static final int WATERMARK_CALLS = 14;
    /** The calls {@link #publisher} makes. */
    static final int PUBLISHER_CALLS = 20;

    private Scripts() {}

    private static Watermark mark(long level, int round, String digest) {
        return new Watermark(level, round, digest);
    }

    /** Advanced, repeated, refused twice, another kind advanced, found/absent, listed, removed/absent, errors, checks. */
    static void watermark(WatermarkStore s) {
        assertThat(s.advance(BLOCK, mark(10, 0, "a"))).isEqualTo(new AdvanceResult.Advanced(Optional.empty()));
        assertThat(s.advance(BLOCK, mark(10, 0, "a"))).isEqualTo(new AdvanceResult.Repeated(mark(10, 0, "a")));
        assertThat(s.advance(BLOCK, mark(10, 0, "b"))).isEqualTo(new AdvanceResult.Refused(mark(10, 0, "a")));
        assertThat(s.advance(BLOCK, mark(9, 5, "c"))).isEqualTo(new AdvanceResult.Refused(mark(10, 0, "a")));
        assertThat(s.advance(ATTESTATION, mark(10, 0, "x"))).isEqualTo(new AdvanceResult.Advanced(Optional.empty()));
        assertThat(s.get(BLOCK)).contains(mark(10, 0, "a"));
        assertThat(s.get(UNKNOWN)).isEmpty();
        try (Stream<StoredWatermark> all = s.list()) {
            assertThat(all.count()).isEqualTo(2);
        }
        assertThat(s.reset(ATTESTATION)).isTrue();
        assertThat(s.reset(ATTESTATION)).isFalse();
        assertThatThrownBy(() -> s.advance(BLOCK, null)).isInstanceOf(InvalidInputException.class);
        assertThat(s.check().reachable()).isTrue();
        s.close();
        assertThatThrownBy(() -> s.advance(BLOCK, mark(11, 0, "d"))).isInstanceOf(IllegalStateException.class);
        assertThat(s.check().reachable()).isFalse();
    }

    /** What {@link #watermark} leaves: {@code operation kind outcome exception} to count, on each meter. */
    static Map<String, Long> watermarkMeters() {
        Map<String, Long> m = new TreeMap<>();
        m.put("advance block advanced none", 1L);
        m.put("advance block repeated none", 1L);
        m.put("advance block refused none", 2L);
        m.put("advance attestation advanced none", 1L);
        m.put("get block found none", 1L);
        m.put("get block absent none", 1L);
        m.put("list none listed none", 1L);
        m.put("reset attestation removed none", 1L);
        m.put("reset attestation absent none", 1L);
        m.put("advance block error InvalidInputException", 1L);
        m.put("check none reachable none", 1L);
        m.put("advance block error IllegalStateException", 1L);
        m.put("check none unreachable none", 1L);
        return m;
    }

    /** Updated, unchanged, stale, applied, conflict, retracted/absent, found/absent, listed, removed/absent, errors. */
    static void publisher(Publisher p) {
        assertThat(p.publishCommit(ALIAS, "c1", 1)).isInstanceOf(PublishResult.Updated.class);
        assertThat(p.publishCommit(ALIAS, "c1", 1)).isInstanceOf(PublishResult.Unchanged.class);
        assertThat(p.publishCommit(ALIAS, "c0", 0)).isInstanceOf(PublishResult.Stale.class);
        assertThat(p.publishIndex(ALIAS, "i1", 1)).isInstanceOf(PublishResult.Updated.class);
        assertThat(p.publishIndex(ALIAS, "i2", 1)).isInstanceOf(PublishResult.Stale.class);
        assertThat(p.pushStatus(ALIAS, 1, "ready", Map.of("by", "metrics"))).isInstanceOf(CasResult.Applied.class);
        assertThat(p.pushStatus(ALIAS, 1, "ready", Map.of())).isInstanceOf(CasResult.Conflict.class);
        assertThat(p.pushConfig(ALIAS, 0, Map.of(), Optional.empty())).isInstanceOf(CasResult.Applied.class);
        assertThat(p.pushConfig(ALIAS, 0, Map.of(), Optional.empty())).isInstanceOf(CasResult.Conflict.class);
        assertThat(p.retract(ALIAS)).map(NsRecord::status).contains("retracted");
        assertThat(p.retract(NOBODY)).isEmpty();
        assertThat(p.lookup(ALIAS)).isPresent();
        assertThat(p.lookup(NOBODY)).isEmpty();
        try (Stream<NsRecord> all = p.allRecords()) {
            assertThat(all.count()).isEqualTo(1);
        }
        assertThat(p.delete(ALIAS)).isTrue();
        assertThat(p.delete(ALIAS)).isFalse();
        assertThatThrownBy(() -> p.publishCommit(ALIAS, "", 2)).isInstanceOf(InvalidInputException.class);
        assertThat(p.check().reachable()).isTrue();
        p.close();
        assertThatThrownBy(() -> p.lookup(ALIAS)).isInstanceOf(IllegalStateException.class);
        assertThat(p.check().reachable()).isFalse();
    }

    /** What {@link #publisher} leaves: {@code operation outcome exception} to count, on each meter. */
    static Map<String, Long> publisherMeters() {
        Map<String, Long> m = new TreeMap<>();
        m.put("publishCommit updated none", 1L);
        m.put("publishCommit unchanged none", 1L);
        m.put("publishCommit stale none", 1L);
        m.put("publishIndex updated none", 1L);
        m.put("publishIndex stale none", 1L);
        m.put("pushStatus applied none", 1L);
        m.put("pushStatus conflict none", 1L);
        m.put("pushConfig applied none", 1L);
        m.put("pushConfig conflict none", 1L);
        m.put("retract retracted none", 1L);
        m.put("retract absent none", 1L);
        m.put("lookup found none", 1L);
        m.put("lookup absent none", 1L);
        m.put("allRecords listed none", 1L);
        m.put("delete removed none", 1L);
        m.put("delete absent none", 1L);
        m.put("publishCommit error InvalidInputException", 1L);
        m.put("check reachable none", 1L);
        m.put("lookup error IllegalStateException", 1L);
        m.put("check unreachable none", 1L);
        return m;
    }
}
