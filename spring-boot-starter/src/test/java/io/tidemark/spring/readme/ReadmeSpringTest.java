package io.tidemark.spring.readme;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.PublishResult;
import io.tidemark.publisher.Publisher;
import io.tidemark.spring.DynamoDbLocalServer;
import io.tidemark.spring.TidemarkAutoConfiguration;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.env.YamlPropertySourceLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.io.ByteArrayResource;

/**
 * The README's "Spring Boot" section works as shown: its {@code application.yml} examples start a context on
 * DynamoDB Local (only the endpoint and the credentials' variables added), and its Java snippet is
 * {@link SigningService}, word for word, run in that context.
 */
class ReadmeSpringTest {
    private static final Path README = Path.of("../README.md");

    private static String section() throws IOException {
        String readme = Files.readString(README);
        int start = readme.indexOf("\n## Spring Boot\n");
        assertThat(start).as("README has a Spring Boot section").isPositive();
        int end = readme.indexOf("\n## ", start + 1);
        return readme.substring(start, end);
    }

    private static List<String> blocks(String markdown, String language) {
        Matcher m =
                Pattern.compile("```" + language + "\n(.*?)```", Pattern.DOTALL).matcher(markdown);
        List<String> blocks = new ArrayList<>();
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }

    @Test
    void readmeShowsTheSnippetVerbatim() throws IOException {
        String source = Files.readString(Path.of("src/test/java/io/tidemark/spring/readme/SigningService.java"));
        String prefix = "package io.tidemark.spring.readme;\n\n";
        assertThat(source).startsWith(prefix);
        assertThat(blocks(section(), "java")).contains(source.substring(prefix.length()));
    }

    @Test
    void theApplicationYmlExamplesStartAContextOnDynamoDbLocal() throws IOException {
        List<String> yamls = blocks(section(), "yaml");
        assertThat(yamls).hasSize(2);
        try (DynamoDbLocalServer dynamo = DynamoDbLocalServer.start()) {
            ApplicationContextRunner runner = new ApplicationContextRunner()
                    .withConfiguration(AutoConfigurations.of(TidemarkAutoConfiguration.class))
                    .withBean(SigningService.class)
                    .withInitializer(context -> {
                        MutablePropertySources sources =
                                context.getEnvironment().getPropertySources();
                        for (int i = 0; i < yamls.size(); i++) {
                            sources.addLast(yaml("application-" + i + ".yml", yamls.get(i)));
                        }
                        sources.addFirst(new MapPropertySource(
                                "test",
                                Map.of(
                                        "AWS_ACCESS_KEY_ID",
                                        DynamoDbLocalServer.KEY,
                                        "AWS_SECRET_ACCESS_KEY",
                                        DynamoDbLocalServer.SECRET,
                                        "tidemark.watermark.config.endpoint",
                                        dynamo.endpoint(),
                                        "tidemark.publisher.config.dynamodbEndpoint",
                                        dynamo.endpoint(),
                                        "tidemark.watermark.config.timeout_ms",
                                        "30000",
                                        "tidemark.publisher.config.dynamodbTimeoutMs",
                                        "30000",
                                        "tidemark.publisher.config.access_key_id",
                                        DynamoDbLocalServer.KEY,
                                        "tidemark.publisher.config.secret_access_key",
                                        DynamoDbLocalServer.SECRET)));
                    });
            runner.run(context -> {
                assertThat(context).hasNotFailed();
                SigningService signer = context.getBean(SigningService.class);
                assertThat(signer.maySign("NetXdQprcVkpaWU", "tz1abc", 10, 0, "a"))
                        .isTrue();
                assertThat(signer.maySign("NetXdQprcVkpaWU", "tz1abc", 10, 0, "b"))
                        .isFalse();
                Publisher ns = context.getBean(Publisher.class);
                assertThat(ns.publishCommit(LedgerAlias.parse("books"), "fluree:commit:1", 1))
                        .isInstanceOf(PublishResult.Updated.class);
            });
        }
    }

    private static org.springframework.core.env.PropertySource<?> yaml(String name, String text) {
        try {
            return new YamlPropertySourceLoader()
                    .load(name, new ByteArrayResource(text.getBytes(StandardCharsets.UTF_8)))
                    .get(0);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
