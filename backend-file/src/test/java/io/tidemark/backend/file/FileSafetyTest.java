package io.tidemark.backend.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tidemark.AccessDeniedException;
import io.tidemark.BackendConfig;
import io.tidemark.BackendUnavailableException;
import io.tidemark.CorruptedStoreException;
import io.tidemark.OutcomeUnknownException;
import io.tidemark.StoreNotFoundException;
import io.tidemark.discovery.Tidemark;
import io.tidemark.publisher.LedgerAlias;
import io.tidemark.watermark.AdvanceResult;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10 items 5, 11 and 12 on the file backend: hostile file system entries (planted links), loose directory
 * permissions, an oversized store file, a directory sync that fails after the rename, a store that must exist.
 */
class FileSafetyTest {
    private static final WatermarkKey KEY = new WatermarkKey("NetX", "tz1safety", "block");

    @TempDir
    Path tmp;

    private static BackendConfig config(Path base) {
        return BackendConfig.of("file", Map.of("base_dir", base.toString()));
    }

    private Path watermarks(Path base) {
        return base.resolve("v1").resolve("watermarks");
    }

    @Test
    void aPlantedTempLinkNeverRedirectsTheWrite() throws IOException {
        Path base = tmp.resolve("base");
        Path victim = Files.writeString(tmp.resolve("victim.txt"), "precious");
        try (WatermarkStore store = Tidemark.openWatermarkStore(config(base))) {
            String name = FileCodec.fileName(KEY);
            Files.createSymbolicLink(watermarks(base).resolve(name + FileNames.TEMP), victim);
            assertThat(store.advance(KEY, new Watermark(5, 0, "vh5"))).isInstanceOf(AdvanceResult.Advanced.class);
            assertThat(store.get(KEY)).contains(new Watermark(5, 0, "vh5"));
        }
        assertThat(Files.readString(victim)).isEqualTo("precious");
        assertThat(Files.isSymbolicLink(victim)).isFalse();
    }

    @Test
    void aSymlinkedDataFileIsRefusedAndLeftAlone() throws IOException {
        Path base = tmp.resolve("base");
        try (WatermarkStore store = Tidemark.openWatermarkStore(config(base))) {
            store.advance(KEY, new Watermark(5, 0, "vh5"));
            Path data = watermarks(base).resolve(FileCodec.fileName(KEY) + FileNames.DATA);
            Path elsewhere = Files.move(data, tmp.resolve("elsewhere.json"));
            Files.createSymbolicLink(data, elsewhere);
            assertThatThrownBy(() -> store.get(KEY))
                    .isInstanceOf(CorruptedStoreException.class)
                    .hasMessageContaining("symbolic link");
            assertThatThrownBy(() -> store.advance(KEY, new Watermark(6, 0, "vh6")))
                    .isInstanceOf(CorruptedStoreException.class);
            assertThat(Files.isSymbolicLink(data)).isTrue();
            assertThat(Files.readString(elsewhere)).contains("\"lvl\":5");
        }
    }

    @Test
    void aSymlinkedLockFileIsRefused() throws IOException {
        Path base = tmp.resolve("base");
        Path victim = Files.writeString(tmp.resolve("victim.txt"), "precious");
        try (WatermarkStore store = Tidemark.openWatermarkStore(config(base))) {
            Files.createSymbolicLink(watermarks(base).resolve(FileCodec.fileName(KEY) + FileNames.LOCK), victim);
            assertThatThrownBy(() -> store.advance(KEY, new Watermark(1, 0, "vh")))
                    .isInstanceOf(CorruptedStoreException.class)
                    .hasMessageContaining("symbolic link");
            assertThat(store.get(KEY)).isEmpty();
        }
        assertThat(Files.readString(victim)).isEqualTo("precious");
    }

    @Test
    void groupWritableDirectoriesAreRefusedUnlessAllowed() throws IOException {
        assumeTrue(Files.getFileStore(tmp).supportsFileAttributeView("posix"), "POSIX permissions");
        for (String sub : new String[] {"", "v1", "v1/watermarks"}) {
            Path base = Files.createDirectory(tmp.resolve("loose" + sub.length()));
            Tidemark.openWatermarkStore(config(base)).close();
            Path loose = sub.isEmpty() ? base : base.resolve(sub);
            Files.setPosixFilePermissions(loose, PosixFilePermissions.fromString("rwxrwxr-x"));
            assertThatThrownBy(() -> Tidemark.openWatermarkStore(config(base)))
                    .isInstanceOf(AccessDeniedException.class)
                    .hasMessageContaining(loose.toRealPath().toString())
                    .hasMessageContaining("chmod go-w")
                    .hasMessageContaining("allow_loose_permissions");
            try (WatermarkStore store =
                    Tidemark.openWatermarkStore(config(base).with("allow_loose_permissions", true))) {
                assertThat(store.advance(KEY, new Watermark(1, 0, "vh"))).isInstanceOf(AdvanceResult.Advanced.class);
            }
        }
    }

    @Test
    void aDirectoryOwnedByAnotherUserIsRefused() throws IOException {
        assumeTrue(Files.getFileStore(tmp).supportsFileAttributeView("posix"), "POSIX permissions");
        Path base = tmp.resolve("owned");
        Tidemark.openWatermarkStore(config(base)).close();
        UserPrincipal nobody;
        try {
            nobody = tmp.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
            Files.setOwner(base, nobody);
        } catch (IOException | UnsupportedOperationException e) {
            assumeTrue(false, "cannot give a directory away here (not root?): " + e);
            return;
        }
        assertThatThrownBy(() -> Tidemark.openWatermarkStore(config(base)))
                .isInstanceOf(AccessDeniedException.class)
                .hasMessageContaining("owned by nobody")
                .hasMessageContaining("chown");
    }

    @Test
    void anOversizedStoreFileIsCorruptionNotAnOutOfMemoryError() throws IOException {
        Path base = tmp.resolve("base");
        try (WatermarkStore store = Tidemark.openWatermarkStore(config(base))) {
            Path data = watermarks(base).resolve(FileCodec.fileName(KEY) + FileNames.DATA);
            try (RandomAccessFile f = new RandomAccessFile(data.toFile(), "rw")) {
                f.setLength(3L << 30); // sparse: 3 GiB of zeros, no disk space used
            }
            assertThatThrownBy(() -> store.get(KEY))
                    .isInstanceOf(CorruptedStoreException.class)
                    .hasMessageContaining(data.toString())
                    .hasMessageContaining("3221225472 bytes");
            assertThatThrownBy(() -> store.advance(KEY, new Watermark(1, 0, "vh")))
                    .isInstanceOf(CorruptedStoreException.class);
            assertThat(Files.size(data)).isEqualTo(3L << 30);
        }
    }

    @Test
    void aFailedDirectorySyncAfterTheRenameSaysTheChangeIsInPlace() {
        Path base = tmp.resolve("base");
        boolean[] armed = {false};
        Disk failingSync = new ForwardingDisk(RealDisk.INSTANCE) {
            @Override
            public void sync(Path path) throws IOException {
                if (armed[0] && Files.isDirectory(path)) {
                    throw new IOException("EIO (simulated)");
                }
                super.sync(path);
            }
        };
        try (WatermarkStore store = FileWatermarkStore.open(base, new FileOptions(true, true, false, failingSync))) {
            armed[0] = true;
            assertThatThrownBy(() -> store.advance(KEY, new Watermark(7, 0, "vh7")))
                    .isInstanceOf(OutcomeUnknownException.class)
                    .hasMessageContaining("could not sync directory")
                    .hasMessageContaining("visible now")
                    .hasMessageNotContaining("intact");
            // a failed sync leaves the handle refusing all work (issue 15); a reopened store reads the change
            assertThatThrownBy(() -> store.get(KEY))
                    .isInstanceOf(BackendUnavailableException.class)
                    .hasMessageContaining("refuses further work")
                    .hasMessageContaining("open the store again");
        }
        try (WatermarkStore store = FileWatermarkStore.open(base, true)) {
            assertThat(store.get(KEY)).contains(new Watermark(7, 0, "vh7"));
        }
    }

    @Test
    void aStoreThatMustExistIsNotCreated() {
        Path base = tmp.resolve("typo").resolve("base");
        BackendConfig mustExist = config(base).withCreate(false);
        assertThatThrownBy(() -> Tidemark.openWatermarkStore(mustExist))
                .isInstanceOf(StoreNotFoundException.class)
                .hasMessageContaining(base.toAbsolutePath().toString());
        assertThatThrownBy(() -> Tidemark.openPublisher(mustExist))
                .isInstanceOf(StoreNotFoundException.class)
                .hasMessageContaining(base.toAbsolutePath().toString());
        assertThat(tmp.resolve("typo")).doesNotExist();
        Tidemark.openWatermarkStore(config(base)).close();
        try (WatermarkStore store = Tidemark.openWatermarkStore(mustExist)) {
            assertThat(store.get(KEY)).isEmpty();
        }
    }

    @Test
    void openLogsTheAbsoluteDirectoryAndHowManyKeysItHolds() throws IOException {
        Path base = tmp.resolve("base");
        try (WatermarkStore store = Tidemark.openWatermarkStore(config(base))) {
            store.advance(KEY, new Watermark(1, 0, "vh"));
            store.advance(new WatermarkKey("NetX", "tz1safety", "attestation"), new Watermark(1, 0, "vh"));
        }
        String log = FileInternalsTest.stderrOf(
                () -> Tidemark.openWatermarkStore(config(base)).close());
        assertThat(log)
                .contains("INFO")
                .contains("file watermark store at " + watermarks(base).toRealPath() + ": 2 keys");
        assertThat(log.lines().filter(l -> l.contains("file watermark store at")))
                .hasSize(1);
    }

    @Test
    void theNameserviceTreeRefusesLinksToo() throws IOException {
        Path base = tmp.resolve("base");
        LedgerAlias alias = LedgerAlias.parse("mydb:main");
        try (var ns = Tidemark.openPublisher(config(base))) {
            ns.publishCommit(alias, "c1", 1);
            Path data = base.resolve("v1").resolve("nameservice").resolve(FileCodec.fileName(alias) + FileNames.DATA);
            Path elsewhere = Files.move(data, tmp.resolve("elsewhere.json"));
            Files.createSymbolicLink(data, elsewhere);
            assertThatThrownBy(() -> ns.lookup(alias)).isInstanceOf(CorruptedStoreException.class);
            assertThat(Optional.of(Files.readString(elsewhere)))
                    .hasValueSatisfying(t -> assertThat(t).contains("\"commit_t\":1"));
        }
        try (Stream<Path> s = Files.list(base.resolve("v1").resolve("nameservice"))) {
            assertThat(s.filter(p -> p.toString().endsWith(FileNames.TEMP))).isEmpty();
        }
    }
}
