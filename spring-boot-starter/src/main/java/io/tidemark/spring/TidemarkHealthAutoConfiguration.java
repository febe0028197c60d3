package io.tidemark.spring;

import io.tidemark.publisher.Publisher;
import io.tidemark.watermark.WatermarkStore;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.actuate.health.CompositeHealthContributor;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthContributor;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.ConfigurationCondition;

/**
 * The Actuator health contributor {@code tidemark}, with {@code watermark} and {@code publisher} for the
 * {@link WatermarkStore} and {@link Publisher} beans the context has (the starter's or the application's; several
 * beans of one type appear under their bean names). Each calls the store's {@code check()} at every health request:
 * UP with its {@code detail} when reachable, DOWN with its {@code reason} otherwise (a closed store is DOWN). Only
 * with Spring Boot Actuator and its auto-configuration on the class path, and off with
 * {@code management.health.tidemark.enabled=false}.
 */
@AutoConfiguration(after = TidemarkAutoConfiguration.class)
@ConditionalOnClass(
        value = HealthContributor.class,
        name = "org.springframework.boot.actuate.autoconfigure.health.ConditionalOnEnabledHealthIndicator")
public class TidemarkHealthAutoConfiguration {
    /** Created by Spring. */
    public TidemarkHealthAutoConfiguration() {}

    /**
     * The contributor, unless {@code management.health.tidemark.enabled=false}. Nested so that its condition (a class
     * of Actuator's auto-configuration) is read only once the outer class found that class on the class path.
     */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnEnabledHealthIndicator("tidemark")
    public static class Contributor {
        /** Created by Spring. */
        public Contributor() {}

        /**
         * The {@code tidemark} contributor (the health endpoint names it after this bean, less "HealthContributor").
         *
         * @param beans where the stores are looked up
         * @return a composite of {@code watermark} and {@code publisher}, each present when the context has such a
         *     bean
         */
        @Bean
        @Conditional(OnAnyStore.class)
        public CompositeHealthContributor tidemarkHealthContributor(ListableBeanFactory beans) {
            Map<String, HealthContributor> parts = new LinkedHashMap<>();
            contribute(parts, "watermark", beans.getBeansOfType(WatermarkStore.class), s -> s::check);
            contribute(parts, "publisher", beans.getBeansOfType(Publisher.class), s -> s::check);
            return CompositeHealthContributor.fromMap(parts);
        }
    }

    private static <T> void contribute(
            Map<String, HealthContributor> parts,
            String name,
            Map<String, T> stores,
            java.util.function.Function<T, Supplier<io.tidemark.Health>> check) {
        if (stores.size() == 1) {
            parts.put(name, indicator(check.apply(stores.values().iterator().next())));
        } else if (stores.size() > 1) {
            Map<String, HealthIndicator> each = new LinkedHashMap<>();
            stores.forEach((bean, store) -> each.put(bean, indicator(check.apply(store))));
            parts.put(name, CompositeHealthContributor.fromMap(each));
        }
    }

    /** UP with the check's detail, or DOWN with its reason. */
    static HealthIndicator indicator(Supplier<io.tidemark.Health> check) {
        return () -> {
            io.tidemark.Health health = check.get();
            if (health instanceof io.tidemark.Health.Reachable r) {
                return Health.up().withDetail("detail", r.detail()).build();
            }
            return Health.down()
                    .withDetail("reason", ((io.tidemark.Health.Unreachable) health).reason())
                    .build();
        };
    }

    /** Matches when the context has a {@link WatermarkStore} or a {@link Publisher} bean. */
    static final class OnAnyStore extends AnyNestedCondition {
        OnAnyStore() {
            super(ConfigurationCondition.ConfigurationPhase.REGISTER_BEAN);
        }

        @ConditionalOnBean(WatermarkStore.class)
        static final class Watermark {}

        @ConditionalOnBean(Publisher.class)
        static final class PublisherBean {}
    }
}
