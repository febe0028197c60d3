package io.tidemark.tools;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.NsRecord;
import io.tidemark.publisher.Publisher;
import io.tidemark.watermark.StoredWatermark;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Exports taken while writers raise marks and push records never hold a torn item: every mark is one a writer stored
 * (its digest names its level and round), every record one state a writer made (status, meta and version agree,
 * commit address names its t), and each export reads back as a valid document.
 */
class AdvXferExportRaceTest {
    private static final int KEYS = 3;
    /** Exports go on until this many different states of one key were seen (so writes really ran meanwhile). */
    private static final int STATES = 10;

    @ParameterizedTest
    @EnumSource(Backends.class)
    void anExportDuringWritesHoldsOnlyWholeItems(Backends backend) throws Exception {
        List<Throwable> failures = new CopyOnWriteArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        try (WatermarkStore marks = backend.marks();
                Publisher records = backend.records()) {
            List<Thread> writers = new ArrayList<>();
            Set<Long> seen = ConcurrentHashMap.newKeySet();
            for (int k = 0; k < KEYS; k++) {
                WatermarkKey key = new WatermarkKey("NetX", "tz1w" + k, "block");
                LedgerAlias alias = LedgerAlias.parse("db" + k + ":main");
                writers.add(new Thread(() -> {
                    try {
                        for (long n = 1; !stop.get(); n++) {
                            marks.advance(key, new Watermark(n, (int) (n % 3), "d" + n + "r" + (n % 3)));
                            records.publishCommit(alias, "c" + n, n);
                            long v = records.lookup(alias).orElseThrow().statusV();
                            records.pushStatus(alias, v, "s" + v, Map.of("v", "s" + v));
                        }
                    } catch (Throwable e) {
                        failures.add(e);
                    }
                }));
            }
            writers.forEach(Thread::start);
            try {
                for (int i = 0; seen.size() < STATES && i < 5_000; i++) {
                    String doc = Docs.export(marks, records);
                    Docs.source(doc).read(new Sink() {
                        @Override
                        public void mark(StoredWatermark w) {
                            Watermark m = w.mark();
                            assertThat(m.digest()).isEqualTo("d" + m.level() + "r" + m.round());
                            if (w.key().publicKeyHash().equals("tz1w0")) {
                                seen.add(m.level());
                            }
                        }

                        @Override
                        public void record(NsRecord r) {
                            assertThat(r.commitAddress())
                                    .contains("c" + r.commitT().orElseThrow());
                            if (r.statusV() > 1) {
                                assertThat(r.status()).isEqualTo("s" + (r.statusV() - 1));
                                assertThat(r.statusMeta()).isEqualTo(Map.of("v", r.status()));
                            }
                        }
                    });
                }
            } finally {
                stop.set(true);
                for (Thread t : writers) {
                    t.join();
                }
            }
            assertThat(failures).isEmpty();
            assertThat(seen).hasSizeGreaterThanOrEqualTo(STATES);
        }
    }
}
