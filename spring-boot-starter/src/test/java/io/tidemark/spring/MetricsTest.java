package io.tidemark.spring;

import static io.tidemark.spring.MemoryStarterTest.KEY;
import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tidemark.micrometer.TidemarkMetrics;
import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.Publisher;
import io.tidemark.watermark.AdvanceResult;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkStore;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The starter's stores record into the context's {@link MeterRegistry} (an application's own, or Spring Boot
 * Actuator's) through {@link TidemarkMetrics}; without a registry or without {@code tidemark-micrometer} there are
 * no metrics and the stores work the same.
 */
class MetricsTest {
    private final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(
                    AutoConfigurations.of(TidemarkAutoConfiguration.class, TidemarkMetricsAutoConfiguration.class));

    @TempDir
    Path dir;

    @Configuration(proxyBeanMethods = false)
    static class Registry {
        @Bean
        SimpleMeterRegistry registry() {
            return new SimpleMeterRegistry();
        }
    }

    /** An advance, a refused one and a publish; then the meters those leave in {@code registry}. */
    private static void scriptAndCheck(WatermarkStore marks, Publisher ns, MeterRegistry registry, String backend) {
        assertThat(marks.advance(KEY, new Watermark(5, 0, "a"))).isInstanceOf(AdvanceResult.Advanced.class);
        assertThat(marks.advance(KEY, new Watermark(4, 0, "b"))).isInstanceOf(AdvanceResult.Refused.class);
        ns.publishCommit(LedgerAlias.parse("books"), "fluree:commit:1", 1);

        assertThat(registry.get(TidemarkMetrics.WATERMARK_REFUSED)
                        .tags("backend", backend, "kind", "block")
                        .counter()
                        .count())
                .isEqualTo(1.0);
        for (String outcome : new String[] {"advanced", "refused"}) {
            assertThat(registry.get(TidemarkMetrics.WATERMARK_OUTCOMES)
                            .tags("backend", backend, "operation", "advance", "kind", "block", "outcome", outcome)
                            .counter()
                            .count())
                    .as(outcome)
                    .isEqualTo(1.0);
        }
        assertThat(registry.get(TidemarkMetrics.WATERMARK_OPERATIONS)
                        .tags("backend", backend, "operation", "advance")
                        .timers())
                .extracting(t -> t.count())
                .containsExactlyInAnyOrder(1L, 1L);
        assertThat(registry.get(TidemarkMetrics.PUBLISHER_OUTCOMES)
                        .tags("backend", backend, "operation", "publishCommit", "outcome", "updated")
                        .counter()
                        .count())
                .isEqualTo(1.0);
    }

    @Test
    void theApplicationsRegistryOnMem() {
        runner.withUserConfiguration(Registry.class)
                .withPropertyValues("tidemark.watermark.driver=mem", "tidemark.publisher.driver=mem")
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(TidemarkMetrics.class);
                    scriptAndCheck(
                            context.getBean(WatermarkStore.class),
                            context.getBean(Publisher.class),
                            context.getBean(MeterRegistry.class),
                            "mem");
                });
    }

    @Test
    void actuatorsRegistryOnFile() {
        runner.withConfiguration(AutoConfigurations.of(
                        MetricsAutoConfiguration.class,
                        CompositeMeterRegistryAutoConfiguration.class,
                        SimpleMetricsExportAutoConfiguration.class))
                .withPropertyValues(
                        "tidemark.watermark.driver=file",
                        "tidemark.watermark.config.base-dir=" + dir.resolve("marks"),
                        "tidemark.publisher.driver=file",
                        "tidemark.publisher.config.base-dir=" + dir.resolve("ns"))
                .run(context -> {
                    assertThat(context).hasNotFailed().hasSingleBean(TidemarkMetrics.class);
                    scriptAndCheck(
                            context.getBean(WatermarkStore.class),
                            context.getBean(Publisher.class),
                            context.getBean(MeterRegistry.class),
                            "file");
                });
    }

    @Test
    void noRegistryOrNoTidemarkMicrometerNoMetrics() {
        runner.withPropertyValues("tidemark.watermark.driver=mem").run(context -> assertThat(context)
                .hasNotFailed()
                .hasSingleBean(WatermarkStore.class)
                .doesNotHaveBean(TidemarkMetrics.class));
        runner.withUserConfiguration(Registry.class)
                .withClassLoader(new FilteredClassLoader(TidemarkMetrics.class))
                .withPropertyValues("tidemark.watermark.driver=mem")
                .run(context -> {
                    assertThat(context).hasNotFailed().doesNotHaveBean("tidemarkMetrics");
                    WatermarkStore marks = context.getBean(WatermarkStore.class);
                    assertThat(marks.advance(KEY, new Watermark(1, 0, "a"))).isInstanceOf(AdvanceResult.Advanced.class);
                    assertThat(context.getBean(MeterRegistry.class).getMeters()).isEmpty();
                });
    }
}
