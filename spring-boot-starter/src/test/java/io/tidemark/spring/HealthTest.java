package io.tidemark.spring;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.BackendConfig;
import io.tidemark.discovery.Tidemark;
import io.tidemark.publisher.Publisher;
import io.tidemark.watermark.WatermarkStore;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.boot.actuate.autoconfigure.health.HealthContributorAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.health.HealthEndpointAutoConfiguration;
import org.springframework.boot.actuate.health.CompositeHealth;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthComponent;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthEndpoint;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.actuate.health.Status;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The Actuator contributor {@code tidemark}: UP with the check's detail on open stores, DOWN with the reason on a
 * stopped DynamoDB Local and on a closed store, absent without Actuator, without stores, or when disabled.
 */
class HealthTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(
                    TidemarkAutoConfiguration.class,
                    TidemarkHealthAutoConfiguration.class,
                    HealthContributorAutoConfiguration.class,
                    HealthEndpointAutoConfiguration.class));

    private static HealthIndicator part(CompositeHealthContributor tidemark, String name) {
        HealthContributor c = tidemark.getContributor(name);
        assertThat(c).as(name).isInstanceOf(HealthIndicator.class);
        return (HealthIndicator) c;
    }

    @Test
    void upOnOpenStoresThroughTheHealthEndpointThenDownOnceClosed() {
        AtomicReference<CompositeHealthContributor> kept = new AtomicReference<>();
        runner.withPropertyValues("tidemark.watermark.driver=mem", "tidemark.publisher.driver=mem")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasBean("tidemarkHealthContributor");
                    HealthEndpoint endpoint = context.getBean(HealthEndpoint.class);
                    HealthComponent all = endpoint.healthForPath("tidemark");
                    assertThat(all.getStatus()).isEqualTo(Status.UP);
                    assertThat(((CompositeHealth) all).getComponents()).containsOnlyKeys("watermark", "publisher");
                    Health marks = (Health) endpoint.healthForPath("tidemark", "watermark");
                    assertThat(marks.getStatus()).isEqualTo(Status.UP);
                    assertThat(marks.getDetails()).isEqualTo(Map.of("detail", "in-memory, 0 marks"));
                    Health ns = (Health) endpoint.healthForPath("tidemark", "publisher");
                    assertThat(ns.getDetails()).isEqualTo(Map.of("detail", "in-memory, 0 records"));
                    kept.set(context.getBean("tidemarkHealthContributor", CompositeHealthContributor.class));
                });
        Health closed = part(kept.get(), "watermark").health();
        assertThat(closed.getStatus()).isEqualTo(Status.DOWN);
        assertThat((String) closed.getDetails().get("reason")).contains("closed");
        assertThat(part(kept.get(), "publisher").health().getStatus()).isEqualTo(Status.DOWN);
    }

    @Test
    void downWithTheReasonWhenDynamoDbLocalStops() {
        DynamoDbLocalServer dynamo = DynamoDbLocalServer.start();
        boolean stopped = false;
        try {
            String table = DynamoDbLocalServer.freshTable("health");
            AtomicReference<Health> down = new AtomicReference<>();
            runner.withPropertyValues(DynamoDbStarterTest.watermark(dynamo.endpoint(), table))
                    .run(context -> {
                        assertThat(context).hasNotFailed();
                        HealthEndpoint endpoint = context.getBean(HealthEndpoint.class);
                        Health up = (Health) endpoint.healthForPath("tidemark", "watermark");
                        assertThat(up.getStatus()).isEqualTo(Status.UP);
                        assertThat((String) up.getDetails().get("detail"))
                                .contains(table)
                                .contains("ACTIVE");
                        dynamo.close();
                        down.set((Health) endpoint.healthForPath("tidemark", "watermark"));
                        assertThat(endpoint.health().getStatus()).isEqualTo(Status.DOWN);
                    });
            stopped = true;
            assertThat(down.get().getStatus()).isEqualTo(Status.DOWN);
            assertThat(down.get().getDetails()).containsOnlyKeys("reason");
            assertThat((String) down.get().getDetails().get("reason"))
                    .contains(table)
                    .doesNotContain(DynamoDbLocalServer.SECRET)
                    .doesNotContain(DynamoDbLocalServer.KEY);
        } finally {
            if (!stopped) {
                dynamo.close();
            }
        }
    }

    @Test
    void absentWithoutActuatorWithoutStoresOrWhenDisabled() {
        ApplicationContextRunner bare = new ApplicationContextRunner()
                .withConfiguration(
                        AutoConfigurations.of(TidemarkAutoConfiguration.class, TidemarkHealthAutoConfiguration.class));
        bare.withPropertyValues("tidemark.watermark.driver=mem")
                .withClassLoader(new FilteredClassLoader(HealthContributor.class))
                .run(context -> assertThat(context)
                        .hasNotFailed()
                        .hasSingleBean(WatermarkStore.class)
                        .doesNotHaveBean("tidemarkHealthContributor"));
        bare.withPropertyValues("tidemark.watermark.driver=mem")
                .withClassLoader(new FilteredClassLoader("org.springframework.boot.actuate.autoconfigure"))
                .run(context -> assertThat(context)
                        .hasNotFailed()
                        .hasSingleBean(WatermarkStore.class)
                        .doesNotHaveBean("tidemarkHealthContributor"));
        runner.run(context -> assertThat(context).hasNotFailed().doesNotHaveBean("tidemarkHealthContributor"));
        runner.withPropertyValues("tidemark.watermark.driver=mem", "management.health.tidemark.enabled=false")
                .run(context -> assertThat(context)
                        .hasNotFailed()
                        .hasSingleBean(WatermarkStore.class)
                        .doesNotHaveBean("tidemarkHealthContributor"));
    }

    @Configuration(proxyBeanMethods = false)
    static class TwoStoresOneNameservice {
        @Bean(destroyMethod = "close")
        WatermarkStore mainnet() {
            return Tidemark.openWatermarkStore(BackendConfig.of("mem", Map.of()));
        }

        @Bean(destroyMethod = "close")
        WatermarkStore ghostnet() {
            return Tidemark.openWatermarkStore(BackendConfig.of("mem", Map.of()));
        }

        @Bean(destroyMethod = "close")
        Publisher ns() {
            return Tidemark.openPublisher(BackendConfig.of("mem", Map.of()));
        }
    }

    @Test
    void theApplicationsOwnStoresUnderTheirBeanNames() {
        runner.withUserConfiguration(TwoStoresOneNameservice.class).run(context -> {
            assertThat(context).hasNotFailed();
            HealthEndpoint endpoint = context.getBean(HealthEndpoint.class);
            assertThat(endpoint.healthForPath("tidemark", "watermark", "mainnet")
                            .getStatus())
                    .isEqualTo(Status.UP);
            assertThat(endpoint.healthForPath("tidemark", "watermark", "ghostnet")
                            .getStatus())
                    .isEqualTo(Status.UP);
            assertThat(endpoint.healthForPath("tidemark", "publisher").getStatus())
                    .isEqualTo(Status.UP);
        });
    }
}
