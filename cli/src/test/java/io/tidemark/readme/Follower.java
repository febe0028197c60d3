package io.tidemark.readme;

import io.tidemark.backend.file.FileBackendProvider;
import io.tidemark.discovery.Tidemark;
import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.NsChange;
import io.tidemark.publisher.Publisher;
import java.nio.file.Path;
import java.util.concurrent.Flow;
import java.util.function.Consumer;

/** A reader following one ledger: every applied change (by any process), in order, the latest state always last. */
public final class Follower implements AutoCloseable {
    private final Publisher ns;

    public Follower(Path directory, String ledger, Consumer<NsChange> onChange) {
        ns = Tidemark.openPublisher(FileBackendProvider.config(directory));
        ns.watch(LedgerAlias.parse(ledger)).subscribe(new Flow.Subscriber<NsChange>() {
            private Flow.Subscription subscription;

            @Override
            public void onSubscribe(Flow.Subscription s) {
                subscription = s;
                s.request(1); // one at a time: changes arriving meanwhile are folded into the next event
            }

            @Override
            public void onNext(NsChange change) { // on the store's watch thread: keep it short
                onChange.accept(change); // change.kinds(): COMMIT, INDEX, STATUS, CONFIG, RETRACT, DELETE
                subscription.request(1);
            }

            @Override
            public void onError(Throwable e) {
                System.err.println("watch failed: " + e);
            }

            @Override
            public void onComplete() {} // the store was closed
        });
    }

    @Override
    public void close() {
        ns.close(); // completes the watch
    }
}
