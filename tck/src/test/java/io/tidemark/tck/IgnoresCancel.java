package io.tidemark.tck;

import io.tidemark.publisher.NsChange;
import io.tidemark.publisher.Publisher;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.Flow;

/** A publisher whose watches ignore {@code cancel()}: a flaw for the self-test of rule P34. */
final class IgnoresCancel {
    private IgnoresCancel() {}

    static Publisher wrap(Publisher p) {
        return (Publisher) Proxy.newProxyInstance(
                Publisher.class.getClassLoader(), new Class<?>[] {Publisher.class}, (proxy, m, args) -> {
                    Object r;
                    try {
                        r = m.invoke(p, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (r instanceof Flow.Publisher<?> w) {
                        @SuppressWarnings("unchecked")
                        Flow.Publisher<NsChange> watch = (Flow.Publisher<NsChange>) w;
                        return (Flow.Publisher<NsChange>) s -> watch.subscribe(new Flow.Subscriber<>() {
                            @Override
                            public void onSubscribe(Flow.Subscription sub) {
                                s.onSubscribe(new Flow.Subscription() {
                                    @Override
                                    public void request(long n) {
                                        sub.request(n);
                                    }

                                    @Override
                                    public void cancel() {
                                        // the flaw: delivery goes on
                                    }
                                });
                            }

                            @Override
                            public void onNext(NsChange item) {
                                s.onNext(item);
                            }

                            @Override
                            public void onError(Throwable t) {
                                s.onError(t);
                            }

                            @Override
                            public void onComplete() {
                                s.onComplete();
                            }
                        });
                    }
                    return r;
                });
    }
}
