package io.tidemark.backend.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.OutcomeUnknownException;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Adversarial review of "a failed sync is fatal for the handle": the page cache is not the handle's. After a failed
 * {@code fdatasync} Linux may mark the unsynced pages clean ("fsyncgate"), so the disk can hold the older slot while
 * every reader, in this process or another, sees the new one. Before the fix, another handle (already open, or the
 * reopened one the message asks for) took the failed slot as current and wrote its next update into the other slot:
 * over the only durable copy of the last acknowledged mark. A power loss tearing that write then left the slot
 * before it, a mark lower than an acknowledged one. Now the failed slot's header is zeroed in the page cache: every
 * reader falls back to the acknowledged mark, and the next update goes to the failed slot again.
 */
class AttackFailedSyncPageCacheTest {
    private static final WatermarkKey KEY = new WatermarkKey("NetX", "tz1fsyncgate", "block");

    @TempDir
    Path base;

    @Test
    void afterAFailedSyncNoHandleOverwritesTheSlotOfTheAcknowledgedMark() throws Exception {
        FailedSyncTest.FailingDisk disk = new FailedSyncTest.FailingDisk();
        Path file = base.resolve("v1/watermarks/" + FileCodec.fileName(KEY) + FileNames.DATA);
        try (WatermarkStore failing = FileWatermarkStore.open(base, new FileOptions(true, true, false, disk));
                WatermarkStore other = FileWatermarkStore.open(base, true)) {
            failing.advance(KEY, new Watermark(1, 0, "vh1")); // slot 0, a new file
            failing.advance(KEY, new Watermark(2, 0, "vh2")); // slot 1: acknowledged, synced
            byte[] acknowledged = Files.readAllBytes(file);
            int slot = acknowledged.length / 2;
            disk.failNext = "data sync";
            assertThatThrownBy(() -> failing.advance(KEY, new Watermark(3, 0, "vh3"))) // slot 0, sync fails
                    .isInstanceOf(OutcomeUnknownException.class);

            assertThat(other.get(KEY))
                    .as("the acknowledged mark, the only one known durable")
                    .contains(new Watermark(2, 0, "vh2"));
            other.advance(KEY, new Watermark(3, 0, "vh3-again"));
            byte[] now = Files.readAllBytes(file);
            assertThat(Arrays.equals(acknowledged, slot, 2 * slot, now, slot, 2 * slot))
                    .as("the slot holding the acknowledged mark was not overwritten by the next update")
                    .isTrue();
            assertThat(other.get(KEY)).contains(new Watermark(3, 0, "vh3-again"));
        }
        try (WatermarkStore reopened = FileWatermarkStore.open(base, true)) {
            assertThat(reopened.get(KEY)).contains(new Watermark(3, 0, "vh3-again"));
        }
    }
}
