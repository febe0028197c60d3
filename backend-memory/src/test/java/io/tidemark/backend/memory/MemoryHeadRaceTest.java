package io.tidemark.backend.memory;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.NsRecord;
import io.tidemark.publisher.PublishResult;
import io.tidemark.publisher.Publisher;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The adversarial review of ac59a4b ({@code publishCommit}/{@code publishIndex} run {@code compute} with one
 * {@code Head} object that keeps the outcome): threads really race commit and index publishes on one alias, with a
 * clock that goes backwards; no update is lost (the record ends at the highest t of each head, with that t's
 * address), each call gets its own outcome (an applied call's record holds exactly its address and t, above the
 * previous one), and {@code updated_at} never goes back.
 */
class MemoryHeadRaceTest {
    private static final LedgerAlias ALIAS = LedgerAlias.parse("ledger:race");

    /** One publish: the commit head or the index head, at t (its address is a function of the head and t). */
    record Call(boolean commit, long t) {
        String address() {
            return (commit ? "c" : "i") + t;
        }
    }

    @Provide
    Arbitrary<List<List<Call>>> threads() {
        Arbitrary<Call> call = Combinators.combine(
                        Arbitraries.of(true, false), Arbitraries.longs().between(0, 400))
                .as(Call::new);
        return call.list().ofMinSize(50).ofMaxSize(400).list().ofMinSize(2).ofMaxSize(4);
    }

    /** A clock that runs backwards by one second per read, from far ahead. */
    private static Clock backwards() {
        AtomicLong millis = new AtomicLong(4_000_000_000_000L);
        return new Clock() {
            @Override
            public ZoneId getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(ZoneId zone) {
                return this;
            }

            @Override
            public Instant instant() {
                return Instant.ofEpochMilli(millis());
            }

            @Override
            public long millis() {
                return millis.getAndAdd(-1000);
            }
        };
    }

    @Property(tries = 40)
    void racingHeadsLoseNothingAndEachCallKeepsItsOwnOutcome(@ForAll("threads") List<List<Call>> plans)
            throws Exception {
        Publisher p = MemoryPublisher.open(backwards());
        CountDownLatch start = new CountDownLatch(1);
        List<List<PublishResult>> results = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        List<Throwable> failures = java.util.Collections.synchronizedList(new ArrayList<>());
        for (List<Call> plan : plans) {
            List<PublishResult> mine = new ArrayList<>();
            results.add(mine);
            Thread th = new Thread(() -> {
                try {
                    start.await();
                    for (Call c : plan) {
                        mine.add(
                                c.commit()
                                        ? p.publishCommit(ALIAS, c.address(), c.t())
                                        : p.publishIndex(ALIAS, c.address(), c.t()));
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            threads.add(th);
            th.start();
        }
        start.countDown();
        for (Thread th : threads) {
            th.join();
        }
        assertThat(failures).isEmpty();

        long maxCommit = plans.stream()
                .flatMap(List::stream)
                .filter(Call::commit)
                .mapToLong(Call::t)
                .max()
                .orElse(-1);
        long maxIndex = plans.stream()
                .flatMap(List::stream)
                .filter(c -> !c.commit())
                .mapToLong(Call::t)
                .max()
                .orElse(-1);
        NsRecord last = p.lookup(ALIAS).orElseThrow();
        assertThat(last.commitT().orElse(-1)).isEqualTo(maxCommit);
        assertThat(last.indexT().orElse(-1)).isEqualTo(maxIndex);
        assertThat(last.commitAddress())
                .isEqualTo(
                        last.commitT().isPresent()
                                ? java.util.Optional.of("c" + maxCommit)
                                : java.util.Optional.empty());
        assertThat(last.indexAddress())
                .isEqualTo(
                        last.indexT().isPresent() ? java.util.Optional.of("i" + maxIndex) : java.util.Optional.empty());

        int applied = 0;
        for (int i = 0; i < plans.size(); i++) {
            for (int j = 0; j < plans.get(i).size(); j++) {
                Call c = plans.get(i).get(j);
                PublishResult r = results.get(i).get(j);
                NsRecord cur = r.current();
                long headT = (c.commit() ? cur.commitT() : cur.indexT()).getAsLong();
                String headAddress = (c.commit() ? cur.commitAddress() : cur.indexAddress()).get();
                if (r instanceof PublishResult.Updated u) {
                    applied++;
                    assertThat(headT).as("%s got %s", c, r).isEqualTo(c.t());
                    assertThat(headAddress).isEqualTo(c.address());
                    u.previous().ifPresent(prev -> {
                        assertThat((c.commit() ? prev.commitT() : prev.indexT()).orElse(-1))
                                .isLessThan(c.t());
                        assertThat(cur.updatedAt()).isGreaterThanOrEqualTo(prev.updatedAt());
                    });
                } else if (r instanceof PublishResult.Unchanged) {
                    assertThat(headT).as("%s got %s", c, r).isEqualTo(c.t());
                    assertThat(headAddress).isEqualTo(c.address());
                } else {
                    assertThat(headT).as("%s got %s", c, r).isGreaterThan(c.t());
                }
            }
        }
        // every applied publish raised its head: at most one per distinct (head, t), at least one for each maximum
        long distinct = plans.stream().flatMap(List::stream).distinct().count();
        assertThat(applied).isBetween((maxCommit >= 0 ? 1 : 0) + (maxIndex >= 0 ? 1 : 0), (int) distinct);
        // the clock ran backwards all along: updated_at ends at the latest any call saw, never moved back
        long latestSeen = results.stream()
                .flatMap(List::stream)
                .mapToLong(r -> r.current().updatedAt())
                .max()
                .orElseThrow();
        assertThat(last.updatedAt()).isEqualTo(latestSeen);
    }
}
