package io.tidemark.readme;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.publisher.NsChange;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's Java snippets ({@link Signer}, {@link Transactor}, {@link Follower}) are these files, word for word: this test runs them
 * against a temporary directory and checks that the README still shows each file as it stands (after its package
 * line), so the two cannot drift.
 */
class ReadmeSnippetsTest {
    private static final Path SNIPPETS = Path.of("src/test/java/io/tidemark/readme");
    private static final Path README = Path.of("../README.md");

    @Test
    void signerSharedByRacingThreadsLetsExactlyOneDigestSignALevelAndRound(@TempDir Path dir) throws Exception {
        Path config = dir.resolve("tidemark.yaml");
        Files.writeString(config, "watermark:\n  driver: file\n  config: {base_dir: marks}\n");
        int threads = 8;
        try (Signer signer = new Signer(config)) {
            CountDownLatch start = new CountDownLatch(1);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<Boolean>> signed = new ArrayList<>();
                for (int i = 0; i < threads; i++) {
                    String digest = "digest-" + i;
                    Callable<Boolean> sign = () -> {
                        start.await();
                        return signer.maySign("NetXdQprcVkpaWU", "tz1aKTCPZHZRzNBrucPp8WTiAMzaYh84NZkC", 5, 0, digest);
                    };
                    signed.add(pool.submit(sign));
                }
                start.countDown();
                int allowed = 0;
                for (Future<Boolean> f : signed) {
                    allowed += f.get() ? 1 : 0;
                }
                assertThat(allowed).isEqualTo(1);
            } finally {
                pool.shutdownNow();
            }
            assertThat(signer.maySign("NetXdQprcVkpaWU", "tz1aKTCPZHZRzNBrucPp8WTiAMzaYh84NZkC", 6, 0, "next"))
                    .isTrue();
            assertThat(signer.maySign("NetXdQprcVkpaWU", "tz1aKTCPZHZRzNBrucPp8WTiAMzaYh84NZkC", 5, 1, "late"))
                    .isFalse();
        }
        assertThat(dir.resolve("marks")).isDirectory();
    }

    @Test
    void transactorPublishesForwardAndReportsAWriterAhead(@TempDir Path dir) {
        try (Transactor transactor = new Transactor(dir)) {
            assertThat(transactor.publish("mydb:main", "fluree:commit:sha256:b1", 1))
                    .isTrue();
            assertThat(transactor.publish("mydb:main", "fluree:commit:sha256:b2", 2))
                    .isTrue();
            assertThat(transactor.publish("mydb:main", "fluree:commit:sha256:b1", 1))
                    .isFalse();
        }
        try (Transactor reopened = new Transactor(dir)) {
            assertThat(reopened.publish("mydb:main", "fluree:commit:sha256:b1", 1))
                    .isFalse();
        }
    }

    @Test
    void followerSeesAnotherHandlesCommitsInOrderEndingWithTheLatest(@TempDir Path dir) throws Exception {
        BlockingQueue<NsChange> changes = new LinkedBlockingQueue<>();
        try (Follower follower = new Follower(dir, "mydb:main", changes::add);
                Transactor transactor = new Transactor(dir)) {
            for (int t = 1; t <= 3; t++) {
                transactor.publish("mydb:main", "fluree:commit:sha256:b" + t, t);
            }
            transactor.publish("mydb:main", "fluree:commit:sha256:b1", 1); // stale: no event
            transactor.publish("otherdb:main", "fluree:commit:sha256:c1", 1); // another ledger: no event
            long t = 0;
            while (t < 3) {
                NsChange c = changes.poll(30, TimeUnit.SECONDS);
                assertThat(c).as("a change within 30 s").isNotNull();
                assertThat(c.kinds()).containsExactly(NsChange.Kind.COMMIT);
                long now = c.after().orElseThrow().commitT().getAsLong();
                assertThat(now).isGreaterThan(t);
                t = now;
            }
            transactor.publish("mydb:main", "fluree:commit:sha256:b4", 4);
            assertThat(changes.poll(30, TimeUnit.SECONDS).after().orElseThrow().commitT())
                    .as("the next event is the next applied commit")
                    .hasValue(4);
        }
    }

    @Test
    void readmeShowsEverySnippetFileVerbatim() throws Exception {
        List<String> blocks = javaBlocks(Files.readString(README));
        for (String file : List.of("Signer.java", "Transactor.java", "Follower.java")) {
            String source = Files.readString(SNIPPETS.resolve(file));
            String prefix = "package io.tidemark.readme;\n\n";
            assertThat(source).startsWith(prefix);
            assertThat(blocks).as("README.md java blocks, for %s", file).contains(source.substring(prefix.length()));
        }
    }

    private static List<String> javaBlocks(String markdown) {
        Matcher m = Pattern.compile("```java\n(.*?)```", Pattern.DOTALL).matcher(markdown);
        List<String> blocks = new ArrayList<>();
        while (m.find()) {
            blocks.add(m.group(1));
        }
        return blocks;
    }
}
