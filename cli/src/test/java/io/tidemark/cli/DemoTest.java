package io.tidemark.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.BackendConfig;
import io.tidemark.discovery.Tidemark;
import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.NsRecord;
import io.tidemark.publisher.Publisher;
import io.tidemark.watermark.StoredWatermark;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code tidemark demo} against a user's store: it touches nothing it did not create, and its options are checked. */
class DemoTest {
    @TempDir
    Path dir;

    /** Every file under {@code root}, relative path to content. */
    static Map<String, byte[]> files(Path root) throws IOException {
        Map<String, byte[]> m = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                m.put(root.relativize(p).toString(), Files.readAllBytes(p));
            }
        }
        return m;
    }

    private static String text(byte[] b) {
        return b == null ? "(removed)" : new String(b, StandardCharsets.UTF_8);
    }

    /** Everything the store holds, as seen through the contract. */
    static String contents(BackendConfig c) {
        try (WatermarkStore w = Tidemark.openWatermarkStore(c);
                Publisher p = Tidemark.openPublisher(c);
                Stream<StoredWatermark> marks = w.list();
                Stream<NsRecord> records = p.allRecords()) {
            return Stream.concat(marks.map(Object::toString), records.map(Object::toString))
                    .sorted()
                    .collect(Collectors.joining("\n"));
        }
    }

    @Test
    void demoOnAUsersStoreLeavesEveryRecordOfTheUserByteForByteAndNothingOfItsOwn() throws Exception {
        Path data = dir.resolve("data");
        BackendConfig store = BackendConfig.of("file", Map.of("base_dir", data.toString()));
        // Everything the old demo touched (its key, every kind of that baker, its ledger), as a user's real data.
        try (WatermarkStore w = Tidemark.openWatermarkStore(store);
                Publisher p = Tidemark.openPublisher(store)) {
            for (String kind : List.of("block", "preattestation", "attestation")) {
                w.advance(
                        new WatermarkKey("NetXdemo", "tz1DemoBaker", kind),
                        new Watermark(5_000_000, 2, "users-" + kind));
            }
            LedgerAlias demo = LedgerAlias.parse("demo:main");
            p.publishCommit(demo, "fluree:file://users/commit/9000", 9000);
            p.publishIndex(demo, "fluree:file://users/index/8990", 8990);
            p.pushStatus(demo, 1, "indexing", Map.of("owner", "a user"));
            p.publishCommit(LedgerAlias.parse("demo"), "ignored", 1);
        }
        Map<String, byte[]> before = files(data);
        String contents = contents(store);
        Path cfg = Files.writeString(
                dir.resolve("tidemark.yaml"),
                "publisher:\n  driver: file\n  config: {base_dir: " + data
                        + "}\nwatermark:\n  driver: file\n  config: {base_dir: " + data + "}\n");

        Cli demo = Cli.run("demo", "--levels", "30", "--config", cfg.toString());

        assertThat(demo.exit()).as(demo.out() + demo.err()).isZero();
        assertThat(demo.out()).contains("ALL CHECKS PASSED");
        Map<String, byte[]> after = files(data);
        before.forEach((name, bytes) -> assertThat(Arrays.equals(after.get(name), bytes))
                .as("%s was%n%s%nand is now%n%s", name, text(bytes), text(after.get(name)))
                .isTrue());
        Set<String> added =
                after.keySet().stream().filter(n -> !before.containsKey(n)).collect(Collectors.toSet());
        // The file backend keeps a key's lock file after the key is removed; no data of the demo may remain.
        assertThat(added).allMatch(n -> n.endsWith(".lock"), "only lock files");
        assertThat(contents(store)).isEqualTo(contents);
    }

    @Test
    void twoDemosOnOneStoreAtOnceDoNotMeetEachOther() throws Exception {
        Path data = dir.resolve("shared");
        Path cfg = Files.writeString(
                dir.resolve("shared.yaml"),
                "publisher:\n  driver: file\n  config: {base_dir: " + data
                        + "}\nwatermark:\n  driver: file\n  config: {base_dir: " + data + "}\n");
        java.util.concurrent.CyclicBarrier together = new java.util.concurrent.CyclicBarrier(2);
        java.util.concurrent.Callable<Cli> one = () -> {
            together.await();
            return Cli.run("demo", "--levels", "20", "--config", cfg.toString());
        };
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            var a = pool.submit(one);
            var b = pool.submit(one);
            for (Cli c : List.of(a.get(), b.get())) {
                assertThat(c.exit()).as(c.out() + c.err()).isZero();
                assertThat(c.out()).contains("ALL CHECKS PASSED");
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(contents(BackendConfig.of("file", Map.of("base_dir", data.toString()))))
                .isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "-1", "1000001", "2147483647", "-2147483648"})
    void levelsOutsideItsRangeIsAUsageErrorNamingTheOptionAndTheRange(String levels) throws Exception {
        Path data = dir.resolve("untouched");
        Path cfg = Files.writeString(
                dir.resolve("u.yaml"),
                "publisher:\n  driver: file\n  config: {base_dir: " + data
                        + "}\nwatermark:\n  driver: file\n  config: {base_dir: " + data + "}\n");
        Cli demo = Cli.run("demo", "--levels", levels, "--config", cfg.toString());
        assertThat(demo.exit()).isEqualTo(TidemarkCli.USAGE);
        assertThat(demo.out()).isEmpty();
        assertThat(demo.err().lines())
                .hasSize(1)
                .first()
                .asString()
                .contains("--levels")
                .contains(levels)
                .contains("1..1000000")
                .doesNotContain("No value present");
        assertThat(data).doesNotExist();
    }

    @ParameterizedTest
    @ValueSource(strings = {"1", "4", "5", "7"})
    void fewLevelsStillPass(String levels) {
        Cli demo = Cli.run("demo", "--levels", levels);
        assertThat(demo.exit()).as(demo.out() + demo.err()).isZero();
        assertThat(demo.out()).contains("ALL CHECKS PASSED");
    }
}
