package io.tidemark.backend.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.Publisher;
import io.tidemark.spi.ChangeSignal;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkStore;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Adversarial review of the in-place layout against another process: (1) an in-place slot write changes no directory
 * entry; does the directory watch still wake on it (not just the 2 s poll)? (2) a reader here while a child JVM
 * rewrites slots in place: it may meet a slot half-written, and must fall back, never report corruption, never see
 * the mark go down.
 */
class AttackOtherProcessTest {
    private static final LedgerAlias ALIAS = LedgerAlias.parse("inplace:main");

    @TempDir
    Path tmp;

    private static ProcessBuilder child(Class<?> main, String... args) {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                main.getName()));
        cmd.addAll(List.of(args));
        return new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT);
    }

    @Test
    void anInPlaceWriteByAnotherProcessWakesTheDirectorySignalItself() throws Exception {
        Path file;
        try (Publisher ns = FilePublisher.open(tmp, false)) {
            ns.publishCommit(ALIAS, "c1", 1);
        }
        file = tmp.resolve("v1/nameservice/" + FileCodec.fileName(ALIAS) + FileNames.DATA);
        Object inode = Files.getAttribute(file, "unix:ino");
        // the signal alone (no poll: DirectorySignal never polls, the watchers' loop does)
        ChangeSignal signal = new FilePublisher(tmp, FileOptions.defaults(false)).changeSignal();
        Semaphore wakes = new Semaphore(0);
        ChangeSignal.Stop stop = signal.start(wakes::release);
        try {
            Process p = child(AttackNsChild.class, tmp.toString(), "2", ALIAS.toString())
                    .start();
            assertThat(new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8)).readLine())
                    .isEqualTo("DONE");
            assertThat(p.waitFor()).isZero();
            assertThat(Files.getAttribute(file, "unix:ino"))
                    .as("the child wrote in place (same file, no rename)")
                    .isEqualTo(inode);
            assertThat(wakes.tryAcquire(30, TimeUnit.SECONDS))
                    .as("woken by the other process's in-place write")
                    .isTrue();
        } finally {
            stop.close();
        }
        try (Publisher ns = FilePublisher.open(tmp, false)) {
            assertThat(ns.lookup(ALIAS).orElseThrow().commitT()).hasValue(2);
        }
    }

    @Test
    void aReaderHereWhileAChildRewritesSlotsNeverFailsNorGoesDown() throws Exception {
        Path base = Files.createDirectory(tmp.resolve("base"));
        try (WatermarkStore store = FileWatermarkStore.open(base, false)) {
            store.advance(SpellingsRaceTest.KEY, new Watermark(0, 0, "first"));
            Process p = child(SlotChild.class, base.toString(), "3000").start();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            assertThat(out.readLine()).isEqualTo("READY");
            Writer in = new OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8);
            in.write("GO\n");
            in.flush();
            java.util.concurrent.atomic.AtomicBoolean childDone = new java.util.concurrent.atomic.AtomicBoolean();
            java.util.concurrent.atomic.AtomicLong reads = new java.util.concurrent.atomic.AtomicLong();
            java.util.concurrent.CompletableFuture<Void> reader =
                    java.util.concurrent.CompletableFuture.runAsync(() -> {
                        long last = -1;
                        while (!childDone.get()) {
                            long level = store.get(SpellingsRaceTest.KEY)
                                    .orElseThrow()
                                    .level();
                            assertThat(level).as("read %d", reads.get()).isGreaterThanOrEqualTo(last);
                            last = level;
                            reads.incrementAndGet();
                        }
                    });
            List<String> lines = out.lines().toList(); // until the child exits
            childDone.set(true);
            reader.get(60, TimeUnit.SECONDS);
            assertThat(reads.get()).isPositive();
            assertThat(p.waitFor()).isZero();
            assertThat(lines).last().isEqualTo("DONE");
            long climbed = lines.stream().filter(l -> l.startsWith("A ")).count();
            assertThat(climbed).as("the child climbed in place").isGreaterThan(100);
            assertThat(store.get(SpellingsRaceTest.KEY).orElseThrow().level()).isEqualTo(climbed);
        }
    }
}
