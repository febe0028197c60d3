package io.tidemark.backend.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.publisher.LedgerAlias;
import io.tidemark.spi.ChangeSignal;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * The DynamoDB publisher's change signal: each of its own applied writes wakes the watchers once, synchronously, and
 * calls that change nothing do not (so a stale publisher does not make watchers of everything scan the table).
 */
@ExtendWith(DynamoDbLocal.class)
class WatchSignalTest {
    private static final LedgerAlias A = LedgerAlias.parse("l:main");
    private static final LedgerAlias UNKNOWN = LedgerAlias.parse("nobody:main");

    @Test
    void ownAppliedWritesWakeOnceAndNothingElseDoes() {
        try (DynamoDbClient client = DynamoDbLocal.client(URI.create(DynamoDbLocal.endpoint()))) {
            DynamoDbPublisher backend = new DynamoDbPublisher(
                    Table.open(client, DynamoDbLocal.freshTable("watch-signal"), DynamoDbPublisher.SCHEMA, true));
            ChangeSignal signal = backend.changeSignal();
            assertThat(signal.pollInterval()).isEqualTo(Duration.ofSeconds(1));
            AtomicInteger wakes = new AtomicInteger();
            ChangeSignal.Stop stop = signal.start(wakes::incrementAndGet);

            backend.publishCommit(A, "c1", 1, 10);
            backend.publishIndex(A, "i1", 1, 10);
            assertThat(wakes).as("after an applied commit and index").hasValue(2);
            backend.publishCommit(A, "c1", 1, 11);
            backend.publishIndex(A, "i0", 0, 11);
            backend.pushStatus(A, 9, "x", Map.of(), 11);
            backend.pushConfig(A, 9, Map.of(), Optional.empty(), 11);
            backend.retract(UNKNOWN, 11);
            backend.delete(UNKNOWN);
            assertThat(wakes).as("after calls that changed nothing").hasValue(2);
            backend.pushStatus(A, 1, "x", Map.of(), 12);
            backend.pushConfig(A, 0, Map.of(), Optional.empty(), 12);
            backend.retract(A, 13);
            backend.delete(A);
            assertThat(wakes).as("after status, config, retract and delete").hasValue(6);
            stop.close();
            backend.publishCommit(A, "c2", 2, 14);
            assertThat(wakes).as("after the signal stopped").hasValue(6);
        }
    }
}
