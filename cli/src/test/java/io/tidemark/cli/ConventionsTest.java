package io.tidemark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.w3c.dom.Element;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The conventions operators expect of the command: every option and parameter described in {@code --help}, a
 * did-you-mean for a mistyped command, exit 2 for every invalid value, {@code --version} the artifact's, the config
 * file from {@code -c/--config} or {@value Common#ENV}, and {@code migrate --config} refused.
 */
class ConventionsTest {
    @TempDir
    Path dir;

    Path cfg;

    @BeforeEach
    void config() throws IOException {
        cfg = Files.writeString(
                dir.resolve("tidemark.yaml"),
                "publisher:\n  driver: file\n  config: {base_dir: data}\nwatermark:\n  driver: file\n"
                        + "  config: {base_dir: data}\n");
    }

    /** Every command of the tree, the root included. */
    static List<CommandSpec> commands() {
        List<CommandSpec> all = new ArrayList<>();
        walk(new CommandLine(new TidemarkCli(null, Map.of())).getCommandSpec(), all);
        return all;
    }

    private static void walk(CommandSpec spec, List<CommandSpec> all) {
        all.add(spec);
        spec.subcommands().values().forEach(c -> walk(c.getCommandSpec(), all));
    }

    @Test
    void everyOptionAndParameterOfEveryCommandHasADescription() {
        List<String> undescribed = new ArrayList<>();
        int args = 0;
        for (CommandSpec c : commands()) {
            assertThat(c.usageMessage().description())
                    .as("description of %s", c.qualifiedName())
                    .isNotEmpty();
            for (ArgSpec a : Stream.concat(c.options().stream(), c.positionalParameters().stream())
                    .toList()) {
                args++;
                String text = String.join(" ", a.description()).trim();
                if (text.isEmpty()) {
                    undescribed.add(c.qualifiedName() + " " + a.paramLabel()
                            + (a instanceof CommandLine.Model.OptionSpec o ? " (" + o.longestName() + ")" : ""));
                }
            }
        }
        assertThat(args).isGreaterThan(50);
        assertThat(undescribed)
                .as("options and parameters without a description")
                .isEmpty();
    }

    @Test
    void helpShowsTheDescriptionsOfPositionals() {
        Cli help = Cli.run("ns", "publish-commit", "--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out())
                .contains(
                        "ADDRESS", "Address of the head", "t of the head", "-o, --output=FORMAT", "-c, --config=FILE");
    }

    @Test
    void aMistypedCommandGetsADidYouMean() {
        Cli top = Cli.run("watermrk", "list");
        assertThat(top.exit()).isEqualTo(TidemarkCli.USAGE);
        assertThat(top.err().lines()).singleElement().asString().contains("did you mean 'watermark'?");
        Cli nested = Cli.run("ns", "lokup", "mydb");
        assertThat(nested.exit()).isEqualTo(TidemarkCli.USAGE);
        assertThat(nested.err()).contains("did you mean 'lookup'?");
        Cli option = Cli.run("watermark", "list", "--jsn", "-c", cfg.toString());
        assertThat(option.exit()).isEqualTo(TidemarkCli.USAGE);
        assertThat(option.err()).contains("--json");
    }

    @Test
    void aCommandWithoutItsSubcommandIsAUsageErrorListingThem() {
        Cli none = Cli.run();
        assertThat(none.exit()).isEqualTo(TidemarkCli.USAGE);
        assertThat(none.err()).contains("watermark", "ns", "migrate", "completion");
        Cli ns = Cli.run("ns");
        assertThat(ns.exit()).isEqualTo(TidemarkCli.USAGE);
        assertThat(ns.err()).contains("publish-commit", "lookup");
    }

    static Stream<List<String>> invalidValues() {
        List<String> advance =
                List.of("watermark", "advance", "--chain", "NetX", "--pkh", "tz1", "--kind", "block", "--digest", "d");
        return Stream.of(
                plus(advance, "--level", "abc", "--round", "0"),
                plus(advance, "--level", "-5", "--round", "0"),
                plus(advance, "--level", "99999999999999999999", "--round", "0"),
                plus(advance, "--level", "5", "--round", "-1"),
                plus(advance, "--level", "5", "--round", "x"),
                List.of("watermark", "get", "--chain", "NetX", "--pkh", "tz1", "--kind", "blok"),
                List.of("watermark", "get", "--chain", "", "--pkh", "tz1", "--kind", "block"),
                List.of("watermark", "get", "--chain", "Net/X", "--pkh", "tz1", "--kind", "block"),
                List.of("ns", "publish-commit", "mydb", "c1", "-1"),
                List.of("ns", "publish-commit", "mydb", "c1", "one"),
                List.of("ns", "publish-index", "mydb", "", "3"),
                List.of("ns", "lookup", ":main"),
                List.of("ns", "push-status", "mydb", "--expected-v", "abc", "--state", "s"),
                List.of("ns", "push-status", "mydb", "--expected-v", "1", "--state", "s", "--meta", "[1]"),
                List.of("ns", "push-config", "mydb", "--expected-v", "0", "--meta", "{\"a\":"),
                List.of("watermark", "list", "-o", "xml"),
                List.of("watermark", "list", "--output=yaml"),
                List.of("demo", "--levels", "0"));
    }

    private static List<String> plus(List<String> a, String... more) {
        List<String> all = new ArrayList<>(a);
        all.addAll(List.of(more));
        return all;
    }

    @ParameterizedTest
    @MethodSource("invalidValues")
    void anInvalidValueExitsTwoWithOneLineAndNoStackTrace(List<String> args) {
        List<String> all = plus(args, "-c", cfg.toString());
        Cli c = Cli.run(all.toArray(String[]::new));
        assertThat(c.exit()).as(c.err()).isEqualTo(TidemarkCli.USAGE);
        assertThat(c.err().lines()).as(c.err()).singleElement().asString().startsWith("tidemark: ");
        assertThat(c.out()).isEmpty();
    }

    @Test
    void anInvalidOutputFormatNamesTheValueAndTheChoices() {
        Cli c = Cli.run("watermark", "list", "-o", "xml", "-c", cfg.toString());
        assertThat(c.exit()).isEqualTo(TidemarkCli.USAGE);
        assertThat(c.err()).contains("'xml'", "text", "json");
    }

    @Test
    void anInvalidValueChangesNothing() {
        Cli c = Cli.run(
                "watermark",
                "advance",
                "--chain",
                "NetX",
                "--pkh",
                "tz1",
                "--kind",
                "block",
                "--level",
                "-5",
                "--round",
                "0",
                "--digest",
                "d",
                "-c",
                cfg.toString());
        assertThat(c.exit()).isEqualTo(TidemarkCli.USAGE);
        assertThat(c.err().lines())
                .containsExactly(
                        "tidemark: invalid level '-5': must be >= 0 (see 'tidemark watermark advance --help')");
        assertThat(dir.resolve("data")).doesNotExist();
    }

    @Test
    void versionIsTheProjectVersion() throws Exception {
        Element parent = (Element) DocumentBuilderFactory.newInstance()
                .newDocumentBuilder()
                .parse(Path.of("pom.xml").toFile())
                .getDocumentElement()
                .getElementsByTagName("parent")
                .item(0);
        String version = parent.getElementsByTagName("version").item(0).getTextContent();
        assertThat(version).isNotBlank().doesNotContain("$");
        for (String[] args : new String[][] {{"--version"}, {"-V"}, {"ns", "--version"}}) {
            Cli v = Cli.run(args);
            assertThat(v.exit()).isZero();
            assertThat(v.out().trim()).isEqualTo("tidemark " + version);
        }
    }

    @Test
    void migrateRefusesConfigAndNamesFromAndTo() {
        for (String option : List.of("--config", "-c")) {
            Cli c = Cli.run("migrate", option, cfg.toString(), "--from", cfg.toString(), "--to", "x.yaml");
            assertThat(c.exit()).isEqualTo(TidemarkCli.USAGE);
            assertThat(c.err().lines()).singleElement().asString().contains("--from", "--to", "no --config");
        }
        assertThat(Cli.run("migrate", "--help").out()).doesNotContain("--config");
    }

    @Test
    void theConfigComesFromTheOptionElseTheEnvironmentVariable() throws IOException {
        Path other = Files.writeString(
                dir.resolve("other.yaml"), "publisher:\n  driver: file\n  config: {base_dir: other}\n");
        Map<String, String> env = Map.of(Common.ENV, other.toString());
        assertThat(Cli.withEnv(env, "ns", "publish-commit", "fromenv", "c1", "1")
                        .exit())
                .isZero();
        assertThat(dir.resolve("other")).isDirectory();
        assertThat(dir.resolve("data")).doesNotExist();
        for (String option : List.of("-c", "--config")) {
            assertThat(Cli.withEnv(env, "ns", "lookup", "fromenv", option, cfg.toString())
                            .exit())
                    .as("the option wins over " + Common.ENV)
                    .isEqualTo(TidemarkCli.NOT_FOUND);
        }
        assertThat(Cli.withEnv(env, "ns", "lookup", "fromenv").exit()).isZero();
        assertThat(Cli.withEnv(Map.of(Common.ENV, ""), "ns", "lookup", "fromenv")
                        .exit())
                .as("an empty variable is unset: the default store, which does not exist here")
                .isEqualTo(TidemarkCli.NOT_FOUND);
    }

    @Test
    void anErrorSaysWhichConfigFileWasUsedAndWhereItsNameCameFrom() throws IOException {
        Path bad = Files.writeString(dir.resolve("bad.yaml"), "watermark:\n  driver: nope\n");
        Cli env = Cli.withEnv(Map.of(Common.ENV, bad.toString()), "watermark", "list");
        assertThat(env.exit()).isEqualTo(TidemarkCli.ERROR);
        assertThat(env.err().lines())
                .singleElement()
                .asString()
                .contains("no backend 'nope'", "config file " + bad + " from " + Common.ENV);
        Cli option = Cli.run("watermark", "list", "--config", bad.toString());
        assertThat(option.err().lines()).singleElement().asString().contains("config file " + bad);
        Cli json = Cli.withEnv(Map.of(Common.ENV, bad.toString()), "watermark", "list", "-o", "json");
        assertThat(json.err()).isEmpty();
        assertThat(json.out())
                .contains("\"outcome\":\"error\"", "\"error\":\"NoSuchBackendException\"")
                .contains("\"config\":" + JsonText.write(bad.toString()), "\"config_from\":\"TIDEMARK_CONFIG\"");
    }

    @Test
    void jsonIsSelectedByEitherSpellingAndTheLastWins() {
        String c = cfg.toString();
        assertThat(Cli.run("ns", "publish-commit", "y", "c1", "1", "-c", c).exit())
                .isZero();
        assertThat(Cli.run("ns", "lookup", "x", "--json", "-c", c).out()).startsWith("{\"outcome\":\"not_found\"");
        assertThat(Cli.run("ns", "lookup", "x", "-o", "json", "-c", c).out()).startsWith("{\"outcome\"");
        assertThat(Cli.run("ns", "lookup", "x", "--output=JSON", "-c", c).out()).startsWith("{\"outcome\"");
        assertThat(Cli.run("ns", "lookup", "x", "-ojson", "-c", c).out()).startsWith("{\"outcome\"");
        assertThat(Cli.run("ns", "lookup", "x", "--json", "-o", "text", "-c", c).out())
                .startsWith("NOT FOUND");
        assertThat(TidemarkCli.jsonRequested(new String[] {"ns", "--json", "-o", "text"}))
                .isFalse();
        assertThat(TidemarkCli.jsonRequested(new String[] {"ns", "-o", "text", "--json"}))
                .isTrue();
        assertThat(TidemarkCli.jsonRequested(new String[] {"ns", "--", "--json"}))
                .isFalse();
    }

    @Test
    void aUsageErrorInJsonModeIsAJsonObjectOnStdout() {
        Cli c = Cli.run("watermark", "advance", "--chain", "N", "--json");
        assertThat(c.exit()).isEqualTo(TidemarkCli.USAGE);
        assertThat(c.err()).isEmpty();
        assertThat(c.out().lines())
                .singleElement()
                .asString()
                .startsWith("{\"outcome\":\"error\",\"error\":\"MissingParameterException\",\"message\":");
    }
}
