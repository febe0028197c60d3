package io.tidemark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Every command with {@code -o json}, on the file backend in a temporary directory and on the memory backend where a
 * command needs no earlier state: every line it prints is one JSON object with an {@code outcome}, that outcome is one
 * the README's table documents for the command, and the walk covers every command there is.
 */
class JsonOutputTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The outcomes each command may print, as the README's table lists them (errors aside). */
    static final Map<String, Set<String>> OUTCOMES = new LinkedHashMap<>();

    static {
        OUTCOMES.put("watermark advance", Set.of("advanced", "repeated", "refused"));
        OUTCOMES.put("watermark get", Set.of("found", "not_found"));
        OUTCOMES.put("watermark list", Set.of("found"));
        OUTCOMES.put("watermark reset", Set.of("removed", "absent", "would_remove", "not_confirmed"));
        OUTCOMES.put("ns publish-commit", Set.of("updated", "unchanged", "stale"));
        OUTCOMES.put("ns publish-index", Set.of("updated", "unchanged", "stale"));
        OUTCOMES.put("ns lookup", Set.of("found", "not_found"));
        OUTCOMES.put("ns list", Set.of("found"));
        OUTCOMES.put("ns retract", Set.of("retracted", "not_found"));
        OUTCOMES.put("ns push-status", Set.of("applied", "conflict"));
        OUTCOMES.put("ns push-config", Set.of("applied", "conflict"));
        OUTCOMES.put("ns delete", Set.of("removed", "absent", "would_remove", "not_confirmed"));
        OUTCOMES.put("migrate", Set.of("migrated", "would_migrate", "failed", "error"));
        OUTCOMES.put("ns watch", Set.of("commit", "index", "status", "config", "retract", "delete", "changed"));
        OUTCOMES.put("export", Set.of("exported"));
        OUTCOMES.put("import", Set.of("imported", "would_import", "would_apply", "conflicts"));
        OUTCOMES.put("verify", Set.of("passed", "failed", "skipped", "error"));
        OUTCOMES.put("demo", Set.of("passed", "failed"));
        OUTCOMES.put("drivers", Set.of("found", "opened"));
        OUTCOMES.put("completion", Set.of("generated"));
    }

    @TempDir
    Path dir;

    String file;
    String other;
    String mem;
    final Map<String, Set<String>> seen = new LinkedHashMap<>();

    @BeforeEach
    void configs() throws IOException {
        file = yaml("file.yaml", "file", "{base_dir: data}");
        other = yaml("other.yaml", "file", "{base_dir: other}");
        mem = Files.writeString(dir.resolve("mem.yaml"), "publisher:\n  driver: mem\nwatermark:\n  driver: mem\n")
                .toString();
    }

    private String yaml(String name, String driver, String config) throws IOException {
        return Files.writeString(
                        dir.resolve(name),
                        "publisher:\n  driver: " + driver + "\n  config: " + config + "\nwatermark:\n  driver: "
                                + driver + "\n  config: " + config + "\n")
                .toString();
    }

    /** The leaf commands of the tree, by qualified name without {@code tidemark }. */
    static Set<String> leafCommands() {
        return ConventionsTest.commands().stream()
                .filter(c -> c.subcommands().isEmpty())
                .map(CommandSpec::qualifiedName)
                .map(n -> n.substring("tidemark ".length()))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /**
     * Runs {@code args} (a command and its arguments) with {@code -o json} and the config {@code cfg} (none if
     * null); checks every line of stdout is a JSON object with an outcome documented for the command; returns the
     * outcomes, one per line.
     */
    private List<String> json(String cfg, String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("-o", "json"));
        if (cfg != null) {
            all.addAll(List.of("-c", cfg));
        }
        Cli c = Cli.run(all.toArray(String[]::new));
        String command = args[0].equals("watermark") || args[0].equals("ns") ? args[0] + " " + args[1] : args[0];
        assertThat(c.out()).as("%s printed nothing; stderr: %s", all, c.err()).isNotEmpty();
        List<String> outcomes = new ArrayList<>();
        for (String line : c.out().lines().toList()) {
            JsonNode o = JSON.readTree(line);
            assertThat(o.isObject()).as(line).isTrue();
            assertThat(o.path("outcome").isTextual())
                    .as("no outcome in %s", line)
                    .isTrue();
            String outcome = o.get("outcome").asText();
            assertThat(outcome).matches("[a-z_]+");
            if (outcome.equals("error")) {
                assertThat(o.path("error").asText()).as(line).isNotEmpty();
                assertThat(o.path("message").asText()).as(line).isNotEmpty();
            } else {
                assertThat(OUTCOMES.get(command))
                        .as("outcomes of %s: %s", command, line)
                        .contains(outcome);
            }
            outcomes.add(outcome);
        }
        seen.computeIfAbsent(command, k -> new TreeSet<>()).addAll(outcomes);
        return outcomes;
    }

    @Test
    void everyCommandPrintsOnlyJsonObjectsWithADocumentedOutcome() throws IOException {
        String[] key = {"--chain", "NetX", "--pkh", "tz1", "--kind", "block"};
        assertThat(json(file, wm("advance", key, "--level", "5", "--round", "0", "--digest", "d")))
                .containsExactly("advanced");
        assertThat(json(file, wm("advance", key, "--level", "5", "--round", "0", "--digest", "d")))
                .containsExactly("repeated");
        assertThat(json(file, wm("advance", key, "--level", "5", "--round", "0", "--digest", "e")))
                .containsExactly("refused");
        assertThat(json(mem, wm("advance", key, "--level", "5", "--round", "0", "--digest", "e")))
                .containsExactly("advanced");
        assertThat(json(file, wm("get", key))).containsExactly("found");
        assertThat(json(file, "watermark", "get", "--chain", "NetX", "--pkh", "tz9", "--kind", "block"))
                .containsExactly("not_found");
        assertThat(json(file, "watermark", "list")).containsExactly("found");
        assertThat(json(file, wm("reset", key, "--dry-run"))).containsExactly("would_remove");
        assertThat(json(file, wm("reset", key, "--yes"))).containsExactly("removed");
        assertThat(json(file, wm("reset", key, "--yes"))).containsExactly("absent");
        assertThat(json(file, wm("advance", key, "--level", "6", "--round", "0", "--digest", "d")))
                .containsExactly("advanced");

        assertThat(json(file, "ns", "publish-commit", "mydb", "c5", "5")).containsExactly("updated");
        assertThat(json(file, "ns", "publish-commit", "mydb", "c5", "5")).containsExactly("unchanged");
        assertThat(json(file, "ns", "publish-commit", "mydb", "c4", "4")).containsExactly("stale");
        assertThat(json(mem, "ns", "publish-commit", "mydb", "c4", "4")).containsExactly("updated");
        assertThat(json(file, "ns", "publish-index", "mydb", "i3", "3")).containsExactly("updated");
        assertThat(json(file, "ns", "lookup", "mydb")).containsExactly("found");
        assertThat(json(file, "ns", "lookup", "nobody")).containsExactly("not_found");
        assertThat(json(file, "ns", "list")).containsExactly("found");
        assertThat(json(file, "ns", "push-status", "mydb", "--expected-v", "1", "--state", "s"))
                .containsExactly("applied");
        assertThat(json(file, "ns", "push-status", "mydb", "--expected-v", "1", "--state", "s"))
                .containsExactly("conflict");
        assertThat(json(mem, "ns", "push-status", "mydb", "--expected-v", "1", "--state", "s"))
                .containsExactly("conflict");
        assertThat(json(file, "ns", "push-config", "mydb", "--expected-v", "0", "--meta", "{\"a\":1}"))
                .containsExactly("applied");
        assertThat(json(file, "ns", "push-config", "mydb", "--expected-v", "0")).containsExactly("conflict");
        assertThat(json(file, "ns", "retract", "mydb")).containsExactly("retracted");
        assertThat(json(file, "ns", "retract", "nobody")).containsExactly("not_found");

        assertThat(json(null, "migrate", "--from", file, "--to", other, "--dry-run"))
                .containsExactly("would_migrate", "would_migrate");
        assertThat(json(null, "migrate", "--from", file, "--to", other)).containsExactly("migrated", "migrated");

        // ns watch prints until it has seen --count changes: commits are published until it returns.
        CompletableFuture<List<String>> watch = CompletableFuture.supplyAsync(() -> {
            try {
                return json(file, "ns", "watch", "mydb", "--count", "1");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (long t = 100; !watch.isDone() && System.nanoTime() < deadline; t++) {
            assertThat(Cli.run("ns", "publish-commit", "mydb", "w" + t, Long.toString(t), "-c", file)
                            .exit())
                    .isZero();
        }
        assertThat(watch.join()).containsExactly("commit");

        String doc = dir.resolve("export.json").toString();
        assertThat(json(file, "export", "--to", doc)).containsExactly("exported");
        String fresh = yaml("fresh.yaml", "file", "{base_dir: fresh}");
        assertThat(json(fresh, "import", "--from", doc, "--dry-run"))
                .containsExactly("would_apply", "would_apply", "would_import");
        assertThat(json(fresh, "import", "--from", doc)).containsExactly("imported");
        assertThat(json(fresh, "import", "--from", doc)).containsExactly("imported");

        assertThat(json(file, "ns", "delete", "mydb", "--dry-run")).containsExactly("would_remove");
        assertThat(json(file, "ns", "delete", "mydb", "--yes")).containsExactly("removed");
        assertThat(json(file, "ns", "delete", "mydb", "--yes")).containsExactly("absent");

        List<String> verify = json(mem, "verify");
        assertThat(verify).hasSize(VerifyCommand.RULES.size() + 1).endsWith("passed");
        assertThat(json(file, "verify")).endsWith("passed");
        assertThat(json(null, "demo", "--levels", "20")).containsOnly("passed").hasSizeGreaterThan(1);
        // Not demo on mem: each open of the memory backend is a store of its own, so the two signers would not race.
        assertThat(json(null, "drivers")).containsExactly("found");
        assertThat(json(null, "drivers", file, mem)).containsExactly("found", "opened", "opened", "opened", "opened");
        assertThat(json(null, "completion", "bash")).containsExactly("generated");
        assertThat(json(null, "completion", "zsh")).containsExactly("generated");

        // Errors: a usage error, a config error, a missing store; JSON objects on stdout too.
        assertThat(json(file, "ns", "lookup", ":main")).containsExactly("error");
        assertThat(json(dir.resolve("missing.yaml").toString(), "watermark", "list"))
                .containsExactly("error");
        assertThat(json(null, "migrate", "--from", dir.resolve("none.yaml").toString(), "--to", other))
                .containsExactly("error");

        assertThat(seen.keySet()).as("commands walked").containsExactlyInAnyOrderElementsOf(leafCommands());
        assertThat(OUTCOMES.keySet()).as("commands documented").containsExactlyInAnyOrderElementsOf(leafCommands());
    }

    private static String[] wm(String command, String[] key, String... more) {
        List<String> all = new ArrayList<>(List.of("watermark", command));
        all.addAll(List.of(key));
        all.addAll(List.of(more));
        return all.toArray(String[]::new);
    }

    @Test
    void theReadmeTableListsEveryCommandWithItsOutcomes() throws IOException {
        String readme = Files.readString(Path.of("../README.md"));
        for (Map.Entry<String, Set<String>> e : OUTCOMES.entrySet()) {
            Matcher row = Pattern.compile("(?m)^\\| `" + Pattern.quote(e.getKey()) + "` \\|(.*)$")
                    .matcher(readme);
            assertThat(row.find()).as("README row for %s", e.getKey()).isTrue();
            for (String outcome : e.getValue()) {
                assertThat(row.group(1)).as("README row for %s", e.getKey()).contains("`" + outcome + "`");
            }
        }
    }
}
