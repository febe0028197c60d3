package io.tidemark.spring;

import static io.tidemark.spring.MemoryStarterTest.KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.InvalidConfigException;
import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.PublishResult;
import io.tidemark.publisher.Publisher;
import io.tidemark.watermark.AdvanceResult;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkStore;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

/**
 * The DynamoDB backend through the starter, on DynamoDB Local: the signer's and the nameservice's keys (in Spring's
 * spellings too), beans that work and close, and secrets kept out of start-up failures.
 */
class DynamoDbStarterTest {
    private static DynamoDbLocalServer dynamo;

    private final ApplicationContextRunner runner =
            new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(TidemarkAutoConfiguration.class));

    @BeforeAll
    static void start() {
        dynamo = DynamoDbLocalServer.start();
    }

    @AfterAll
    static void stop() {
        dynamo.close();
    }

    /** The signer guide's keys for a watermark store on {@code table}. */
    static String[] watermark(String endpoint, String table) {
        return new String[] {
            "tidemark.watermark.driver=aws",
            "tidemark.watermark.config.region=us-east-1",
            "tidemark.watermark.config.table=" + table,
            "tidemark.watermark.config.endpoint=" + endpoint,
            "tidemark.watermark.config.timeout_ms=30000", // generous: DynamoDB Local on a loaded machine
            "tidemark.watermark.config.access-key-id=" + DynamoDbLocalServer.KEY,
            "tidemark.watermark.config.secret-access-key=" + DynamoDbLocalServer.SECRET
        };
    }

    @Test
    void watermarkStoreAndPublisherOnDynamoDbLocal() {
        AtomicReference<WatermarkStore> marks = new AtomicReference<>();
        AtomicReference<Publisher> ns = new AtomicReference<>();
        String nsTable = DynamoDbLocalServer.freshTable("ns");
        runner.withPropertyValues(watermark(dynamo.endpoint(), DynamoDbLocalServer.freshTable("wm")))
                .withPropertyValues(
                        "tidemark.publisher.driver=dynamodb",
                        "tidemark.publisher.config.dynamodbTable=" + nsTable,
                        "tidemark.publisher.config.dynamodb-region=us-east-1",
                        "tidemark.publisher.config.dynamodb-endpoint=" + dynamo.endpoint(),
                        "tidemark.publisher.config.create_table=true",
                        "tidemark.publisher.config.dynamodb-timeout-ms=30000",
                        "tidemark.publisher.config.access_key_id=" + DynamoDbLocalServer.KEY,
                        "tidemark.publisher.config.secret_access_key=" + DynamoDbLocalServer.SECRET)
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    WatermarkStore store = context.getBean(WatermarkStore.class);
                    assertThat(store.advance(KEY, new Watermark(100, 0, "d100")))
                            .isInstanceOf(AdvanceResult.Advanced.class);
                    assertThat(store.advance(KEY, new Watermark(100, 0, "other")))
                            .isEqualTo(new AdvanceResult.Refused(new Watermark(100, 0, "d100")));
                    Publisher publisher = context.getBean(Publisher.class);
                    LedgerAlias alias = LedgerAlias.parse("books:main");
                    assertThat(publisher.publishCommit(alias, "fluree:commit:5", 5))
                            .isInstanceOf(PublishResult.Updated.class);
                    assertThat(publisher.publishCommit(alias, "fluree:commit:4", 4))
                            .isInstanceOf(PublishResult.Stale.class);
                    marks.set(store);
                    ns.set(publisher);
                });
        assertThatThrownBy(() -> marks.get().get(KEY)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> ns.get().lookup(LedgerAlias.parse("books"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void anInvalidKeyFailsStartUpWithoutTheSecret() {
        runner.withPropertyValues(watermark(dynamo.endpoint(), DynamoDbLocalServer.freshTable("wm")))
                .withPropertyValues("tidemark.watermark.config.timeout_ms=soon")
                .run(context -> {
                    assertThat(context).hasFailed();
                    Throwable failure = context.getStartupFailure();
                    assertThat(failure)
                            .rootCause()
                            .isInstanceOf(InvalidConfigException.class)
                            .hasMessageStartingWith("tidemark.watermark.config: config key 'timeout_ms' of driver 'aws'"
                                    + " is 'soon'; expected ");
                    for (Throwable t = failure; t != null; t = t.getCause()) {
                        assertThat(t.getMessage()).doesNotContain(DynamoDbLocalServer.SECRET);
                        assertThat(t.toString()).doesNotContain(DynamoDbLocalServer.SECRET);
                    }
                });
    }

    @Test
    void aPublisherKeyInTheWatermarkSectionIsRefusedByName() {
        runner.withPropertyValues(watermark(dynamo.endpoint(), DynamoDbLocalServer.freshTable("wm")))
                .withPropertyValues("tidemark.watermark.config.dynamodbTable=t")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure())
                            .rootCause()
                            .isInstanceOf(InvalidConfigException.class)
                            .hasMessageContaining("unknown config key 'dynamodbTable' for driver 'aws'")
                            .hasMessageNotContaining(DynamoDbLocalServer.SECRET);
                });
    }
}
