package io.tidemark.backend.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.NsRecord;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code list()} and {@code allRecords()} run in constant memory (issue 15): 100,000 watermark keys and 100,000
 * ledger records, walked by a child JVM with a 32 MiB heap. Each element carries a few hundred bytes of strings, so
 * holding them all needs several times that heap: the control, which collects the marks into a list first, runs out
 * of memory in the same child.
 */
class ListMemoryTest {
    static final int KEYS = 100_000;
    private static final String HEAP = "-Xmx32m";

    private static Path base;

    private static long levelSum;
    private static long tSum;

    /**
     * Plants the files straight into the directories (the store's own writes would sync 200,000 files), on tmpfs
     * where there is one (on a disk, writing back 200,000 files takes minutes on a busy machine): every tenth mark in
     * the two-slot layout, the others and the records in the legacy one, so both read paths are walked.
     */
    @BeforeAll
    static void plant() throws IOException {
        Path shm = Path.of("/dev/shm");
        base = Files.isDirectory(shm) && Files.isWritable(shm)
                ? Files.createTempDirectory(shm, "tidemark-list")
                : Files.createTempDirectory("tidemark-list");
        FileWatermarkStore.open(base, false).close();
        FilePublisher.open(base, false).close();
        Path marks = base.resolve("v1/watermarks");
        Path records = base.resolve("v1/nameservice");
        String pad = "x".repeat(200);
        for (int i = 0; i < KEYS; i++) {
            WatermarkKey key = new WatermarkKey("NetXlist", "tz1" + pad.substring(100) + i, "block");
            Watermark mark = new Watermark(i, 0, "vh" + pad + i);
            levelSum += i;
            byte[] text = FileCodec.encode(key, mark).getBytes(StandardCharsets.UTF_8);
            Files.write(
                    marks.resolve(FileCodec.fileName(key) + FileNames.DATA),
                    i % 10 == 0 ? SlotFile.create(text) : text);
            LedgerAlias alias = new LedgerAlias("ledger" + pad + i, "main");
            NsRecord r = new NsRecord(
                    alias,
                    Optional.of("fluree:commit:" + pad + i),
                    OptionalLong.of(i + 1L),
                    Optional.empty(),
                    OptionalLong.empty(),
                    Optional.empty(),
                    "ready",
                    1_700_000_000L,
                    1,
                    Map.of(),
                    0,
                    Map.of());
            tSum += i + 1L;
            Files.writeString(records.resolve(FileCodec.fileName(alias) + FileNames.DATA), FileCodec.encode(r));
        }
    }

    @AfterAll
    static void remove() throws IOException {
        try (java.util.stream.Stream<Path> s = Files.walk(base)) {
            s.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        }
    }

    @Test
    void listAndAllRecordsStreamOneHundredThousandKeysInA32MiBHeap() throws Exception {
        Child c = run("stream");
        assertThat(c.exit)
                .as("exit of the streaming child; its stderr: %s", c.err)
                .isZero();
        assertThat(c.out).isEqualTo(KEYS + " " + levelSum + " " + KEYS + " " + tSum);
    }

    /** The control: the same walk holding every mark at once does not fit that heap. */
    @Test
    void collectingTheMarksFirstDoesNotFitThatHeap() throws Exception {
        Child c = run("collect");
        assertThat(c.exit).isNotZero();
        assertThat(c.err).contains("OutOfMemoryError");
    }

    private record Child(int exit, String out, String err) {}

    private static Child run(String mode) throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(
                javaBin,
                HEAP,
                "-XX:+UseSerialGC",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp",
                System.getProperty("java.class.path"),
                ListChild.class.getName(),
                base.toString(),
                mode));
        Path err = Files.createTempFile(base, "child", ".err");
        Process p = new ProcessBuilder(cmd).redirectError(err.toFile()).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.waitFor(10, TimeUnit.MINUTES)).isTrue();
        return new Child(p.exitValue(), out, Files.readString(err));
    }
}
