package io.tidemark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tidemark.BackendConfig;
import io.tidemark.discovery.Tidemark;
import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.Publisher;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code tidemark ns watch}, run in-process on the file backend while another handle on the same directory writes:
 * one line (or JSON object with an {@code outcome}) per applied change, none for a stale call, and it stops after
 * {@code --count} changes. The writes start once the command said it is watching (a line on standard error).
 */
class WatchCommandTest {
    private static final LedgerAlias A = LedgerAlias.parse("mydb:main");
    private static final LedgerAlias B = LedgerAlias.parse("other:main");

    @TempDir
    Path dir;

    /** A writer whose lines go to a queue, so that the test can wait for one with a deadline. */
    private static final class Lines extends Writer {
        final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final StringBuilder current = new StringBuilder();

        @Override
        public synchronized void write(char[] buf, int off, int len) {
            for (int i = off; i < off + len; i++) {
                if (buf[i] == '\n') {
                    lines.add(current.toString());
                    current.setLength(0);
                } else {
                    current.append(buf[i]);
                }
            }
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}

        String next() throws InterruptedException {
            String line = lines.poll(30, TimeUnit.SECONDS);
            assertThat(line).as("a line within 30 s").isNotNull();
            return line;
        }
    }

    private record Run(CompletableFuture<Integer> exit, Lines out, Lines err) {}

    private Run start(String... args) throws IOException, InterruptedException {
        String cfg = Files.writeString(
                        dir.resolve("tidemark.yaml"),
                        "publisher:\n  driver: file\n  config: {base_dir: " + dir.resolve("data") + "}\n")
                .toString();
        try (Publisher p = Tidemark.openPublisher(config())) {
            p.lookup(A); // creates the store, which watch (like every reading command) needs
        }
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--config", cfg));
        Lines out = new Lines();
        Lines err = new Lines();
        CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() ->
                TidemarkCli.run(all.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true)));
        assertThat(err.next()).startsWith("watching ");
        return new Run(exit, out, err);
    }

    private BackendConfig config() {
        return BackendConfig.of("file", Map.of("base_dir", dir.resolve("data").toString()));
    }

    @Test
    void printsOneLinePerAppliedChangeOfTheAliasUntilTheCount() throws Exception {
        Run run = start("ns", "watch", "mydb", "--count", "3");
        try (Publisher other = Tidemark.openPublisher(config())) {
            other.publishCommit(A, "fluree:commit:1", 1);
            assertThat(run.out().next()).startsWith("COMMIT mydb:main status ready (v1) commit t 1 fluree:commit:1");
            other.publishCommit(A, "fluree:commit:0", 0); // stale: no line
            other.publishCommit(B, "fluree:commit:1", 1); // another alias: no line
            other.publishIndex(A, "fluree:index:1", 1);
            assertThat(run.out().next()).startsWith("INDEX mydb:main").contains("index t 1 fluree:index:1");
            other.delete(A);
            assertThat(run.out().next()).isEqualTo("DELETE mydb:main");
        }
        assertThat(run.exit().get(30, TimeUnit.SECONDS)).isZero();
        assertThat(run.out().lines).isEmpty();
    }

    @Test
    void jsonObjectsHaveAnOutcome() throws Exception {
        Run run = start("ns", "watch", "--json", "--count", "2");
        ObjectMapper json = new ObjectMapper();
        try (Publisher other = Tidemark.openPublisher(config())) {
            other.publishCommit(B, "fluree:commit:1", 1);
            JsonNode first = json.readTree(run.out().next());
            assertThat(first.get("outcome").asText()).isEqualTo("commit");
            assertThat(first.get("alias").asText()).isEqualTo("other:main");
            assertThat(first.has("previous")).isFalse();
            assertThat(first.get("current").get("commit_t").asLong()).isEqualTo(1);
            other.pushConfig(B, 0, Map.of("k", "v"), Optional.empty());
            JsonNode second = json.readTree(run.out().next());
            assertThat(second.get("outcome").asText()).isEqualTo("config");
            assertThat(second.get("kinds").toString()).isEqualTo("[\"config\"]");
            assertThat(second.get("previous").get("config_v").asLong()).isZero();
            assertThat(second.get("current").get("config_v").asLong()).isEqualTo(1);
        }
        assertThat(run.exit().get(30, TimeUnit.SECONDS)).isZero();
    }

    @Test
    void aMissingStoreIsNotFoundAndABadCountIsAUsageError() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        String cfgless = dir.resolve("nothing-here").toString();
        int code = TidemarkCli.run(
                new String[] {"ns", "watch", "--config", writeConfig(cfgless)},
                new PrintWriter(out, true),
                new PrintWriter(err, true));
        assertThat(code).isEqualTo(TidemarkCli.NOT_FOUND);
        assertThat(Cli.run("ns", "watch", "--count", "0").exit()).isEqualTo(TidemarkCli.USAGE);
    }

    private String writeConfig(String baseDir) {
        try {
            return Files.writeString(
                            dir.resolve("missing.yaml"),
                            "publisher:\n  driver: file\n  config: {base_dir: " + baseDir + "}\n")
                    .toString();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
