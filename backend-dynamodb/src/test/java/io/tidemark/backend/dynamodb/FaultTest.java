package io.tidemark.backend.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.tidemark.BackendConfig;
import io.tidemark.BackendUnavailableException;
import io.tidemark.discovery.Tidemark;
import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.Publisher;
import io.tidemark.watermark.AdvanceResult;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stops the server under a live store: calls fail with {@link BackendUnavailableException} within the configured
 * timeout (plus a grace for the SDK's backoff), nothing regresses; started again on the same files, calls succeed.
 */
class FaultTest {
    private static final long TIMEOUT_MS = 1_500;

    @TempDir
    Path db;

    @Test
    void serverDownIsUnavailableWithinTheTimeoutAndNothingRegresses() {
        DynamoDbLocal.Server server = new DynamoDbLocal.Server(DynamoDbLocal.freePort(), db).start();
        try {
            // The first request to a fresh on-disk server initialises its database (about a second on a loaded
            // machine):
            // warm it up with the default timeouts so that the short timeout below measures only the outage.
            try (var warm = DynamoDbLocal.client(server.endpoint())) {
                warm.listTables();
            }
            Map<String, Object> wm = new HashMap<>(Map.of(
                    "region",
                    "us-east-1",
                    "table",
                    "watermark",
                    "endpoint",
                    server.endpoint().toString(),
                    "access_key_id",
                    DynamoDbLocal.KEY,
                    "secret_access_key",
                    DynamoDbLocal.SECRET,
                    "timeout_ms",
                    TIMEOUT_MS));
            Map<String, Object> ns = new HashMap<>(Map.of(
                    "dynamodbTable",
                    "fluree-nameservice",
                    "dynamodbEndpoint",
                    server.endpoint().toString(),
                    "dynamodbTimeoutMs",
                    TIMEOUT_MS,
                    "create_table",
                    true,
                    "access_key_id",
                    DynamoDbLocal.KEY,
                    "secret_access_key",
                    DynamoDbLocal.SECRET));
            WatermarkKey key = new WatermarkKey("NetX", "tz1fault", "block");
            LedgerAlias alias = LedgerAlias.parse("fault");
            try (WatermarkStore store = Tidemark.openWatermarkStore(BackendConfig.of("aws", wm));
                    Publisher p = Tidemark.openPublisher(BackendConfig.of("aws", ns))) {
                store.advance(key, new Watermark(10, 0, "a"));
                p.publishCommit(alias, "c10", 10);
                server.stop();
                for (Runnable call : new Runnable[] {
                    () -> store.advance(key, new Watermark(11, 0, "b")),
                    () -> store.get(key),
                    () -> p.publishCommit(alias, "c11", 11),
                    () -> p.lookup(alias)
                }) {
                    long start = System.nanoTime();
                    Throwable t = catchThrowable(call::run);
                    long ms = (System.nanoTime() - start) / 1_000_000;
                    assertThat(t)
                            .isInstanceOf(BackendUnavailableException.class)
                            .hasMessageContaining(server.endpoint().toString());
                    assertThat(ms)
                            .as("time to fail, configured timeout %d ms", TIMEOUT_MS)
                            .isLessThan(TIMEOUT_MS + 3_000);
                }
                server.start();
                assertThat(store.get(key)).contains(new Watermark(10, 0, "a"));
                assertThat(store.advance(key, new Watermark(9, 0, "z"))).isInstanceOf(AdvanceResult.Refused.class);
                assertThat(store.advance(key, new Watermark(12, 0, "c"))).isInstanceOf(AdvanceResult.Advanced.class);
                assertThat(p.lookup(alias).orElseThrow().commitT()).hasValue(10);
                assertThat(p.publishCommit(alias, "c12", 12).applied()).isTrue();
            }
        } finally {
            server.stop();
        }
    }
}
