package io.tidemark.tools;

/**
 * Something an import reads: the interchange document or one of the source systems' own stores. {@link #read} may be
 * called more than once (the import reads once to check everything and count, then again to apply); each call
 * streams the items to the sink and holds none of them.
 */
interface Source {
    /**
     * Streams every item to {@code sink}.
     *
     * @throws InvalidDocumentException when the input is invalid, naming the place and the value
     */
    void read(Sink sink);

    /** What is read, for messages and the summary (a path). */
    String describe();
}
