package io.tidemark.spring.readme;

import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import org.springframework.stereotype.Service;

/** A signer in Spring: the starter's store is injected, shared by every thread, closed with the context. */
@Service
public class SigningService {
    private final WatermarkStore marks;

    public SigningService(WatermarkStore marks) {
        this.marks = marks;
    }

    /** Called from any thread; false: do not sign (a higher or conflicting mark is stored). */
    public boolean maySign(String chainId, String publicKeyHash, long level, int round, String digest) {
        WatermarkKey key = new WatermarkKey(chainId, publicKeyHash, "block");
        return marks.advance(key, new Watermark(level, round, digest)).maySign();
    }
}
