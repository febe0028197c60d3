package io.tidemark.backend.jdbc;

import io.tidemark.BackendConfig;
import io.tidemark.tck.PublisherTck;
import io.tidemark.tck.TckCapability;
import io.tidemark.tck.WatermarkStoreTck;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Nested;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The same TCK against the official {@code postgres} image, for machines with Docker. Skipped cleanly (not failed)
 * where no Docker engine runs, as on this project's CI, where the embedded server runs the TCK instead.
 */
@Testcontainers(disabledWithoutDocker = true)
class ContainerTckTest {
    @Container
    static final PostgreSQLContainer<?> POSTGRES = new PostgreSQLContainer<>("postgres:17-alpine");

    static Map<String, Object> settings(String tableKey, String table) {
        Map<String, Object> m = new HashMap<>();
        m.put("url", POSTGRES.getJdbcUrl());
        m.put("user", POSTGRES.getUsername());
        m.put("password", POSTGRES.getPassword());
        m.put(tableKey, table);
        return m;
    }

    @Nested
    class Watermarks extends WatermarkStoreTck {
        @Override
        protected BackendConfig newStoreConfig() {
            return BackendConfig.of("postgresql", settings("watermark_table", EmbeddedPg.freshTable("watermark")));
        }

        @Override
        protected Set<TckCapability> capabilities() {
            // FAULTS (W22/P27) runs in the embedded suites, through a PgProxy; the container is reached directly.
            return EnumSet.of(TckCapability.DURABLE, TckCapability.MULTI_PROCESS);
        }
    }

    @Nested
    class Nameservice extends PublisherTck {
        @Override
        protected BackendConfig newStoreConfig() {
            return BackendConfig.of("postgresql", settings("nameservice_table", EmbeddedPg.freshTable("nameservice")));
        }

        @Override
        protected Set<TckCapability> capabilities() {
            // FAULTS (W22/P27) runs in the embedded suites, through a PgProxy; the container is reached directly.
            return EnumSet.of(TckCapability.DURABLE, TckCapability.MULTI_PROCESS);
        }
    }
}
