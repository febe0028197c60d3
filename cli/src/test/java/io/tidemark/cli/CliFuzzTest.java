package io.tidemark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Fuzzes the command line (issue 10, fuzzing): argument vectors built from the real command and option names
 * (read from picocli's model, so new ones are fuzzed too) and hostile values, run in-process against two file
 * stores. Every case: the exit code is one of 0-4; no exception escapes and none is reported as an internal
 * error; stderr is at most one line unless {@code --verbose}; a secret planted in config files never appears in
 * any output; and a command that failed, only read, or ran with {@code --dry-run} left both stores' data files
 * byte for byte as they were.
 */
class CliFuzzTest {
    static final String SECRET =
            "PLANTED" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextLong()) + "SECRET";
    private static final Prompt NO_TERMINAL = new Prompt() {
        @Override
        public boolean interactive() {
            return false;
        }

        @Override
        public String ask(String question) {
            throw new AssertionError("asked without a terminal: " + question);
        }
    };
    /** Commands that never change a store when they end, whatever their exit code: they read or clean up. */
    private static final List<String> NON_WRITING = List.of("get", "list", "lookup", "verify", "demo", "completion");

    private static Path root;
    private static Path data;
    private static Path otherData;
    private static String store;
    private static String otherStore;
    private static List<String> configs;
    private static List<Command> commands;
    /** The stores' data files as the last case left them: each case compares against them. */
    private static Map<String, ByteBuffer> before;

    private static Map<String, ByteBuffer> otherBefore;
    /** Past this many data files in the two stores they are emptied and seeded again, so every case stays fast. */
    private static final int MAX_FILES = 200;

    private static final List<String> LONG = List.of(
            "a".repeat(100_000), "\u0001\ud800x".repeat(20_000), "NetX" + "\u00e9".repeat(10_000), "9".repeat(50_000));

    /**
     * A command of the CLI as picocli sees it: its path, every option name (with whether it takes a value), and for
     * well-formed vectors its options by longest name (with whether each is required) and its positional labels.
     */
    record Command(
            List<String> path,
            Map<String, Boolean> options,
            Map<String, Boolean> required,
            List<String> positionals,
            int weight) {}

    @BeforeContainer
    static void setUp() throws IOException {
        root = Files.createTempDirectory("tidemark-cli-fuzz");
        Files.createDirectories(root.resolve("to"));
        data = root.resolve("data");
        otherData = root.resolve("other");
        store = yaml("store.yaml", data);
        otherStore = yaml("other.yaml", otherData);
        String aws = "  driver: aws\n  config: {region: us-east-1, table: t, endpoint: 'http://127.0.0.1:9',"
                + " access_key_id: AKIA, ";
        configs = List.of(
                write(
                        "secret-unknown-key.yaml",
                        "watermark:\n" + aws + "secret_access_key: " + SECRET + ", bogus: 1}\n"),
                write(
                        "secret-in-file.yaml",
                        "watermark:\n  driver: file\n  config: {base_dir: " + data
                                + ", secret_access_key: " + SECRET
                                + "}\npublisher:\n  driver: file\n  config: {base_dir: " + data
                                + ", secret_access_key: " + SECRET + "}\n"),
                write(
                        "secret-bad-type.yaml",
                        "watermark:\n" + aws + "secret_access_key: '" + SECRET + "', timeout_ms: [x]}\n"),
                write(
                        "secret.properties",
                        "watermark.driver=aws\nwatermark.config.secret_access_key=" + SECRET
                                + "\nwatermark.config.region=us-east-1\nwatermark.config.nonsense=" + SECRET + "\n"),
                write(
                        "secret-jsonld.json",
                        "{\"@context\": {}, \"@graph\": [{\"@id\": \"conn\", \"@type\": \"Connection\","
                                + " \"primaryPublisher\": {\"@id\": \"pub\"}}, {\"@id\": \"pub\", \"@type\": \"Publisher\","
                                + " \"dynamodbTable\": 7,"
                                + " \"secretAccessKey\": \"" + SECRET + "\", \"secret_access_key\": \"" + SECRET
                                + "\"}]}"),
                write(
                        "secret-unterminated.yaml",
                        "watermark:\n  driver: aws\n  config:\n    secret_access_key: \"" + SECRET
                                + "\n    region: [x\n"),
                write(
                        "secret-flow.yaml",
                        "watermark:\n" + aws + "secret_access_key: " + SECRET + ", region: us-east-1\n"),
                write(
                        "secret-tab.yaml",
                        "watermark:\n  driver: aws\n  config:\n    secret_access_key: " + SECRET + "\n\tregion: x\n"),
                write(
                        "secret-syntax.json",
                        "{\"@graph\": [{\"@type\": \"Publisher\", \"secretAccessKey\": \"" + SECRET
                                + "\" \"dynamodbTable\": \"t\"}]}"),
                write(
                        "secret-escape.properties",
                        "watermark.driver=aws\nwatermark.config.secret_access_key=" + SECRET + "\\uZZZZ\n"),
                write("secret-alias-bomb.yaml", "watermark: &a [*a]\nsecret_access_key: " + SECRET + "\n"),
                write("secret-scalar.yaml", SECRET + "\n"),
                root.resolve("missing.yaml").toString(),
                root.toString(),
                "@" + root.resolve("secret-unknown-key.yaml"));
        seed();
        commands = new ArrayList<>();
        collect(new CommandLine(new TidemarkCli(NO_TERMINAL, Map.of())), commands);
        // `ns watch` runs until interrupted (or --count changes nobody makes here): WatchCommandTest covers its exits.
        commands.removeIf(c -> c.path().equals(List.of("ns", "watch")));
    }

    /** Empties both stores and puts a mark and a record in each; keeps the snapshots of the stores as they are. */
    private static void seed() throws IOException {
        for (Path dir : List.of(data, otherData)) {
            delete(dir);
        }
        for (String cfg : List.of(store, otherStore)) {
            assertThat(run(List.of(
                                    "watermark",
                                    "advance",
                                    "--chain",
                                    "NetX",
                                    "--pkh",
                                    "tz1",
                                    "--kind",
                                    "block",
                                    "--level",
                                    "7",
                                    "--round",
                                    "0",
                                    "--digest",
                                    "d",
                                    "--config",
                                    cfg))
                            .exit())
                    .isZero();
            assertThat(run(List.of("ns", "publish-commit", "mydb", "c5", "5", "--config", cfg))
                            .exit())
                    .isZero();
        }
        before = snapshot(data);
        otherBefore = snapshot(otherData);
    }

    private static void delete(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }

    private static String yaml(String name, Path base) throws IOException {
        return write(
                name,
                "publisher:\n  driver: file\n  config: {base_dir: " + base + ", fsync: false}\n"
                        + "watermark:\n  driver: file\n  config: {base_dir: " + base + ", fsync: false}\n");
    }

    private static String write(String name, String content) throws IOException {
        return Files.writeString(root.resolve(name), content).toString();
    }

    private static void collect(CommandLine cl, List<Command> into) {
        CommandSpec spec = cl.getCommandSpec();
        Map<String, Boolean> options = new TreeMap<>();
        Map<String, Boolean> required = new TreeMap<>();
        for (OptionSpec o : spec.options()) {
            if (o.hidden()) {
                continue; // migrate's --config, there only to be refused
            }
            for (String n : o.names()) {
                options.put(n, o.arity().max() > 0);
            }
            required.put(o.longestName(), o.required());
        }
        List<String> positionals =
                spec.positionalParameters().stream().map(p -> p.paramLabel()).toList();
        List<String> path = List.of(spec.qualifiedName(" ").split(" "));
        String name = path.get(path.size() - 1);
        // verify and demo race threads over the store: a hundred-odd runs each; groups and the root only parse.
        int weight = name.equals("verify") || name.equals("demo")
                ? 1
                : cl.getSubcommands().isEmpty() ? 8 : 2;
        into.add(new Command(path.subList(1, path.size()), options, required, positionals, weight));
        cl.getSubcommands().values().stream().distinct().forEach(sub -> collect(sub, into));
    }

    @AfterContainer
    static void tearDown() throws IOException {
        delete(root);
    }

    private static Cli run(List<String> args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = TidemarkCli.run(
                args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true), NO_TERMINAL);
        return new Cli(code, out.toString(), err.toString());
    }

    /** The data files of a store (lock files are not data: the backend keeps one per key it has locked). */
    private static Map<String, ByteBuffer> snapshot(Path dir) throws IOException {
        Map<String, ByteBuffer> m = new TreeMap<>();
        if (Files.exists(dir)) {
            try (Stream<Path> s = Files.walk(dir)) {
                for (Path p : s.filter(Files::isRegularFile)
                        .filter(p -> !p.toString().endsWith(".lock"))
                        .toList()) {
                    m.put(dir.relativize(p).toString(), ByteBuffer.wrap(Files.readAllBytes(p)));
                }
            }
        }
        return m;
    }

    @Property(tries = 10_000)
    void everyArgumentVectorEndsInAKnownWay(@ForAll("vectors") List<String> args) throws IOException {
        if (before == null || before.size() + otherBefore.size() > MAX_FILES) {
            seed();
        }
        Map<String, ByteBuffer> mine = before;
        Map<String, ByteBuffer> otherMine = otherBefore;
        before = null; // until this case ends well: a failed case (or its shrinking) starts from a fresh snapshot
        Cli c = run(args);
        Statistics.label("exit").collect(c.exit());
        Statistics.label("command")
                .collect(commands.stream()
                        .map(k -> String.join(" ", k.path()))
                        .filter(k -> !k.isEmpty() && String.join(" ", args).startsWith(k + " "))
                        .max(Comparator.comparingInt(String::length))
                        .orElse("(root)"));

        String all = c.out() + c.err();
        String seen = all.length() > 2000 ? all.substring(0, 2000) + "...(" + all.length() + " chars)" : all;
        assertThat(c.exit()).as(seen).isBetween(0, 4);
        assertThat(all.contains("internal error"))
                .as("an exception the CLI does not expect: %s", seen)
                .isFalse();
        if (!args.contains("--verbose")) {
            assertThat(c.err().lines().count()).as(seen).isLessThanOrEqualTo(1);
        }
        assertThat(all.contains(SECRET)).as("the planted secret in: %s", seen).isFalse();
        assertThat(Path.of(Common.DEFAULT_DIR))
                .as("the default store in the working directory")
                .doesNotExist();
        int end = args.indexOf("--") < 0 ? args.size() : args.indexOf("--");
        List<String> options = args.subList(0, end);
        boolean group = args.size() > 1
                && (args.get(0).equals("watermark") || args.get(0).equals("ns"));
        String sub = group ? args.get(1) : args.get(0);
        // --dry-run counts only where it is an option; elsewhere picocli may take it as another option's value
        // (`advance --chain --dry-run` advances chain "--dry-run").
        boolean dryRun = Set.of("reset", "delete", "migrate").contains(sub) && options.contains("--dry-run");
        boolean nonWriting = NON_WRITING.contains(sub)
                || dryRun
                || options.contains("--help")
                || options.contains("-h")
                || options.contains("--version")
                || options.contains("-V");
        // A migration that ran and failed some items has copied the others: a batch, re-run safely, so it may differ.
        boolean partialBatch = args.get(0).equals("migrate")
                && c.exit() == TidemarkCli.ERROR
                && (c.out().contains("failed ") || c.out().contains("\"outcome\":\"failed\""));
        Map<String, ByteBuffer> after = snapshot(data);
        Map<String, ByteBuffer> otherAfter = snapshot(otherData);
        if ((c.exit() != TidemarkCli.OK || nonWriting) && !partialBatch) {
            assertThat(after).as("store after exit %d: %s", c.exit(), seen).isEqualTo(mine);
            assertThat(otherAfter)
                    .as("other store after exit %d: %s", c.exit(), seen)
                    .isEqualTo(otherMine);
        }
        before = after;
        otherBefore = otherAfter;
    }

    @Provide
    Arbitrary<List<String>> vectors() {
        Arbitrary<Command> command = Arbitraries.frequencyOf(commands.stream()
                .map(c -> Tuple.of(c.weight(), Arbitraries.just(c)))
                .toArray(Tuple.Tuple2[]::new));
        return command.flatMap(c -> {
            Arbitrary<List<String>> token = Arbitraries.frequencyOf(
                    Tuple.of(6, optionWithValue(c)),
                    Tuple.of(2, value().map(List::of)),
                    Tuple.of(1, Arbitraries.of(commands).flatMap(o -> optionWithValue(o))));
            Arbitrary<List<String>> config = Arbitraries.frequencyOf(
                            Tuple.of(16, Arbitraries.just(store)),
                            Tuple.of(2, Arbitraries.just(otherStore)),
                            Tuple.of(3, Arbitraries.of(configs)),
                            Tuple.of(1, value()))
                    .map(v -> c.options().containsKey("--config") ? List.of("--config", v) : List.<String>of());
            Arbitrary<List<String>> migrate = Arbitraries.of(store, otherStore)
                    .list()
                    .ofSize(2)
                    .map(p -> List.of("--from", p.get(0), "--to", p.get(1)));
            Arbitrary<List<String>> levels = Arbitraries.of(
                            "1", "2", "3", "0", "-1", "+5", "\u0661\u0662", "2147483648", "", " 3")
                    .map(v -> List.of("--levels", v));
            String name = c.path().isEmpty() ? "" : c.path().get(c.path().size() - 1);
            Arbitrary<List<String>> fixed = name.equals("migrate")
                    ? Arbitraries.oneOf(migrate, Arbitraries.just(List.of()))
                    : name.equals("demo") ? levels : Arbitraries.just(List.<String>of());
            Arbitrary<List<String>> soup = token.list()
                    .ofMaxSize(8)
                    .flatMap(tokens -> config.flatMap(cfg -> fixed.flatMap(f -> Arbitraries.integers()
                            .between(0, tokens.size())
                            .map(at -> {
                                List<String> args = new ArrayList<>(c.path());
                                tokens.subList(0, at).forEach(args::addAll);
                                args.addAll(f);
                                args.addAll(cfg);
                                tokens.subList(at, tokens.size()).forEach(args::addAll);
                                return args.isEmpty() ? List.of("--help") : args;
                            }))));
            return Arbitraries.frequencyOf(Tuple.of(1, soup), Tuple.of(2, wellFormed(c, config, fixed)));
        });
    }

    /**
     * A vector that parses more often than not: each value option (always the required ones), some flags, every
     * positional, with values plausible for their name from small pools (so marks are refused and records conflict),
     * and now and then a hostile one.
     */
    private static Arbitrary<List<String>> wellFormed(
            Command c, Arbitrary<List<String>> config, Arbitrary<List<String>> fixed) {
        List<Arbitrary<List<String>>> parts = new ArrayList<>();
        parts.add(Arbitraries.just(c.path()));
        c.required().forEach((name, required) -> {
            if (List.of("--config", "--from", "--to", "--levels").contains(name)) {
                return;
            }
            boolean help = List.of("--help", "--version").contains(name);
            Arbitrary<List<String>> present = c.options().get(name)
                    ? plausible(name).map(v -> List.of(name, v))
                    : Arbitraries.just(List.of(name));
            parts.add(
                    required
                            ? present
                            : Arbitraries.frequencyOf(
                                    Tuple.of(
                                            help ? 50 : name.equals("--verbose") ? 6 : 2,
                                            Arbitraries.just(List.<String>of())),
                                    Tuple.of(1, present)));
        });
        c.positionals().forEach(label -> parts.add(plausible(label).map(List::of)));
        parts.add(fixed);
        parts.add(config);
        return Combinators.combine(parts)
                .as(lists -> lists.stream().flatMap(List::stream).toList())
                .map(args -> args.isEmpty() ? List.of("--help") : args);
    }

    /** A value that suits an option or positional by its name; one in ten is hostile. */
    private static Arbitrary<String> plausible(String name) {
        Arbitrary<String> fit =
                switch (name) {
                    case "--chain" -> Arbitraries.of("NetX", "NetY");
                    case "--pkh" -> Arbitraries.of("tz1", "tz2");
                    case "--kind" -> Arbitraries.of(
                            "block", "attestation", "preattestation", "blokc", "attestation_with_dal");
                    case "--level", "--round", "--expected-v", "T" -> Arbitraries.of("0", "1", "2", "3", "5", "8");
                    case "--digest" -> Arbitraries.of("d", "vh1", "vh2");
                    case "--state" -> Arbitraries.of("ready", "indexing");
                    case "--meta" -> Arbitraries.of(
                            "{}", "{\"q\":3}", "{\"n\":[1,2.5,\"x\",true,null]}", "[1]", "{\"a\":");
                    case "--default-context" -> Arbitraries.of("ctx:1", "ctx:2");
                    case "ALIAS" -> Arbitraries.of("mydb", "mydb:main", "other:dev", "nobody");
                    case "ADDRESS" -> Arbitraries.of("c5", "c6", "i3");
                    case "--output" -> Arbitraries.of("text", "json", "JSON", "xml");
                    case "SHELL" -> Arbitraries.of("bash", "zsh", "fish");
                    default -> value();
                };
        return Arbitraries.frequencyOf(Tuple.of(9, fit), Tuple.of(1, value()));
    }

    private static Arbitrary<List<String>> optionWithValue(Command c) {
        if (c.options().isEmpty()) {
            return value().map(List::of);
        }
        return Arbitraries.of(List.copyOf(c.options().keySet()))
                .flatMap(o -> c.options().get(o)
                        ? value().map(v -> List.of(o, writable(o, v)))
                        : Arbitraries.just(List.of(o)));
    }

    /**
     * {@code v}, or for {@code --to} (where {@code export} writes its document) a file under the fuzz's own
     * directory named after {@code v}, so that no run leaves files in the working directory.
     */
    private static String writable(String option, String v) {
        return option.equals("--to") ? root.resolve("to").toString() + "/" + v.replace('/', '_') : v;
    }

    /** Plausible values, edge numbers, malformed JSON and aliases, control characters, lone surrogates, long strings. */
    static Arbitrary<String> value() {
        return Arbitraries.frequencyOf(
                Tuple.of(
                        4,
                        Arbitraries.of(
                                "NetX",
                                "tz1",
                                "block",
                                "attestation",
                                "preendorsement",
                                "blokc",
                                "attestation_with_dal",
                                "mydb",
                                "mydb:main",
                                "other:dev",
                                ":main",
                                "a:",
                                "x:y:z",
                                "c5",
                                "ctx:1",
                                "ready",
                                "d",
                                "vh1")),
                Tuple.of(
                        4,
                        Arbitraries.of(
                                "-1",
                                "0",
                                "1",
                                "2",
                                "5",
                                "7",
                                "8",
                                "12",
                                "-9223372036854775808",
                                "9223372036854775807",
                                "9223372036854775808",
                                "2147483647",
                                "2147483648",
                                "-2147483649",
                                "1e3",
                                "0x10",
                                "+5",
                                " 5",
                                "5 ",
                                "\u0661",
                                "1.5",
                                "NaN",
                                "99999999999999999999999999999999999999999")),
                Tuple.of(
                        2,
                        Arbitraries.of(
                                "{}",
                                "{\"a\":1}",
                                "[1]",
                                "{\"a\":",
                                "{\"n\":1e400}",
                                "{\"n\":-0.0}",
                                "null",
                                "\"s\"",
                                "{\"a\":\"\\ud800\"}",
                                "{\"a\":".repeat(20) + "1" + "}".repeat(20),
                                "{\"k\":\"" + "v".repeat(70_000) + "\"}")),
                Tuple.of(
                        3,
                        Arbitraries.of(
                                "",
                                " ",
                                "\u0000",
                                "a\nb",
                                "\r\n",
                                "\u001b[2J",
                                "\ud800",
                                "x\udfffy",
                                "\u2028",
                                "\u00e9",
                                "\ud83d\ude00",
                                "\t",
                                "-",
                                "--",
                                "-y",
                                "--yes",
                                "--dry-run",
                                "--json",
                                "--verbose",
                                "--any-kind",
                                "-h",
                                "--config",
                                "@" + root.resolve("missing-args-file"),
                                "%n%s%s",
                                "${env:HOME}",
                                "../../etc/passwd")),
                Tuple.of(1, Arbitraries.of(LONG)),
                Tuple.of(3, Arbitraries.strings().all().ofMaxLength(12)));
    }
}
