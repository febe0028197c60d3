package io.tidemark.spring;

import io.micrometer.core.instrument.MeterRegistry;
import io.tidemark.micrometer.TidemarkMetrics;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Binds Tidemark's metrics to the application's {@link MeterRegistry}: a {@link TidemarkMetrics} bean, an
 * {@link io.tidemark.OperationListener} that {@link TidemarkAutoConfiguration} hands to the stores it opens, so
 * every operation is timed and counted by outcome (meter names in {@link TidemarkMetrics}). Only when Micrometer and
 * {@code tidemark-micrometer} are on the class path and the context has a {@code MeterRegistry} (Actuator's, or
 * the application's own); runs after Spring Boot's metrics auto-configuration so that its registry is seen.
 */
@AutoConfiguration(
        afterName = {
            "org.springframework.boot.actuate.autoconfigure.metrics.MetricsAutoConfiguration",
            "org.springframework.boot.actuate.autoconfigure.metrics.CompositeMeterRegistryAutoConfiguration",
            "org.springframework.boot.actuate.autoconfigure.metrics.export.simple.SimpleMetricsExportAutoConfiguration"
        })
@ConditionalOnClass({MeterRegistry.class, TidemarkMetrics.class})
@ConditionalOnBean(MeterRegistry.class)
public class TidemarkMetricsAutoConfiguration {
    /** Created by Spring. */
    public TidemarkMetricsAutoConfiguration() {}

    /**
     * The listener recording into {@code registry} (the primary one when there are several, as Spring Boot's own
     * composite is).
     *
     * @param registry the application's registry
     * @return the metrics, heard by every store the starter opens
     */
    @Bean
    @ConditionalOnMissingBean
    public TidemarkMetrics tidemarkMetrics(MeterRegistry registry) {
        return new TidemarkMetrics(registry);
    }
}
