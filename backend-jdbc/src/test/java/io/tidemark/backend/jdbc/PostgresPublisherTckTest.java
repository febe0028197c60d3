package io.tidemark.backend.jdbc;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.BackendConfig;
import io.tidemark.publisher.CasResult;
import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.NsRecord;
import io.tidemark.tck.PublisherTck;
import io.tidemark.tck.TckCapability;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Every P rule against a real PostgreSQL server (embedded, started once per JVM), durable and multi-process rules
 * included, through a {@link PgProxy} that can lose a reply (FAULTS, rule P27).
 */
class PostgresPublisherTckTest extends PublisherTck {
    static final PgProxy PROXY = new PgProxy(EmbeddedPg.shared().port);

    @Override
    protected BackendConfig newStoreConfig() {
        return BackendConfig.of(
                "postgresql",
                EmbeddedPg.settings(PROXY.url(), "nameservice_table", EmbeddedPg.freshTable("nameservice")));
    }

    @Override
    protected Set<TckCapability> capabilities() {
        return EnumSet.of(
                TckCapability.DURABLE, TckCapability.MULTI_PROCESS, TckCapability.FAULTS, TckCapability.WATCH);
    }

    /** FAULTS: the next statement commits on the server and the connection drops before its reply arrives. */
    @Override
    protected void loseNextReply() {
        PROXY.loseNextReply();
    }

    /** P28: writes the record as another tool would, one raw {@code INSERT ... ON CONFLICT DO UPDATE}. */
    @Override
    protected void plantRecord(NsRecord r) {
        Planting.plant("public", config.requireString("nameservice_table"), r);
    }

    /** The hook itself: the armed fault hits the next call, which ends truthfully. */
    @Test
    void loseNextReplyLosesTheReplyOfTheNextCall() {
        LedgerAlias a = LedgerAlias.parse("hook:main");
        publisher.publishCommit(a, "c1", 1);
        for (int i = 0; i < 2; i++) {
            int faults = PROXY.faults();
            loseNextReply();
            assertThat(publisher.pushStatus(a, 1 + i, "s" + i, Map.of()))
                    .as("our token identifies our applied change")
                    .isEqualTo(new CasResult.Applied(publisher.lookup(a).orElseThrow()));
            assertThat(PROXY.faults()).isEqualTo(faults + 1);
            assertThat(publisher.lookup(a).orElseThrow().statusV()).isEqualTo(2 + i);
        }
    }
}
