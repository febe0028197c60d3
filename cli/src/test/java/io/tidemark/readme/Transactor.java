package io.tidemark.readme;

import io.tidemark.backend.file.FileBackendProvider;
import io.tidemark.discovery.Tidemark;
import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.PublishResult;
import io.tidemark.publisher.Publisher;
import java.nio.file.Path;

/** A transactor (an indexer is the same with publishIndex): one nameservice for the process, shared by threads. */
public final class Transactor implements AutoCloseable {
    private final Publisher ns;

    public Transactor(Path directory) {
        ns = Tidemark.openPublisher(FileBackendProvider.config(directory)); // once, at start-up
    }

    /** Called from any thread; returns false when another writer is ahead. */
    public boolean publish(String ledger, String commitAddress, long t) {
        PublishResult r = ns.publishCommit(LedgerAlias.parse(ledger), commitAddress, t);
        return !(r instanceof PublishResult.Stale); // Stale: r.current() holds the newer head
    }

    @Override
    public void close() {
        ns.close(); // once, at shutdown
    }
}
