package io.tidemark.backend.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.BackendConfig;
import io.tidemark.discovery.Tidemark;
import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.PublishResult;
import io.tidemark.publisher.Publisher;
import io.tidemark.watermark.AdvanceResult;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The concurrent-creation path, made deterministic: another transaction inserts the key and holds it uncommitted;
 * the call starts and waits on that insert ({@code ON CONFLICT} waits for the inserter: the test watches the server
 * until the call's backend waits on a lock); then the other transaction commits or rolls back. The call's statement
 * wrote nothing and saw no row, so it is run again, and must decide on the row the other transaction created:
 * never an {@code Advanced} over another writer's digest at the same slot.
 */
class InsertRaceTest {
    private static final String URL = EmbeddedPg.shared().url();

    /** Runs {@code call} while {@code insert} is held uncommitted, then ends that transaction. */
    private static <T> T raced(String insert, boolean commit, Supplier<T> call) throws Exception {
        try (Connection other = EmbeddedPg.shared().connect()) {
            other.setAutoCommit(false);
            other.createStatement().execute(insert);
            CompletableFuture<T> running = CompletableFuture.supplyAsync(call);
            awaitLockWait(running);
            if (commit) {
                other.commit();
            } else {
                other.rollback();
            }
            return running.get(30, TimeUnit.SECONDS);
        }
    }

    /** Until some backend of application 'tidemark' waits on a lock (the call's statement is blocked). */
    private static void awaitLockWait(CompletableFuture<?> running) throws SQLException {
        try (Connection c = EmbeddedPg.shared().connect();
                PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM pg_stat_activity"
                        + " WHERE application_name = 'tidemark' AND wait_event_type = 'Lock'")) {
            while (!running.isDone()) {
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    if (rs.getInt(1) > 0) {
                        return;
                    }
                }
            }
        }
        throw new AssertionError("the call ended before waiting on the other insert: " + running.join());
    }

    @Test
    void anAdvanceRacedByTheCreationOfItsKeyDecidesOnTheCreatedRow() throws Exception {
        String t = EmbeddedPg.freshTable("insrace");
        try (WatermarkStore s = Tidemark.openWatermarkStore(
                BackendConfig.of("postgresql", EmbeddedPg.settings(URL, "watermark_table", t)))) {
            String ins = "INSERT INTO " + t + " VALUES ('NetX', '%s', 'block', %d, %d, '%s')";
            WatermarkKey k1 = new WatermarkKey("NetX", "tz1a", "block");
            assertThat(raced(
                            ins.formatted("tz1a", 5, 0, "theirs"),
                            true,
                            () -> s.advance(k1, new Watermark(5, 0, "mine"))))
                    .as("same slot, other digest: refused by the created row")
                    .isEqualTo(new AdvanceResult.Refused(new Watermark(5, 0, "theirs")));
            WatermarkKey k2 = new WatermarkKey("NetX", "tz1b", "block");
            assertThat(raced(
                            ins.formatted("tz1b", 5, 0, "same"),
                            true,
                            () -> s.advance(k2, new Watermark(5, 0, "same"))))
                    .isEqualTo(new AdvanceResult.Repeated(new Watermark(5, 0, "same")));
            WatermarkKey k3 = new WatermarkKey("NetX", "tz1c", "block");
            assertThat(raced(
                            ins.formatted("tz1c", 4, 9, "low"), true, () -> s.advance(k3, new Watermark(5, 0, "mine"))))
                    .isEqualTo(new AdvanceResult.Advanced(Optional.of(new Watermark(4, 9, "low"))));
            assertThat(s.get(k3)).contains(new Watermark(5, 0, "mine"));
            WatermarkKey k4 = new WatermarkKey("NetX", "tz1d", "block");
            assertThat(raced(
                            ins.formatted("tz1d", 5, 0, "theirs"),
                            false,
                            () -> s.advance(k4, new Watermark(5, 0, "mine"))))
                    .as("the other insert rolled back: ours creates the row")
                    .isEqualTo(new AdvanceResult.Advanced(Optional.empty()));
            assertThat(s.get(k4)).contains(new Watermark(5, 0, "mine"));
        }
    }

    @Test
    void aPublishRacedByTheCreationOfItsAliasDecidesOnTheCreatedRow() throws Exception {
        String t = EmbeddedPg.freshTable("insrace_ns");
        try (Publisher p = Tidemark.openPublisher(
                BackendConfig.of("postgresql", EmbeddedPg.settings(URL, "nameservice_table", t)))) {
            String ins = "INSERT INTO " + t + " (ledger_alias, ledger_name, branch, commit_address, commit_t)"
                    + " VALUES ('%1$s:main', '%1$s', 'main', '%2$s', %3$d)";
            LedgerAlias a = LedgerAlias.parse("a:main");
            assertThat(raced(ins.formatted("a", "theirs", 7), true, () -> p.publishCommit(a, "mine", 7)))
                    .isInstanceOf(PublishResult.Stale.class);
            assertThat(p.lookup(a).orElseThrow().commitAddress()).contains("theirs");
            LedgerAlias b = LedgerAlias.parse("b:main");
            assertThat(raced(ins.formatted("b", "theirs", 6), true, () -> p.publishCommit(b, "mine", 7)))
                    .isInstanceOf(PublishResult.Updated.class);
            assertThat(p.lookup(b).orElseThrow().commitT()).hasValue(7);
        }
    }
}
