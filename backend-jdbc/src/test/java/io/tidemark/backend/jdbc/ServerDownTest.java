package io.tidemark.backend.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.tidemark.BackendConfig;
import io.tidemark.BackendUnavailableException;
import io.tidemark.Health;
import io.tidemark.discovery.Tidemark;
import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.PublishResult;
import io.tidemark.publisher.Publisher;
import io.tidemark.watermark.AdvanceResult;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Stops a real server under live stores (its own server, on its own data directory and port): every call fails with
 * {@link BackendUnavailableException} (a write whose connection broke under it with its subtype
 * {@link io.tidemark.OutcomeUnknownException}) within the configured connect timeout plus a grace, nothing regresses;
 * started again on the same data directory and port, the same stores work again without being reopened, as soon as
 * the pool has reconnected.
 */
class ServerDownTest {
    private static final long CONNECT_TIMEOUT_MS = 500;

    @TempDir
    Path data;

    @Test
    void serverDownIsUnavailableWithinTheTimeoutNothingRegressesAndStoresRecover() {
        EmbeddedPg.Server server = new EmbeddedPg.Server(EmbeddedPg.freePort(), data.resolve("pg")).start();
        try {
            Map<String, Object> common = Map.of(
                    "url", server.url(), "user", "postgres", "connect_timeout_ms", CONNECT_TIMEOUT_MS, "pool_size", 2);
            WatermarkKey key = new WatermarkKey("NetX", "tz1down", "block");
            LedgerAlias alias = LedgerAlias.parse("down");
            try (WatermarkStore store = Tidemark.openWatermarkStore(BackendConfig.of("postgresql", common));
                    Publisher p = Tidemark.openPublisher(BackendConfig.of("postgresql", common))) {
                assertThat(store.advance(key, new Watermark(10, 0, "a")))
                        .isEqualTo(new AdvanceResult.Advanced(Optional.empty()));
                assertThat(p.publishCommit(alias, "c10", 10).applied()).isTrue();
                assertThat(store.check().reachable()).isTrue();
                assertThat(p.check().reachable()).isTrue();

                server.stop(); // mid-run: the pools still hold connections to the stopped server
                assertThat(store.check()).isInstanceOfSatisfying(Health.Unreachable.class, u -> assertThat(u.reason())
                        .contains(server.url()));
                assertThat(p.check().reachable()).isFalse();
                for (Runnable call : new Runnable[] {
                    () -> store.advance(key, new Watermark(11, 0, "b")),
                    () -> store.get(key),
                    () -> store.advance(key, new Watermark(12, 0, "b")),
                    () -> p.publishCommit(alias, "c11", 11),
                    () -> p.lookup(alias),
                    () -> p.retract(alias)
                }) {
                    long start = System.nanoTime();
                    Throwable t = catchThrowable(call::run);
                    long ms = (System.nanoTime() - start) / 1_000_000;
                    assertThat(t)
                            .isInstanceOf(BackendUnavailableException.class)
                            .hasMessageContaining(server.url());
                    assertThat(ms)
                            .as("time to fail, connect timeout %d ms", CONNECT_TIMEOUT_MS)
                            .isLessThan(3 * CONNECT_TIMEOUT_MS + 3_000);
                }

                server.start();
                // Hikari reconnects in the background with a backoff (at most 5 s per attempt): until then calls
                // still fail, as BackendUnavailableException. Each try below waits at most the connect timeout.
                assertThat(recovered(() -> store.get(key))).isTrue();
                assertThat(recovered(() -> p.lookup(alias))).isTrue();
                assertThat(store.get(key)).contains(new Watermark(10, 0, "a"));
                assertThat(store.advance(key, new Watermark(9, 0, "z")))
                        .isEqualTo(new AdvanceResult.Refused(new Watermark(10, 0, "a")));
                assertThat(store.advance(key, new Watermark(13, 0, "c")))
                        .isEqualTo(new AdvanceResult.Advanced(Optional.of(new Watermark(10, 0, "a"))));
                assertThat(p.lookup(alias).orElseThrow().commitT()).hasValue(10);
                assertThat(p.lookup(alias).orElseThrow().statusV()).isEqualTo(1);
                assertThat(p.publishCommit(alias, "c12", 12)).isInstanceOf(PublishResult.Updated.class);
            }
        } finally {
            server.stop();
        }
    }

    /** Whether {@code call} succeeds within 12 s, failing meanwhile only with BackendUnavailableException. */
    private static boolean recovered(Runnable call) {
        long deadline = System.nanoTime() + 12_000_000_000L;
        while (true) {
            try {
                call.run();
                return true;
            } catch (BackendUnavailableException e) {
                if (System.nanoTime() > deadline) {
                    return false;
                }
            }
        }
    }

    @Test
    void openingWithTheServerDownIsUnavailableNamingTheUrl() {
        String url = EmbeddedPg.url(EmbeddedPg.freePort()); // nothing listens there
        BackendConfig c = BackendConfig.of(
                "postgresql", Map.of("url", url, "user", "postgres", "password", "hunter2", "connect_timeout_ms", 500));
        assertThatThrownBy(() -> Tidemark.openWatermarkStore(c))
                .isInstanceOf(BackendUnavailableException.class)
                .hasMessageContaining(url)
                .hasMessageNotContaining("hunter2");
    }
}
