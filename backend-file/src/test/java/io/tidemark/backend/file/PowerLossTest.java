package io.tidemark.backend.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.NsRecord;
import io.tidemark.publisher.Publisher;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Durability under power loss, at every crash point of a scripted sequence (issue 10). A {@link SimulatedDisk}
 * under the file backend cuts the power after step k (a write, a file sync, a rename, a delete, a directory sync),
 * forgets whatever was not made durable, and a fresh store reopens the directory. The state it reads must be the
 * state after the last call that returned, or after the call that was in flight: nothing that returned is lost,
 * nothing half-written shows, every file still parses. A kill -9 test cannot show this: the page cache survives
 * a killed process. Removing any {@code force()}, the directory sync or honouring of {@code fsync} fails it.
 */
class PowerLossTest {
    private static final WatermarkKey K0 = new WatermarkKey("NetX", "tz1power", "block");
    private static final WatermarkKey K1 = new WatermarkKey("NetX", "tz1power", "attestation");
    /** A key whose file is planted in the layout of earlier versions: its first update converts it. */
    private static final WatermarkKey OLD = new WatermarkKey("NetX", "tz1power", "preattestation");

    private static final LedgerAlias ALIAS = LedgerAlias.parse("power:main");

    /** The scripted calls: advances (applied and refused), a reset, publishes, a retract and both CAS kinds. */
    private static final List<BiConsumer<WatermarkStore, Publisher>> SCRIPT = List.of(
            (w, p) -> w.advance(K0, new Watermark(1, 0, "a1")),
            (w, p) -> w.advance(K1, new Watermark(1, 0, "b1")),
            (w, p) -> w.advance(K0, new Watermark(2, 0, "a2")),
            (w, p) -> w.advance(K0, new Watermark(1, 5, "late")),
            (w, p) -> w.advance(K1, new Watermark(1, 1, "b1r1")),
            (w, p) -> p.publishCommit(ALIAS, "c1", 1),
            (w, p) -> p.publishIndex(ALIAS, "i1", 1),
            (w, p) -> w.reset(K1),
            (w, p) -> w.advance(K1, new Watermark(3, 0, "b3")),
            (w, p) -> p.publishCommit(ALIAS, "c2", 2),
            (w, p) -> p.pushStatus(ALIAS, 1, "maintenance", Map.of("why", "upgrade")),
            (w, p) -> p.pushConfig(ALIAS, 0, Map.of("n", 1), Optional.of("ctx1")),
            (w, p) -> p.retract(ALIAS),
            (w, p) -> w.advance(K0, new Watermark(3, 2, "a3")),
            (w, p) -> w.advance(OLD, new Watermark(5, 0, "repeat of the planted mark: nothing written")),
            (w, p) -> w.advance(OLD, new Watermark(6, 0, "o6")), // converts the legacy file
            (w, p) -> w.advance(OLD, new Watermark(7, 0, "o7")), // in place
            (w, p) -> p.pushStatus(ALIAS, 2, "big", Map.of("text", "x".repeat(5000))), // outgrows 4 KiB slots
            (w, p) -> p.pushStatus(ALIAS, 3, "small", Map.of()), // in place, in the grown slots
            (w, p) -> p.publishCommit(ALIAS, "c3", 3),
            (w, p) -> w.advance(K0, new Watermark(4, 0, "a4")),
            (w, p) -> w.advance(K0, new Watermark(5, 0, "a5")));

    @TempDir
    Path tmp;

    @Test
    void everyReturnedChangeSurvivesAPowerLossAtEveryStep() throws Exception {
        Result r = explore(true);
        assertThat(r.crashPoints).as("crash points explored").isGreaterThan(50);
        assertThat(r.violations)
                .as("crash points where a returned change was lost or a half-written state showed")
                .isEmpty();
    }

    /** The simulation has teeth: without fsync, returned changes are lost at some crash points. */
    @Test
    void withoutFsyncTheSimulationLosesReturnedChanges() throws Exception {
        assertThat(explore(false).violations).isNotEmpty();
    }

    private record Result(int crashPoints, List<String> violations) {}

    private Result explore(boolean fsync) throws Exception {
        List<Map<String, Object>> states = new ArrayList<>();
        SimulatedDisk reference = new SimulatedDisk();
        Path refDir = Files.createTempDirectory(tmp, "ref");
        try (WatermarkStore w = FileWatermarkStore.open(refDir, options(true, reference));
                Publisher p = FilePublisher.open(refDir, options(true, reference), Clock.systemUTC())) {
            plantLegacy(reference, refDir);
            states.add(snapshot(w, p));
            for (BiConsumer<WatermarkStore, Publisher> call : SCRIPT) {
                call.accept(w, p);
                states.add(snapshot(w, p));
            }
        }
        int steps = reference.steps();
        List<String> violations = new ArrayList<>();
        for (int k = 0; k < steps; k++) {
            SimulatedDisk disk = new SimulatedDisk();
            Path dir = Files.createTempDirectory(tmp, "crash" + k);
            int returned = 0;
            try (WatermarkStore w = FileWatermarkStore.open(dir, options(fsync, disk));
                    Publisher p = FilePublisher.open(dir, options(fsync, disk), Clock.systemUTC())) {
                plantLegacy(disk, dir);
                disk.failAfter(k);
                for (BiConsumer<WatermarkStore, Publisher> call : SCRIPT) {
                    call.accept(w, p);
                    returned++;
                }
            } catch (RuntimeException expected) {
                // the power went out during call number `returned`
            }
            disk.powerLoss();
            Map<String, Object> after;
            try (WatermarkStore w = FileWatermarkStore.open(dir, options(fsync, disk));
                    Publisher p = FilePublisher.open(dir, options(fsync, disk), Clock.systemUTC())) {
                after = snapshot(w, p);
            } catch (RuntimeException e) {
                violations.add("crash after step " + k + ": reopening failed: " + e);
                continue;
            }
            Map<String, Object> lastReturned = states.get(returned);
            Map<String, Object> inFlight = states.get(Math.min(returned + 1, states.size() - 1));
            if (!after.equals(lastReturned) && !after.equals(inFlight)) {
                violations.add("crash after step " + k + " (" + returned + " calls returned): read " + after
                        + ", expected " + lastReturned + (inFlight.equals(lastReturned) ? "" : " or " + inFlight));
            }
        }
        return new Result(steps, violations);
    }

    /** A durable file of {@link #OLD} at level 5, as versions before the two-slot layout wrote it. */
    private static void plantLegacy(SimulatedDisk disk, Path base) throws java.io.IOException {
        disk.plant(
                base.toRealPath().resolve("v1/watermarks").resolve(FileCodec.fileName(OLD) + FileNames.DATA),
                FileCodec.encode(OLD, new Watermark(5, 0, "planted"))
                        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static FileOptions options(boolean fsync, Disk disk) {
        return new FileOptions(fsync, true, false, disk);
    }

    /** Everything the stores hold, without {@code updated_at} (wall-clock time differs between runs). */
    private static Map<String, Object> snapshot(WatermarkStore w, Publisher p) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("K0", w.get(K0));
        s.put("K1", w.get(K1));
        s.put("OLD", w.get(OLD));
        s.put("marks", w.list().count());
        s.put("ledger", p.lookup(ALIAS).map(PowerLossTest::withoutTime));
        return s;
    }

    private static List<Object> withoutTime(NsRecord r) {
        return List.of(
                r.alias(),
                r.commitAddress(),
                r.commitT(),
                r.indexAddress(),
                r.indexT(),
                r.defaultContextAddress(),
                r.status(),
                r.statusV(),
                r.statusMeta(),
                r.configV(),
                r.configMeta());
    }
}
