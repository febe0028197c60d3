package io.tidemark.backend.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.BackendConfig;
import io.tidemark.publisher.CasResult;
import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.NsRecord;
import io.tidemark.tck.PublisherTck;
import io.tidemark.tck.TckCapability;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Every P rule against the real DynamoDB Local over HTTP, durable and multi-process rules included, through a
 * {@link FaultProxy} that can lose a reply (FAULTS, rule P27).
 */
@ExtendWith(DynamoDbLocal.class)
class DynamoDbPublisherTckTest extends PublisherTck {
    static final FaultProxy PROXY = new FaultProxy(DynamoDbLocal.shared().endpoint());
    /** Alternates across the suite's tests (JUnit makes an instance per test). */
    private static final AtomicInteger LOST = new AtomicInteger();

    @Override
    protected BackendConfig newStoreConfig() {
        return BackendConfig.of(
                "dynamodb",
                DynamoDbLocal.publisherSettingsFor(
                        PROXY.endpoint().toString(), DynamoDbLocal.freshTable("fluree-nameservice")));
    }

    @Override
    protected Set<TckCapability> capabilities() {
        return EnumSet.of(
                TckCapability.DURABLE, TckCapability.MULTI_PROCESS, TckCapability.FAULTS, TckCapability.WATCH);
    }

    /** FAULTS: the next request is applied and its reply lost, alternately by a dropped connection and an HTTP 500. */
    @Override
    protected void loseNextReply() {
        PROXY.arm(
                LOST.getAndIncrement() % 2 == 0
                        ? FaultProxy.Fault.ERROR_500_AFTER_APPLY
                        : FaultProxy.Fault.DROP_AFTER_APPLY);
    }

    /** P28: writes the record as another tool would, one raw {@code PutItem} of the guide's item form. */
    @Override
    protected void plantRecord(NsRecord r) {
        Map<String, AttributeValue> item = new HashMap<>();
        item.put(Items.LEDGER_ALIAS, Items.s(r.alias().toString()));
        item.put(Items.LEDGER_NAME, Items.s(r.alias().name()));
        item.put(Items.BRANCH, Items.s(r.alias().branch()));
        r.commitAddress().ifPresent(a -> item.put(Items.COMMIT_ADDRESS, Items.s(a)));
        r.commitT().ifPresent(t -> item.put(Items.COMMIT_T, Items.n(t)));
        r.indexAddress().ifPresent(a -> item.put(Items.INDEX_ADDRESS, Items.s(a)));
        r.indexT().ifPresent(t -> item.put(Items.INDEX_T, Items.n(t)));
        r.defaultContextAddress().ifPresent(a -> item.put(Items.DEFAULT_CONTEXT_ADDRESS, Items.s(a)));
        item.put(Items.STATUS, Items.s(r.status()));
        item.put(Items.UPDATED_AT, Items.n(r.updatedAt()));
        item.put(Items.STATUS_V, Items.n(r.statusV()));
        item.put(Items.STATUS_META, Items.value(r.statusMeta()));
        item.put(Items.CONFIG_V, Items.n(r.configV()));
        item.put(Items.CONFIG_META, Items.value(r.configMeta()));
        try (DynamoDbClient raw = DynamoDbLocal.client(java.net.URI.create(DynamoDbLocal.endpoint()))) {
            raw.putItem(b -> b.tableName(config.requireString("dynamodbTable")).item(item));
        }
    }

    /** The hook itself, until the TCK's P27 uses it: the armed fault hits the next call, which ends truthfully. */
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
