package io.tidemark.backend.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.tidemark.BackendConfig;
import io.tidemark.discovery.Tidemark;
import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.Publisher;
import io.tidemark.spi.ConfigKey.Contract;
import io.tidemark.spi.PublisherBackend;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(DynamoDbLocal.class)
class Attack3LayerAndSameStoreTest {

    /**
     * The endpoint is an identity key compared as raw text: {@code http://h:p} and {@code http://h:p/} reach one table
     * of one server, yet sameStore says two stores, so {@code tidemark migrate} copies the store onto itself.
     */
    @Test
    void anEndpointWithATrailingSlashIsTheSameStore() {
        String table = DynamoDbLocal.freshTable("a3-slash");
        BackendConfig plain = BackendConfig.of("aws", DynamoDbLocal.watermarkSettings(table));
        BackendConfig slash = plain.with("endpoint", DynamoDbLocal.endpoint() + "/");
        WatermarkKey key = new WatermarkKey("NetXattack3", "tz1slash", "block");
        try (WatermarkStore a = Tidemark.openWatermarkStore(plain)) {
            a.advance(key, new Watermark(5, 0, "d5"));
        }
        try (WatermarkStore b = Tidemark.openWatermarkStore(slash)) {
            assertThat(b.get(key)).as("both spellings open one table").contains(new Watermark(5, 0, "d5"));
        }
        assertThat(Tidemark.sameStore(plain, slash, Contract.WATERMARK))
                .as("sameStore(" + DynamoDbLocal.endpoint() + ", same + '/')")
                .isTrue();
    }

    /**
     * {@code Tidemark.provider(driver)} is public and its {@code openPublisher} returns the bare storage: no config key
     * check (a mistyped key is silently ignored) and no argument check. A negative t and an empty address are written
     * to the table, and the checked store opened on the same table then cannot read the record.
     */
    @Test
    void thePublicProviderHandsOutAnUncheckedBackendThatWritesInvalidInput() {
        String table = DynamoDbLocal.freshTable("a3-raw");
        Map<String, Object> settings = new HashMap<>(DynamoDbLocal.publisherSettings(table));
        settings.put("create_tabel", "oops"); // refused by Tidemark.openPublisher, ignored here
        LedgerAlias alias = LedgerAlias.parse("attack3:main");
        try (PublisherBackend raw = Tidemark.provider("aws").openPublisher(BackendConfig.of("aws", settings))) {
            catchThrowable(() -> raw.publishCommit(alias, "", -7, -1));
        }
        try (Publisher checked =
                Tidemark.openPublisher(BackendConfig.of("aws", DynamoDbLocal.publisherSettings(table)))) {
            assertThatThrownBy(() -> checked.publishCommit(alias, "", -7))
                    .as("the layer refuses it")
                    .hasMessageContaining("address");
            assertThat(catchThrowable(() -> checked.lookup(alias)))
                    .as("nothing was written by the invalid call")
                    .isNull();
            assertThat(checked.lookup(alias))
                    .as("nothing was written by the invalid call")
                    .isEmpty();
        }
    }
}
