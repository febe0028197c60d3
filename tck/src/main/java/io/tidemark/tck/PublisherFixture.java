package io.tidemark.tck;

import io.tidemark.publisher.NsRecord;
import io.tidemark.publisher.Publisher;

/** A {@link Fixture} for the {@link Publisher} rules, with the hook that writes a record past the rules. */
public interface PublisherFixture extends Fixture<Publisher> {

    /**
     * Stores {@code record} as it is, bypassing the contract's rules, as another tool writing the table would (P28).
     *
     * @throws UnsupportedOperationException if the backend's test does not provide it (P28's version checks skip)
     */
    void plantRecord(NsRecord record);
}
