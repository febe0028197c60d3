package io.tidemark.spi;

import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.NsChange;
import io.tidemark.publisher.Publisher;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.Flow;
import org.reactivestreams.tck.TestEnvironment;
import org.reactivestreams.tck.flow.FlowPublisherVerification;

/**
 * {@link Publisher#watchAll()} checked by the Reactive Streams TCK's Flow variant (TestNG, run by the JUnit
 * Platform's TestNG engine). Every required rule must pass; optional rules may be skipped by the TCK with its reason.
 *
 * <p>A watch emits changes, not a fixed list, so each subscription of {@link #createFlowPublisher(long)} gets a fresh
 * store and a producer behind it that applies one change (a first commit to a new alias, so that no two are conflated)
 * per element the subscriber requests, keeping at most a few ahead of delivery, and closes the store after the last
 * one: the watch delivers what was applied before close and completes. The producer only reacts to the demand it sees
 * pass; every signal the TCK checks (onSubscribe, onNext, onError, onComplete, rule 3.9's error, cancellation) comes
 * from the watch itself.
 */
public class WatchFlowTckTest extends FlowPublisherVerification<NsChange> {
    private static final Clock FIXED = Clock.fixed(Instant.parse("2026-01-01T00:00:00Z"), ZoneOffset.UTC);

    public WatchFlowTckTest() {
        super(new TestEnvironment(2_000, 300), 2_000);
    }

    @Override
    public Flow.Publisher<NsChange> createFlowPublisher(long elements) {
        return subscriber -> {
            Publisher store = Checked.publisher(new MapBackend(), FIXED);
            Producer producer = new Producer(store, elements);
            store.watchAll().subscribe(subscriber == null ? null : producer.between(subscriber));
            producer.produce();
        };
    }

    /** A watch of a store closed before anyone subscribed: subscribing ends in onError. */
    @Override
    public Flow.Publisher<NsChange> createFailedFlowPublisher() {
        Publisher store = Checked.publisher(new MapBackend(), FIXED);
        Flow.Publisher<NsChange> watch = store.watchAll();
        store.close();
        return watch;
    }

    /** Applies changes as the subscriber asks for them, then closes the store. */
    private static final class Producer {
        private static final int AHEAD = 8;
        private final Publisher store;
        private final long elements;
        private long demand;
        private long produced;
        private long written;
        private long delivered;
        private boolean stopped;

        Producer(Publisher store, long elements) {
            this.store = store;
            this.elements = elements;
        }

        Flow.Subscriber<NsChange> between(Flow.Subscriber<? super NsChange> subscriber) {
            return new Flow.Subscriber<>() {
                @Override
                public void onSubscribe(Flow.Subscription s) {
                    subscriber.onSubscribe(new Flow.Subscription() {
                        @Override
                        public void request(long n) {
                            s.request(n);
                            demanded(n);
                            produce();
                        }

                        @Override
                        public void cancel() {
                            s.cancel();
                            stop();
                        }
                    });
                }

                @Override
                public void onNext(NsChange item) {
                    subscriber.onNext(item);
                    delivered();
                }

                @Override
                public void onError(Throwable t) {
                    stop();
                    subscriber.onError(t);
                }

                @Override
                public void onComplete() {
                    subscriber.onComplete();
                }
            };
        }

        private synchronized void demanded(long n) {
            if (n > 0) {
                demand = demand + n < 0 ? Long.MAX_VALUE : demand + n;
            }
        }

        private void delivered() {
            synchronized (this) {
                delivered++;
            }
            produce();
        }

        private synchronized void stop() {
            stopped = true;
        }

        /**
         * Applies the changes the demand allows; closes the store once the last write has returned, so that the close
         * follows every change. Never holds the monitor while calling the store.
         */
        void produce() {
            while (true) {
                long next;
                synchronized (this) {
                    if (stopped) {
                        return;
                    }
                    if (written == elements) {
                        stopped = true;
                        next = -1;
                    } else if (produced < elements && produced < demand && produced - delivered < AHEAD) {
                        next = produced++;
                    } else {
                        return;
                    }
                }
                if (next < 0) {
                    store.close();
                    return;
                }
                store.publishCommit(new LedgerAlias("e" + next, "main"), "fluree:commit:" + next, 1);
                synchronized (this) {
                    written++;
                }
            }
        }
    }
}
