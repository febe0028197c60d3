package io.tidemark.spring;

import static io.tidemark.spring.MemoryStarterTest.KEY;
import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.OperationEvent;
import io.tidemark.OperationListener;
import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.PublishResult;
import io.tidemark.publisher.Publisher;
import io.tidemark.watermark.AdvanceResult;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkStore;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

/**
 * Every {@link OperationListener} bean hears every operation of the starter's stores, in order; one that throws keeps
 * neither the others from hearing nor the operation from returning its result.
 */
class ListenerTest {
    private final ApplicationContextRunner runner =
            new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(TidemarkAutoConfiguration.class));

    static final List<String> HEARD = new CopyOnWriteArrayList<>();

    @Configuration(proxyBeanMethods = false)
    static class Listeners {
        @Bean
        @Order(2)
        OperationListener second() {
            return e -> HEARD.add("second " + describe(e));
        }

        @Bean
        @Order(1)
        OperationListener first() {
            return e -> {
                HEARD.add("first " + describe(e));
                throw new IllegalStateException("a broken listener");
            };
        }
    }

    static String describe(OperationEvent e) {
        return e.driver() + " " + e.contract() + " " + e.operation() + " "
                + e.requestKind().orElse("-") + " " + e.outcome();
    }

    @Test
    void everyListenerBeanHearsEveryOperation() {
        HEARD.clear();
        runner.withUserConfiguration(Listeners.class)
                .withPropertyValues("tidemark.watermark.driver=memory", "tidemark.publisher.driver=mem")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    WatermarkStore marks = context.getBean(WatermarkStore.class);
                    assertThat(marks.advance(KEY, new Watermark(3, 0, "a"))).isInstanceOf(AdvanceResult.Advanced.class);
                    assertThat(marks.advance(KEY, new Watermark(2, 0, "b"))).isInstanceOf(AdvanceResult.Refused.class);
                    Publisher ns = context.getBean(Publisher.class);
                    assertThat(ns.publishCommit(LedgerAlias.parse("books"), "fluree:commit:1", 1))
                            .isInstanceOf(PublishResult.Updated.class);
                });
        assertThat(HEARD)
                .containsExactly(
                        "first mem watermark advance block advanced",
                        "second mem watermark advance block advanced",
                        "first mem watermark advance block refused",
                        "second mem watermark advance block refused",
                        "first mem publisher publishCommit - updated",
                        "second mem publisher publishCommit - updated");
    }

    @Test
    void noListenerBeanNoListener() {
        runner.withPropertyValues("tidemark.watermark.driver=mem").run(context -> {
            WatermarkStore marks = context.getBean(WatermarkStore.class);
            assertThat(marks.advance(KEY, new Watermark(1, 0, "a"))).isInstanceOf(AdvanceResult.Advanced.class);
        });
    }
}
