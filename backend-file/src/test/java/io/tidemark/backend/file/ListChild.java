package io.tidemark.backend.file;

import io.tidemark.publisher.NsRecord;
import io.tidemark.publisher.Publisher;
import io.tidemark.watermark.StoredWatermark;
import io.tidemark.watermark.WatermarkStore;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * The child JVM of {@link ListMemoryTest}, started with a small heap: opens the stores at {@code args[0]} and walks
 * {@code list()} and {@code allRecords()}, either streaming ({@code args[1] = stream}: prints the count and the sum
 * of levels and commit ts) or collecting every element first ({@code collect}, the control that must run out of
 * memory).
 */
public final class ListChild {
    public static void main(String[] args) {
        Path base = Path.of(args[0]);
        boolean collect = args[1].equals("collect");
        try (WatermarkStore store = FileWatermarkStore.open(base, false);
                Publisher ns = FilePublisher.open(base, false)) {
            long marks = 0;
            long levels = 0;
            try (Stream<StoredWatermark> s = store.list()) {
                Stream<StoredWatermark> walk = collect ? List.copyOf(s.toList()).stream() : s;
                for (StoredWatermark w : (Iterable<StoredWatermark>) walk::iterator) {
                    marks++;
                    levels += w.mark().level();
                }
            }
            long records = 0;
            long ts = 0;
            try (Stream<NsRecord> s = ns.allRecords()) {
                for (NsRecord r : (Iterable<NsRecord>) s::iterator) {
                    records++;
                    ts += r.commitT().orElseThrow();
                }
            }
            System.out.println(marks + " " + levels + " " + records + " " + ts);
        }
    }
}
