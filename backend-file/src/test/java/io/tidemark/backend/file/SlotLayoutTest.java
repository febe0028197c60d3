package io.tidemark.backend.file;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tidemark.CorruptedStoreException;
import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.NsRecord;
import io.tidemark.publisher.Publisher;
import io.tidemark.watermark.AdvanceResult;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The two-slot layout (issue 15): what a file holds after each kind of write, the conversion of files written by
 * earlier versions on their first update (never losing the mark), records that outgrow their slots, and the slot
 * rules of {@link SlotFile}.
 */
class SlotLayoutTest {
    private static final WatermarkKey KEY = new WatermarkKey("NetX", "tz1slots", "block");
    private static final LedgerAlias ALIAS = LedgerAlias.parse("slots:main");

    @TempDir
    Path base;

    private Path markFile() {
        return base.resolve("v1/watermarks/" + FileCodec.fileName(KEY) + FileNames.DATA);
    }

    private Path recordFile() {
        return base.resolve("v1/nameservice/" + FileCodec.fileName(ALIAS) + FileNames.DATA);
    }

    private static String header(Path file, int slot) throws IOException {
        byte[] b = Files.readAllBytes(file);
        return new String(b, slot * b.length / 2, SlotFile.HEADER, StandardCharsets.US_ASCII);
    }

    @Test
    void aNewKeyIsTwoBlocksAndEachUpdateWritesTheOtherSlot() throws IOException {
        try (WatermarkStore store = FileWatermarkStore.open(base, true)) {
            store.advance(KEY, new Watermark(1, 0, "vh1"));
            assertThat(Files.size(markFile())).isEqualTo(2 * SlotFile.BLOCK);
            assertThat(header(markFile(), 0)).startsWith("tidemark-slot 1 seq 0000000000000000001 len ");
            assertThat(Files.readString(markFile()))
                    .as("cat shows the record")
                    .contains("\n" + FileCodec.encode(KEY, new Watermark(1, 0, "vh1")));
            store.advance(KEY, new Watermark(2, 0, "vh2"));
            assertThat(header(markFile(), 1)).startsWith("tidemark-slot 1 seq 0000000000000000002 len ");
            store.advance(KEY, new Watermark(3, 0, "vh3"));
            assertThat(header(markFile(), 0)).startsWith("tidemark-slot 1 seq 0000000000000000003 len ");
            assertThat(store.advance(KEY, new Watermark(3, 0, "vh3"))).isInstanceOf(AdvanceResult.Repeated.class);
            assertThat(header(markFile(), 0)).as("nothing written").contains("seq 0000000000000000003");
            assertThat(store.get(KEY)).contains(new Watermark(3, 0, "vh3"));
            assertThat(Files.size(markFile())).isEqualTo(2 * SlotFile.BLOCK);
        }
    }

    @Test
    void aLegacyFileIsReadAsItIsAndConvertedByItsFirstUpdate() throws IOException {
        try (WatermarkStore store = FileWatermarkStore.open(base, true)) {
            String legacy =
                    " \n" + FileCodec.encode(KEY, new Watermark(5, 0, "old")).replace("{", "{\"extra\":[1],");
            Files.writeString(markFile(), legacy);
            assertThat(store.get(KEY)).contains(new Watermark(5, 0, "old"));
            assertThat(store.list().toList()).singleElement().satisfies(s -> assertThat(s.mark())
                    .isEqualTo(new Watermark(5, 0, "old")));
            assertThat(store.advance(KEY, new Watermark(4, 0, "lower"))).isInstanceOf(AdvanceResult.Refused.class);
            assertThat(Files.readString(markFile()))
                    .as("a refusal converts nothing")
                    .isEqualTo(legacy);
            assertThat(store.advance(KEY, new Watermark(6, 0, "new")))
                    .isEqualTo(new AdvanceResult.Advanced(Optional.of(new Watermark(5, 0, "old"))));
            assertThat(Files.size(markFile())).isEqualTo(2 * SlotFile.BLOCK);
            assertThat(header(markFile(), 0)).contains("seq 0000000000000000001");
            assertThat(store.get(KEY)).contains(new Watermark(6, 0, "new"));
            store.advance(KEY, new Watermark(7, 0, "in place"));
            assertThat(header(markFile(), 1)).contains("seq 0000000000000000002");
        }
        try (Stream s = new Stream(base)) {
            assertThat(s.temps()).as("no temp file left").isZero();
        }
    }

    /** Lists the temp files of the watermark directory. */
    private record Stream(Path base) implements AutoCloseable {
        long temps() throws IOException {
            try (var s = Files.list(base.resolve("v1/watermarks"))) {
                return s.filter(p -> p.toString().endsWith(FileNames.TEMP)).count();
            }
        }

        @Override
        public void close() {}
    }

    @Test
    void aLegacyRecordKeepsEveryFieldThroughConversionAndARecordThatOutgrowsItsSlotsMovesToBiggerOnes()
            throws IOException {
        try (Publisher ns = FilePublisher.open(base, true)) {
            ns.publishCommit(ALIAS, "c1", 1);
            NsRecord r = ns.lookup(ALIAS).orElseThrow();
            NsRecord planted = new NsRecord(
                    r.alias(),
                    r.commitAddress(),
                    r.commitT(),
                    Optional.of("i1"),
                    java.util.OptionalLong.of(4),
                    Optional.of("ctx"),
                    "paused",
                    r.updatedAt(),
                    7,
                    Map.of("a", 1),
                    3,
                    Map.of("b", "c"));
            Files.writeString(recordFile(), FileCodec.encode(planted));
            assertThat(ns.lookup(ALIAS)).contains(planted);
            ns.publishCommit(ALIAS, "c2", 2);
            NsRecord converted = ns.lookup(ALIAS).orElseThrow();
            assertThat(converted.commitT()).hasValue(2);
            assertThat(converted.indexT()).hasValue(4);
            assertThat(converted.statusV()).isEqualTo(7);
            assertThat(converted.statusMeta()).isEqualTo(Map.of("a", 1L));
            assertThat(converted.configMeta()).isEqualTo(Map.of("b", "c"));
            assertThat(converted.defaultContextAddress()).contains("ctx");
            assertThat(Files.size(recordFile())).isEqualTo(2 * SlotFile.BLOCK);

            ns.pushStatus(ALIAS, 7, "big", Map.of("text", "x".repeat(5000)));
            assertThat(Files.size(recordFile())).as("two slots of 8 KiB").isEqualTo(4 * SlotFile.BLOCK);
            assertThat(header(recordFile(), 0)).contains("seq 0000000000000000001");
            ns.pushStatus(ALIAS, 8, "small", Map.of());
            assertThat(Files.size(recordFile())).as("slots never shrink").isEqualTo(4 * SlotFile.BLOCK);
            assertThat(header(recordFile(), 1)).contains("seq 0000000000000000002");
            assertThat(ns.lookup(ALIAS).orElseThrow().status()).isEqualTo("small");
            assertThat(ns.lookup(ALIAS).orElseThrow().statusV()).isEqualTo(9);
        }
    }

    @Test
    void aSequenceAtItsLimitStartsANewFile() throws IOException {
        try (WatermarkStore store = FileWatermarkStore.open(base, true)) {
            store.advance(KEY, new Watermark(1, 0, "vh1"));
            byte[] text = FileCodec.encode(KEY, new Watermark(2, 0, "vh2")).getBytes(StandardCharsets.UTF_8);
            byte[] file = new byte[2 * SlotFile.BLOCK];
            System.arraycopy(
                    SlotFile.slot(SlotFile.BLOCK, Long.MAX_VALUE, text), 0, file, SlotFile.BLOCK, SlotFile.BLOCK);
            Files.write(markFile(), file);
            assertThat(store.get(KEY)).contains(new Watermark(2, 0, "vh2"));
            store.advance(KEY, new Watermark(3, 0, "vh3"));
            assertThat(header(markFile(), 0)).contains("seq 0000000000000000001");
            assertThat(header(markFile(), 1)).isEqualTo("\0".repeat(SlotFile.HEADER));
            assertThat(store.get(KEY)).contains(new Watermark(3, 0, "vh3"));
        }
    }

    @Test
    void slotRules() {
        byte[] a = "{\"a\":1}\n".getBytes(StandardCharsets.UTF_8);
        byte[] b = "{\"b\":2}\n".getBytes(StandardCharsets.UTF_8);
        int s = SlotFile.BLOCK;
        byte[] file = new byte[2 * s];
        System.arraycopy(SlotFile.slot(s, 5, a), 0, file, 0, s);
        System.arraycopy(SlotFile.slot(s, 6, b), 0, file, s, s);
        assertThat(SlotFile.read(file)).isEqualTo(new SlotFile.Contents(Optional.of("{\"b\":2}\n"), s, 1, 6));
        assertThat(SlotFile.read(file).next(a).orElseThrow().offset()).isZero();

        byte[] equal = file.clone();
        System.arraycopy(SlotFile.slot(s, 5, b), 0, equal, s, s);
        assertThatThrownBy(() -> SlotFile.read(equal))
                .isInstanceOf(IllegalArgumentException.class)
                .isNotInstanceOf(SlotFile.NoValidSlotException.class)
                .hasMessageContaining("both slots hold sequence number 5");

        byte[] upper = file.clone(); // the checksum in upper-case hex is not this layout
        String crc = new String(upper, s + SlotFile.HEADER - 9, 8, StandardCharsets.US_ASCII);
        System.arraycopy(
                crc.toUpperCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII),
                0,
                upper,
                s + SlotFile.HEADER - 9,
                8);
        assertThat(SlotFile.read(upper).seq()).isEqualTo(crc.equals(crc.toUpperCase(java.util.Locale.ROOT)) ? 6 : 5);

        assertThat(SlotFile.read(SlotFile.create(a)))
                .isEqualTo(new SlotFile.Contents(Optional.of("{\"a\":1}\n"), s, 0, 1));
        assertThat(SlotFile.create(new byte[s - SlotFile.HEADER])).hasSize(2 * s);
        assertThat(SlotFile.create(new byte[s - SlotFile.HEADER + 1])).hasSize(4 * s);
        assertThat(SlotFile.read(file).next(new byte[s - SlotFile.HEADER])).isPresent();
        assertThat(SlotFile.read(file).next(new byte[s - SlotFile.HEADER + 1])).isEmpty();
        assertThat(SlotFile.Contents.NONE.next(a)).isEmpty();

        assertThatThrownBy(() -> SlotFile.read(new byte[2 * s]))
                .isInstanceOf(SlotFile.NoValidSlotException.class)
                .hasMessageContaining("no slot is valid");
        assertThatThrownBy(() -> SlotFile.read(java.util.Arrays.copyOf(file, 2 * s - 1)))
                .isInstanceOf(SlotFile.NoValidSlotException.class)
                .hasMessageContaining("8191 bytes");
        assertThatThrownBy(() -> SlotFile.read(new byte[0])).isInstanceOf(SlotFile.NoValidSlotException.class);

        byte[] longLen = SlotFile.slot(s, 9, a); // a length past the slot's end is not a valid slot
        String len = String.format("%010d", s - SlotFile.HEADER + 1);
        int lenAt = new String(longLen, StandardCharsets.US_ASCII).indexOf(" len ") + 5;
        System.arraycopy(len.getBytes(StandardCharsets.US_ASCII), 0, longLen, lenAt, 10);
        byte[] withLongLen = file.clone();
        System.arraycopy(longLen, 0, withLongLen, 0, s);
        assertThat(SlotFile.read(withLongLen).seq()).isEqualTo(6);

        byte[] notUtf8 = new byte[2 * s];
        System.arraycopy(SlotFile.slot(s, 1, new byte[] {(byte) 0xff}), 0, notUtf8, 0, s);
        assertThatThrownBy(() -> SlotFile.read(notUtf8)).hasMessageContaining("not valid UTF-8");
    }

    /** A lock-free read that finds no valid slot (two updates overwrote both during it) reads again under the lock. */
    @Test
    void aReadThatFindsNoValidSlotReadsAgainUnderTheLock() throws IOException {
        AtomicInteger tornReads = new AtomicInteger();
        Disk disk = new ForwardingDisk(RealDisk.INSTANCE) {
            @Override
            public Optional<byte[]> read(Path file, int maxBytes) throws IOException {
                Optional<byte[]> r = super.read(file, maxBytes);
                return tornReads.getAndDecrement() > 0 ? r.map(b -> new byte[b.length]) : r;
            }
        };
        try (WatermarkStore store = FileWatermarkStore.open(base, new FileOptions(true, true, false, disk))) {
            store.advance(KEY, new Watermark(1, 0, "vh1"));
            tornReads.set(1);
            assertThat(store.get(KEY)).contains(new Watermark(1, 0, "vh1"));
            tornReads.set(2);
            assertThatThrownBy(() -> store.get(KEY))
                    .isInstanceOf(CorruptedStoreException.class)
                    .hasMessageContaining(markFile().getFileName().toString())
                    .hasMessageContaining("no slot is valid");
        }
    }

    @Test
    void aFileWithTwoInvalidSlotsIsCorruptionNeverNoMark() throws IOException {
        try (WatermarkStore store = FileWatermarkStore.open(base, true);
                Publisher ns = FilePublisher.open(base, true, Clock.systemUTC())) {
            store.advance(KEY, new Watermark(1, 0, "vh1"));
            byte[] zero = new byte[2 * SlotFile.BLOCK];
            Files.write(markFile(), zero);
            assertThatThrownBy(() -> store.get(KEY)).isInstanceOf(CorruptedStoreException.class);
            assertThatThrownBy(() -> store.advance(KEY, new Watermark(9, 0, "x")))
                    .isInstanceOf(CorruptedStoreException.class);
            assertThat(Files.readAllBytes(markFile())).isEqualTo(zero);
            ns.publishCommit(ALIAS, "c1", 1);
            Files.write(recordFile(), zero);
            assertThatThrownBy(() -> ns.lookup(ALIAS)).isInstanceOf(CorruptedStoreException.class);
        }
    }
}
