package io.tidemark.spring;

import static io.tidemark.spring.MemoryStarterTest.KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.InvalidConfigException;
import io.tidemark.backend.file.FileBackendProvider;
import io.tidemark.discovery.Tidemark;
import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.Publisher;
import io.tidemark.watermark.AdvanceResult;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.PropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.core.io.ByteArrayResource;

/**
 * The file backend through the starter: the store lands in the configured directory, and every spelling Spring
 * Boot's relaxed binding accepts for {@code base_dir} (in properties, {@code application.yml} and environment
 * variables) reaches the backend as {@code base_dir}.
 */
class FileStarterTest {
    private final ApplicationContextRunner runner =
            new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(TidemarkAutoConfiguration.class));

    @TempDir
    Path dir;

    /** Advances in the context's store, closes the context, then reads the mark from {@code dir} directly. */
    private void advancesIn(Path storeDir, ApplicationContextRunner configured) {
        AtomicReference<WatermarkStore> bean = new AtomicReference<>();
        configured.run(context -> {
            assertThat(context).hasNotFailed();
            WatermarkStore store = context.getBean(WatermarkStore.class);
            assertThat(store.advance(KEY, new Watermark(7, 1, "d7"))).isInstanceOf(AdvanceResult.Advanced.class);
            assertThat(store.advance(KEY, new Watermark(7, 0, "d7-0"))).isInstanceOf(AdvanceResult.Refused.class);
            bean.set(store);
        });
        assertThatThrownBy(() -> bean.get().get(KEY)).isInstanceOf(IllegalStateException.class);
        try (WatermarkStore direct = Tidemark.openWatermarkStore(FileBackendProvider.config(storeDir))) {
            assertThat(direct.get(KEY)).contains(new Watermark(7, 1, "d7"));
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"base_dir", "base-dir", "baseDir", "BASE_DIR", "basedir", "[base_dir]"})
    void propertiesSpellingsOfBaseDir(String spelling) {
        advancesIn(
                dir,
                runner.withPropertyValues(
                        "tidemark.watermark.driver=file",
                        "tidemark.watermark.config." + spelling + "=" + dir,
                        "tidemark.watermark.config.fsync=false"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"base_dir", "base-dir", "baseDir"})
    void yamlSpellingsOfBaseDir(String spelling) {
        String yaml =
                """
                tidemark:
                  watermark:
                    driver: FILE
                    config:
                      %s: %s
                      fsync: false
                """
                        .formatted(spelling, dir);
        advancesIn(dir, runner.withInitializer(context -> context.getEnvironment()
                .getPropertySources()
                .addFirst(yaml(yaml))));
    }

    @Test
    void environmentVariables() {
        Map<String, Object> env = Map.of(
                "TIDEMARK_WATERMARK_DRIVER", "file",
                "TIDEMARK_WATERMARK_CONFIG_BASE_DIR", dir.toString(),
                "TIDEMARK_WATERMARK_CONFIG_FSYNC", "false");
        advancesIn(dir, runner.withInitializer(context -> context.getEnvironment()
                .getPropertySources()
                .replace(
                        StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        new SystemEnvironmentPropertySource(
                                StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, env))));
    }

    @Test
    void twoSpellingsOfOneKeyFailStartUp() {
        runner.withPropertyValues(
                        "tidemark.publisher.driver=file",
                        "tidemark.publisher.config.base_dir=" + dir.resolve("a"),
                        "tidemark.publisher.config.base-dir=" + dir.resolve("b"))
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure())
                            .rootCause()
                            .isInstanceOf(InvalidConfigException.class)
                            .hasMessageStartingWith("tidemark.publisher.config sets key 'base_dir' twice, as ");
                });
    }

    @Test
    void aTypoIsNamedWithTheNearestKey() {
        runner.withPropertyValues("tidemark.watermark.driver=file", "tidemark.watermark.config.base_dri=" + dir)
                .run(context -> {
                    assertThat(context).hasFailed();
                    assertThat(context.getStartupFailure())
                            .rootCause()
                            .isInstanceOf(InvalidConfigException.class)
                            .hasMessageContaining("tidemark.watermark.config: unknown config key 'base_dri'")
                            .hasMessageContaining("(did you mean 'base_dir'?)");
                });
    }

    @Test
    void aMissingRequiredKeyFailsStartUpNamingIt() {
        runner.withPropertyValues("tidemark.publisher.driver=file").run(context -> {
            assertThat(context).hasFailed();
            assertThat(context.getStartupFailure())
                    .rootCause()
                    .isInstanceOf(InvalidConfigException.class)
                    .hasMessageStartingWith("tidemark.publisher.config: ")
                    .hasMessageContaining("'base_dir'");
        });
    }

    @Test
    void publisherOnFile() {
        AtomicReference<Publisher> bean = new AtomicReference<>();
        runner.withPropertyValues(
                        "tidemark.publisher.driver=file",
                        "tidemark.publisher.config.base-dir=" + dir,
                        "tidemark.publisher.config.fsync=false")
                .run(context -> {
                    Publisher ns = context.getBean(Publisher.class);
                    ns.publishCommit(LedgerAlias.parse("books"), "fluree:commit:2", 2);
                    bean.set(ns);
                });
        assertThatThrownBy(() -> bean.get().lookup(LedgerAlias.parse("books")))
                .isInstanceOf(IllegalStateException.class);
        try (Publisher direct = Tidemark.openPublisher(FileBackendProvider.config(dir))) {
            assertThat(direct.lookup(LedgerAlias.parse("books")).orElseThrow().commitAddress())
                    .contains("fluree:commit:2");
        }
    }

    static PropertySource<?> yaml(String text) {
        try {
            List<PropertySource<?>> sources = new YamlPropertySourceLoader()
                    .load("application.yml", new ByteArrayResource(text.getBytes(StandardCharsets.UTF_8)));
            return sources.get(0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
