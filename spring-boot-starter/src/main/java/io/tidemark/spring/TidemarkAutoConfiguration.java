package io.tidemark.spring;

import io.tidemark.OperationListener;
import io.tidemark.discovery.Tidemark;
import io.tidemark.publisher.Publisher;
import io.tidemark.spi.ConfigKey.Contract;
import io.tidemark.watermark.WatermarkStore;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Opens a {@link WatermarkStore} when {@code tidemark.watermark.driver} is set and a {@link Publisher} when
 * {@code tidemark.publisher.driver} is set, each with {@link Tidemark} from the section's {@code config} keys, once
 * for the context (both are thread-safe: inject and share them), and closes them when the context closes. A bean of
 * the same type defined by the application wins and is left alone.
 *
 * <p>Invalid configuration fails the context's start-up with Tidemark's typed exception
 * ({@link io.tidemark.InvalidConfigException} naming the key, {@link io.tidemark.NoSuchBackendException} naming the
 * driver and its artifact, {@link io.tidemark.StoreNotFoundException}, ...) as the cause, secrets masked.
 *
 * <p>Every {@link OperationListener} bean of the context (in {@code @Order}) hears every operation of the stores
 * opened here; {@link TidemarkMetricsAutoConfiguration} contributes Micrometer's.
 */
@AutoConfiguration
@EnableConfigurationProperties(TidemarkProperties.class)
public class TidemarkAutoConfiguration {
    /** Created by Spring. */
    public TidemarkAutoConfiguration() {}

    /**
     * The watermark store of {@code tidemark.watermark}, closed with the context, telling every
     * {@link OperationListener} bean about each operation (the Micrometer metrics are one).
     *
     * @throws io.tidemark.TidemarkException when the configuration is invalid or the store cannot be opened
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "tidemark.watermark", name = "driver")
    public WatermarkStore tidemarkWatermarkStore(
            TidemarkProperties properties, ObjectProvider<OperationListener> listeners) {
        return Tidemark.openWatermarkStore(SpringConfig.of(
                "watermark",
                properties.getWatermark(),
                Contract.WATERMARK,
                listeners.orderedStream().toList()));
    }

    /**
     * The nameservice of {@code tidemark.publisher}, closed with the context, telling every {@link OperationListener}
     * bean about each operation.
     *
     * @throws io.tidemark.TidemarkException when the configuration is invalid or the store cannot be opened
     */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    @ConditionalOnProperty(prefix = "tidemark.publisher", name = "driver")
    public Publisher tidemarkPublisher(TidemarkProperties properties, ObjectProvider<OperationListener> listeners) {
        return Tidemark.openPublisher(SpringConfig.of(
                "publisher",
                properties.getPublisher(),
                Contract.PUBLISHER,
                listeners.orderedStream().toList()));
    }
}
