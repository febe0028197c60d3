package io.tidemark.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.BackendConfig;
import io.tidemark.InvalidConfigException;
import io.tidemark.NoSuchBackendException;
import io.tidemark.discovery.Tidemark;
import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.PublishResult;
import io.tidemark.publisher.Publisher;
import io.tidemark.watermark.AdvanceResult;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The beans on the memory backend: created from properties, working, closed with the context, overridable. */
class MemoryStarterTest {
    static final WatermarkKey KEY = new WatermarkKey("NetXdQprcVkpaWU", "tz1abc", "block");

    private final ApplicationContextRunner runner =
            new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(TidemarkAutoConfiguration.class));

    @Test
    void bothBeansFromTheirDriversWorkAndCloseWithTheContext() {
        AtomicReference<WatermarkStore> marks = new AtomicReference<>();
        AtomicReference<Publisher> ns = new AtomicReference<>();
        runner.withPropertyValues("tidemark.watermark.driver=mem", "tidemark.publisher.driver=memory")
                .run(context -> {
                    assertThat(context)
                            .hasNotFailed()
                            .hasSingleBean(WatermarkStore.class)
                            .hasSingleBean(Publisher.class);
                    WatermarkStore store = context.getBean(WatermarkStore.class);
                    assertThat(store.advance(KEY, new Watermark(10, 0, "d10")))
                            .isInstanceOf(AdvanceResult.Advanced.class);
                    assertThat(store.advance(KEY, new Watermark(9, 0, "d9")))
                            .isEqualTo(new AdvanceResult.Refused(new Watermark(10, 0, "d10")));
                    Publisher publisher = context.getBean(Publisher.class);
                    LedgerAlias alias = LedgerAlias.parse("books");
                    assertThat(publisher.publishCommit(alias, "fluree:commit:1", 1))
                            .isInstanceOf(PublishResult.Updated.class);
                    assertThat(publisher.lookup(alias).orElseThrow().commitT()).hasValue(1);
                    marks.set(store);
                    ns.set(publisher);
                });
        assertThatThrownBy(() -> marks.get().get(KEY)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> ns.get().lookup(LedgerAlias.parse("books"))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void noDriverNoBean() {
        runner.run(context -> assertThat(context)
                .hasNotFailed()
                .doesNotHaveBean(WatermarkStore.class)
                .doesNotHaveBean(Publisher.class)
                .hasSingleBean(TidemarkProperties.class));
        runner.withPropertyValues("tidemark.watermark.driver=mem")
                .run(context ->
                        assertThat(context).hasSingleBean(WatermarkStore.class).doesNotHaveBean(Publisher.class));
        runner.withPropertyValues("tidemark.publisher.driver=mem")
                .run(context ->
                        assertThat(context).hasSingleBean(Publisher.class).doesNotHaveBean(WatermarkStore.class));
    }

    @Configuration(proxyBeanMethods = false)
    static class OwnStores {
        static final AtomicReference<WatermarkStore> MARKS = new AtomicReference<>();

        @Bean
        WatermarkStore myMarks() {
            WatermarkStore s = Tidemark.openWatermarkStore(BackendConfig.of("mem", Map.of()));
            MARKS.set(s);
            return s;
        }

        @Bean
        Publisher myPublisher() {
            return Tidemark.openPublisher(BackendConfig.of("mem", Map.of()));
        }
    }

    @Test
    void userDefinedBeansWin() {
        runner.withUserConfiguration(OwnStores.class)
                .withPropertyValues(
                        "tidemark.watermark.driver=no-such-driver", "tidemark.publisher.driver=no-such-driver")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBeansOfType(WatermarkStore.class)).containsOnlyKeys("myMarks");
                    assertThat(context.getBeansOfType(Publisher.class)).containsOnlyKeys("myPublisher");
                    assertThat(context.getBean(WatermarkStore.class)).isSameAs(OwnStores.MARKS.get());
                });
    }

    @Test
    void anUnknownKeyFailsStartUpNamingIt() {
        runner.withPropertyValues("tidemark.watermark.driver=mem", "tidemark.watermark.config.base_dir=/tmp/x")
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure())
                            .rootCause()
                            .isInstanceOf(InvalidConfigException.class)
                            .hasMessage("tidemark.watermark.config: unknown config key 'base_dir' for driver 'mem';"
                                    + " known keys: []");
                });
    }

    @Test
    void anUnknownDriverFailsStartUpNamingItsArtifact() {
        runner.withPropertyValues("tidemark.publisher.driver=postgresql").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure())
                    .rootCause()
                    .isInstanceOf(NoSuchBackendException.class)
                    .hasMessageStartingWith("no backend 'postgresql'; found: [")
                    .hasMessageContaining("io.tidemark:tidemark-backend-jdbc");
        });
    }

    @Test
    void aBlankDriverFailsStartUp() {
        runner.withPropertyValues("tidemark.watermark.driver= ").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure())
                    .rootCause()
                    .isInstanceOf(InvalidConfigException.class)
                    .hasMessage("tidemark.watermark.driver must name a backend, got ''");
        });
    }
}
