package io.tidemark.backend.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link RealDisk#openForUpdate}: one descriptor reads the file and writes its slot, so an update never decides on
 * one file and writes another.
 */
class RealDiskUpdateTest {
    @TempDir
    Path tmp;

    @Test
    void aMissingFileOpensNothing() throws Exception {
        assertThat(RealDisk.INSTANCE.openForUpdate(tmp.resolve("absent.json"), 1024))
                .isEmpty();
    }

    @Test
    void theSlotIsWrittenToTheFileWhoseBytesWereReadEvenIfItsNameNowLeadsElsewhere() throws Exception {
        Path file = tmp.resolve("k.json");
        Path kept = tmp.resolve("kept"); // a second name for the file opened, to look at it once it is renamed over
        Path other = tmp.resolve("other");
        Files.writeString(file, "0123456789");
        Files.createLink(kept, file);
        Files.writeString(other, "abcdefghij");

        Optional<Disk.Update> opened = RealDisk.INSTANCE.openForUpdate(file, 1024);
        assertThat(opened).isPresent();
        try (Disk.Update u = opened.get()) {
            assertThat(new String(u.bytes(), StandardCharsets.UTF_8)).isEqualTo("0123456789");
            Files.move(other, file, StandardCopyOption.ATOMIC_MOVE); // the name now leads to another file
            Disk.Overwrite w = u.writer();
            w.write(2, "XY".getBytes(StandardCharsets.UTF_8));
            w.syncData();
        }
        assertThat(Files.readString(kept)).as("the file read").isEqualTo("01XY456789");
        assertThat(Files.readString(file)).as("the file now at the name").isEqualTo("abcdefghij");
    }

    @Test
    void aFileOverTheCapIsNotRead() throws Exception {
        Path file = tmp.resolve("big.json");
        Files.write(file, new byte[5000]);
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RealDisk.INSTANCE.openForUpdate(file, 4096))
                .isInstanceOf(Disk.FileTooLargeException.class)
                .hasMessageContaining(file.toString());
    }
}
