package io.tidemark.tools;

import io.tidemark.publisher.NsRecord;
import io.tidemark.watermark.StoredWatermark;

/** Receives the items of a source one at a time, in the source's order; nothing is kept by the reader. */
interface Sink {
    /** One signer mark. */
    void mark(StoredWatermark mark);

    /** One nameservice record. */
    void record(NsRecord record);
}
