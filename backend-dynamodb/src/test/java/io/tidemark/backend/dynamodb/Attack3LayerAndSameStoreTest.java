package io.tidemark.backend.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.BackendConfig;
import io.tidemark.discovery.Tidemark;
import io.tidemark.spi.BackendProvider;
import io.tidemark.spi.ConfigKey.Contract;
import io.tidemark.spi.PublisherBackend;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
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
     * Discovery once handed out providers ({@code Tidemark.provider(driver)}), whose {@code openPublisher} returns the
     * bare storage: no key check, no argument check (an empty address and a negative t reached the table). No public
     * method of discovery may return a provider or a backend's storage.
     */
    @Test
    void discoveryHandsOutNoProviderAndNoUncheckedStorage() {
        for (java.lang.reflect.Method m : Tidemark.class.getMethods()) {
            Class<?> r = m.getReturnType();
            assertThat(BackendProvider.class.isAssignableFrom(r)
                            || PublisherBackend.class.isAssignableFrom(r)
                            || io.tidemark.spi.WatermarkBackend.class.isAssignableFrom(r))
                    .as("Tidemark.%s returns %s", m.getName(), r.getName())
                    .isFalse();
        }
        assertThat(Tidemark.describe("dynamodb").keys())
                .extracting(k -> k.name())
                .contains("dynamodbTable");
    }
}
