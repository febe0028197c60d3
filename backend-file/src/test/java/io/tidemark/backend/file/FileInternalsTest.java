package io.tidemark.backend.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tidemark.AccessDeniedException;
import io.tidemark.BackendConfig;
import io.tidemark.BackendUnavailableException;
import io.tidemark.CorruptedStoreException;
import io.tidemark.StoreNotFoundException;
import io.tidemark.discovery.Tidemark;
import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.Publisher;
import io.tidemark.spi.ConfigKey;
import io.tidemark.watermark.AdvanceResult;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file backend's parts one by one: names, the size cap, the fault mapping, foreign locks, special files. */
class FileInternalsTest {
    private static final WatermarkKey KEY = new WatermarkKey("NetX", "tz1internals", "block");

    @TempDir
    Path tmp;

    @Test
    void namesKeepExactlyTheSafeCharactersAndAtMost48OfThem() {
        String hash = FileNames.of("x").substring(2);
        assertThat(FileNames.of("x")).isEqualTo("x-" + hash).hasSize(2 + 32);
        // The edges of each allowed range stay; their neighbours become '_'.
        assertThat(FileNames.of("az09-_.").split("-")[0] + "-").isEqualTo("az09-");
        assertThat(FileNames.of("`{/:A").substring(0, 5)).isEqualTo("___:a".replace(':', '_'));
        assertThat(FileNames.of("AZ").substring(0, 2)).isEqualTo("az");
        assertThat(FileNames.of("a".repeat(47)).indexOf('-')).isEqualTo(47);
        assertThat(FileNames.of("a".repeat(48)).indexOf('-')).isEqualTo(48);
        assertThat(FileNames.of("a".repeat(49)).indexOf('-')).isEqualTo(48);
        assertThat(FileNames.of("a".repeat(30), "b".repeat(30)).indexOf('-')).isEqualTo(48);
        assertThat(FileNames.of("a".repeat(47), "bc")).startsWith("a".repeat(47) + "~-");
        assertThat(FileNames.of("a".repeat(48), "b")).startsWith("a".repeat(48) + "-");
        assertThat(FileNames.of(".hidden")).startsWith("_.hidden-");
        assertThat(FileNames.of("-rf")).startsWith("_-rf-");
        assertThat(FileNames.of("\u00e9")).startsWith("_-");
        assertThat(FileNames.of("")).startsWith("_-");
    }

    @Test
    void keysThatSplitTheSameCharactersDifferentlyGetDifferentNames() {
        List<List<String>> splits = List.of(
                List.of("a:", "b"),
                List.of("a", ":b"),
                List.of("1a", "b"),
                List.of("1", "ab"),
                List.of("", "1ab"),
                List.of("11", "1ab"),
                List.of("1", "11ab"),
                List.of("a", "b", ""),
                List.of("a", "", "b"),
                List.of("", "a", "b"),
                List.of("2:ab", "c"),
                List.of("2", "ab:c"),
                List.of("a", "2:bc"),
                // length prefixes alone are ambiguous: "1"+"1" "13"+"aaaaaaaaa3bbb" reads as "11"+"13aaaaaaaaa"
                // "3"+"bbb"
                List.of("1", "aaaaaaaaa3bbb"),
                List.of("13aaaaaaaaa", "bbb"));
        Set<String> names = new HashSet<>();
        splits.forEach(
                parts -> names.add(FileNames.of(parts.toArray(String[]::new)).replaceAll("^.*-", "")));
        assertThat(names).hasSize(splits.size());
    }

    @Test
    void readingCapsTheSizeAtExactlyTheLimit() throws IOException {
        Path file = tmp.resolve("f");
        Files.write(file, new byte[10]);
        assertThat(RealDisk.INSTANCE.read(file, 10))
                .hasValueSatisfying(b -> assertThat(b).hasSize(10));
        assertThatThrownBy(() -> RealDisk.INSTANCE.read(file, 9))
                .isInstanceOf(Disk.FileTooLargeException.class)
                .hasMessageContaining("10 bytes")
                .hasMessageContaining("(9)");
        assertThat(RealDisk.INSTANCE.read(tmp.resolve("none"), 9)).isEmpty();
    }

    @Test
    void faultsMapToTheContractsExceptions() throws IOException {
        Path p = tmp.resolve("x");
        Path link = Files.createSymbolicLink(tmp.resolve("link"), p);
        assertThat(FileTree.fault("w", link, new IOException("ELOOP")))
                .isExactlyInstanceOf(CorruptedStoreException.class)
                .hasMessageContaining("symbolic link");
        assertThat(FileTree.fault("w", p, new java.nio.file.AccessDeniedException(p.toString())))
                .isExactlyInstanceOf(AccessDeniedException.class)
                .hasMessage("w: permission denied");
        assertThat(FileTree.fault("w", p, new NoSuchFileException(p.toString())))
                .isExactlyInstanceOf(StoreNotFoundException.class)
                .hasMessageContaining("was the base_dir removed");
        assertThat(FileTree.fault("w", p, new IOException("EIO")))
                .isExactlyInstanceOf(BackendUnavailableException.class)
                .hasMessageContaining("EIO");
    }

    @Test
    void aDirectoryOrFifoWhereAFileBelongsIsRefusedWithoutBlocking() throws Exception {
        Path base = tmp.resolve("base");
        try (WatermarkStore store = FileWatermarkStore.open(base, true)) {
            Path dir = base.resolve("v1").resolve("watermarks");
            Path data = dir.resolve(FileCodec.fileName(KEY) + FileNames.DATA);
            Files.createDirectory(data);
            assertThatThrownBy(() -> store.get(KEY))
                    .isInstanceOf(CorruptedStoreException.class)
                    .hasMessageContaining("a directory");
            Files.delete(data);
            Process mkfifo;
            try {
                mkfifo = new ProcessBuilder("mkfifo", data.toString()).start();
            } catch (IOException e) {
                assumeTrue(false, "no mkfifo here");
                return;
            }
            assertThat(mkfifo.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assumeTrue(mkfifo.exitValue() == 0, "mkfifo failed");
            assertThat(CompletableFuture.supplyAsync(() -> catchType(() -> store.get(KEY)))
                            .get(30, TimeUnit.SECONDS))
                    .isEqualTo(CorruptedStoreException.class);
            Path lock = dir.resolve(FileCodec.fileName(KEY) + FileNames.LOCK);
            Files.deleteIfExists(lock);
            Files.move(data, lock);
            assertThat(CompletableFuture.supplyAsync(
                                    () -> catchType(() -> store.advance(KEY, new Watermark(1, 0, "d"))))
                            .get(30, TimeUnit.SECONDS))
                    .isEqualTo(CorruptedStoreException.class);
        }
    }

    private static Class<?> catchType(Runnable r) {
        try {
            r.run();
            return null;
        } catch (RuntimeException e) {
            return e.getClass();
        }
    }

    /**
     * Code outside this library holding our lock file's lock in this JVM (a channel of its own): the store refuses
     * at once instead of waiting with a second channel open (an interrupt would close it and drop the holder's OS
     * lock), leaves the holder's lock valid, and works again once it is released.
     */
    @Test
    void aForeignLockInThisJvmIsRefusedAndLeftValid() throws Exception {
        Path base = tmp.resolve("base");
        try (WatermarkStore store = FileWatermarkStore.open(base, true)) {
            Path lockFile = base.resolve("v1/watermarks/" + FileCodec.fileName(KEY) + FileNames.LOCK);
            Files.createFile(lockFile);
            try (FileChannel foreign = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
                FileLock held = foreign.lock();
                assertThatThrownBy(() -> store.advance(KEY, new Watermark(1, 0, "d")))
                        .isInstanceOf(BackendUnavailableException.class)
                        .hasMessageContaining("another channel of this JVM holds it");
                assertThat(held.isValid()).isTrue();
                assertThat(store.get(KEY)).isEmpty();
                held.release();
                assertThat(store.advance(KEY, new Watermark(1, 0, "d")))
                        .isEqualTo(new AdvanceResult.Advanced(java.util.Optional.empty()));
            }
        }
    }

    /** A thread that is interrupted when it asks for the lock gets a typed error; its interrupt stays set. */
    @Test
    void anInterruptedCallerGetsATypedErrorAndNothingIsWritten() {
        Path base = tmp.resolve("base");
        try (WatermarkStore store = FileWatermarkStore.open(base, true)) {
            Thread.currentThread().interrupt();
            try {
                assertThatThrownBy(() -> store.advance(KEY, new Watermark(1, 0, "d")))
                        .isInstanceOf(BackendUnavailableException.class)
                        .hasMessageContaining("cannot lock");
                assertThat(Thread.currentThread().isInterrupted()).isTrue();
            } finally {
                Thread.interrupted();
            }
            assertThat(store.get(KEY)).isEmpty();
        }
    }

    @Test
    void aLockFileWithASecondNameIsRefusedBeforeItIsOpened() throws IOException {
        Path base = tmp.resolve("base");
        try (WatermarkStore store = FileWatermarkStore.open(base, true)) {
            store.advance(KEY, new Watermark(1, 0, "d"));
            Path lockFile = base.resolve("v1/watermarks/" + FileCodec.fileName(KEY) + FileNames.LOCK);
            Files.createLink(tmp.resolve("second-name"), lockFile);
            assertThatThrownBy(() -> store.advance(KEY, new Watermark(2, 0, "e")))
                    .isInstanceOf(CorruptedStoreException.class)
                    .hasMessageContaining("hard links");
            assertThat(store.get(KEY)).contains(new Watermark(1, 0, "d"));
        }
    }

    @Test
    void aRecordFileUnderAnotherAliasesNameIsCorruption() throws IOException {
        Path base = tmp.resolve("base");
        try (Publisher ns = FilePublisher.open(base, true)) {
            LedgerAlias a = LedgerAlias.parse("a:main");
            LedgerAlias b = LedgerAlias.parse("b:main");
            ns.publishCommit(a, "c1", 1);
            Path dir = base.resolve("v1/nameservice");
            Files.copy(
                    dir.resolve(FileCodec.fileName(a) + FileNames.DATA),
                    dir.resolve(FileCodec.fileName(b) + FileNames.DATA));
            assertThatThrownBy(() -> ns.lookup(b))
                    .isInstanceOf(CorruptedStoreException.class)
                    .hasMessageContaining("belongs in");
        }
    }

    @Test
    void theProviderIsFileAndSaysSoWhenFsyncIsOff() throws IOException {
        assertThat(new FileBackendProvider().driver()).isEqualTo("file");
        Path base = tmp.resolve("base");
        String on = stderrOf(
                () -> Tidemark.openWatermarkStore(BackendConfig.of("file", Map.of("base_dir", base.toString())))
                        .close());
        String off = stderrOf(() -> Tidemark.openWatermarkStore(
                        BackendConfig.of("file", Map.of("base_dir", base.toString(), "fsync", false)))
                .close());
        assertThat(on).doesNotContain("fsync=false");
        assertThat(off).contains("WARN").contains("fsync=false");
        try (WatermarkStore s = FileWatermarkStore.open(base, true);
                Publisher p = FilePublisher.open(base, true)) {
            assertThat(s.toString())
                    .isEqualTo("file watermark store " + base.toRealPath().resolve("v1/watermarks"));
            assertThat(p.toString())
                    .isEqualTo("file publisher " + base.toRealPath().resolve("v1/nameservice"));
            s.close();
            assertThatThrownBy(() -> s.get(KEY))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("file watermark store " + base.toRealPath().resolve("v1/watermarks") + " is closed");
        }
    }

    @Test
    void theProviderDescribesItsThreeKeys() {
        List<ConfigKey> keys = new FileBackendProvider().keys();
        assertThat(keys).extracting(ConfigKey::name).containsExactly("base_dir", "fsync", "allow_loose_permissions");
        ConfigKey baseDir = keys.get(0);
        assertThat(baseDir.type()).isEqualTo(ConfigKey.Type.PATH);
        assertThat(baseDir.required()).isTrue();
        assertThat(baseDir.identity()).isTrue();
        assertThat(keys.subList(1, 3)).allSatisfy(k -> {
            assertThat(k.type()).isEqualTo(ConfigKey.Type.BOOLEAN);
            assertThat(k.required() || k.identity() || k.secret()).isFalse();
        });
        assertThat(keys.get(1).defaultValue()).hasValue("true");
        assertThat(keys.get(2).defaultValue()).hasValue("false");
        assertThat(keys).allSatisfy(k -> {
            assertThat(k.description()).doesNotContain("\n").hasSizeLessThan(120);
            assertThat(k.appliesTo(ConfigKey.Contract.PUBLISHER) && k.appliesTo(ConfigKey.Contract.WATERMARK))
                    .isTrue();
        });
    }

    @Test
    void theSameBaseDirSpelledTwoWaysIsTheSameStore() throws IOException {
        Path base = Files.createDirectories(tmp.resolve("same"));
        BackendConfig a = BackendConfig.of("file", Map.of("base_dir", base.toString()));
        BackendConfig b =
                BackendConfig.of("file", Map.of("base_dir", base.resolve("x/..").toString(), "fsync", false));
        BackendConfig c =
                BackendConfig.of("file", Map.of("base_dir", tmp.resolve("other").toString()));
        assertThat(Tidemark.sameStore(a, b, ConfigKey.Contract.WATERMARK)).isTrue();
        assertThat(Tidemark.sameStore(a, c, ConfigKey.Contract.PUBLISHER)).isFalse();
    }

    /** What {@code r} wrote to standard error (the test logger writes there). */
    static String stderrOf(Runnable r) {
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            r.run();
        } finally {
            System.setErr(err);
        }
        return captured.toString(StandardCharsets.UTF_8);
    }
}
