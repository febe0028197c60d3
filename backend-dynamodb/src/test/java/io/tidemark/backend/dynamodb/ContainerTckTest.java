package io.tidemark.backend.dynamodb;

import io.tidemark.BackendConfig;
import io.tidemark.tck.PublisherTck;
import io.tidemark.tck.TckCapability;
import io.tidemark.tck.WatermarkStoreTck;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The same TCK against the {@code amazon/dynamodb-local} container, for machines with Docker. Skipped cleanly (not
 * failed) where no Docker engine runs, as on this project's CI.
 */
@Testcontainers(disabledWithoutDocker = true)
class ContainerTckTest {
    @Container
    static final GenericContainer<?> DYNAMODB =
            new GenericContainer<>("amazon/dynamodb-local:2.5.2").withExposedPorts(8000);

    static Map<String, Object> endpointOf(Map<String, Object> settings, String key) {
        Map<String, Object> m = new HashMap<>(settings);
        m.put(key, "http://" + DYNAMODB.getHost() + ":" + DYNAMODB.getMappedPort(8000));
        return m;
    }

    @Nested
    class Watermarks extends WatermarkStoreTck {
        @Override
        protected BackendConfig newStoreConfig() {
            return BackendConfig.of(
                    "aws",
                    endpointOf(
                            DynamoDbLocal.watermarkSettingsFor("http://x", DynamoDbLocal.freshTable("watermark")),
                            "endpoint"));
        }

        @Override
        protected Set<TckCapability> capabilities() {
            // FAULTS (W22/P27) runs in the in-JVM suites, through a FaultProxy; the container is reached directly.
            return EnumSet.of(TckCapability.DURABLE, TckCapability.MULTI_PROCESS);
        }
    }

    @Nested
    class Nameservice extends PublisherTck {
        @Override
        protected BackendConfig newStoreConfig() {
            return BackendConfig.of(
                    "aws",
                    endpointOf(
                            DynamoDbLocal.publisherSettingsFor("http://x", DynamoDbLocal.freshTable("ns")),
                            "dynamodbEndpoint"));
        }

        @Override
        protected Set<TckCapability> capabilities() {
            // FAULTS (W22/P27) runs in the in-JVM suites, through a FaultProxy; the container is reached directly.
            return EnumSet.of(TckCapability.DURABLE, TckCapability.MULTI_PROCESS);
        }
    }
}
