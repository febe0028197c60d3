package io.tidemark.tck;

import io.tidemark.Health;
import io.tidemark.spi.WatermarkBackend;
import io.tidemark.watermark.AdvanceResult;
import io.tidemark.watermark.StoredWatermark;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** A watermark store in a {@link ToyDir}: durable and shared by processes; per-handle locks with the flaw. */
final class ToyDirWatermarkStore implements WatermarkBackend {
    private final ToyDir dir;

    ToyDirWatermarkStore(ToyDir dir) {
        this.dir = dir;
    }

    @Override
    public AdvanceResult advance(WatermarkKey key, Watermark mark) {
        return dir.locked(() -> {
            AdvanceResult r = Watermark.decide(read(key), mark);
            if (r instanceof AdvanceResult.Advanced) {
                dir.write(
                        key.toString(),
                        ToyJson.write(Map.of(
                                "chain_id",
                                key.chainId(),
                                "pkh",
                                key.publicKeyHash(),
                                "kind",
                                key.requestKind(),
                                "level",
                                mark.level(),
                                "round",
                                mark.round(),
                                "digest",
                                mark.digest())));
            }
            return r;
        });
    }

    private Optional<Watermark> read(WatermarkKey key) {
        return dir.read(key.toString()).map(t -> stored(t).mark());
    }

    private static StoredWatermark stored(String text) {
        Map<String, Object> m = ToyJson.read(text);
        return new StoredWatermark(
                new WatermarkKey((String) m.get("chain_id"), (String) m.get("pkh"), (String) m.get("kind")),
                new Watermark(((Number) m.get("level")).longValue(), ((Number) m.get("round")).intValue(), (String)
                        m.get("digest")));
    }

    @Override
    public Optional<Watermark> get(WatermarkKey key) {
        return dir.locked(() -> read(key));
    }

    @Override
    public Stream<StoredWatermark> list() {
        return dir
                .locked(() ->
                        dir.all().stream().map(ToyDirWatermarkStore::stored).toList())
                .stream();
    }

    @Override
    public boolean reset(WatermarkKey key) {
        return dir.locked(() -> dir.delete(key.toString()));
    }

    @Override
    public Health check() {
        return new Health.Reachable(toString());
    }

    @Override
    public void close() {
        dir.close();
    }

    @Override
    public String toString() {
        return "toy directory watermark store " + dir;
    }
}
