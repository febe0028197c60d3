package io.tidemark.cli;

import io.tidemark.publisher.CasResult;
import io.tidemark.publisher.NsRecord;
import io.tidemark.publisher.PublishResult;
import io.tidemark.watermark.AdvanceResult;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** Outcomes as one readable line or one JSON object, and the exit code each maps to. */
final class Render {
    private Render() {}

    static String mark(Watermark m) {
        return "level " + m.level() + " round " + m.round() + " digest " + m.digest();
    }

    static String advance(WatermarkKey key, Watermark mark, AdvanceResult r, boolean json) {
        String outcome = r instanceof AdvanceResult.Advanced
                ? "ADVANCED"
                : r instanceof AdvanceResult.Repeated ? "REPEATED" : "REFUSED";
        Optional<Watermark> other = r instanceof AdvanceResult.Advanced a
                ? a.previous()
                : Optional.of(
                        r instanceof AdvanceResult.Repeated p ? p.current() : ((AdvanceResult.Refused) r).current());
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("outcome", outcome);
            o.put("key", JsonText.key(key));
            o.put("mark", JsonText.mark(mark));
            other.ifPresent(w -> o.put(r instanceof AdvanceResult.Advanced ? "previous" : "current", JsonText.mark(w)));
            return JsonText.write(o);
        }
        String detail = r instanceof AdvanceResult.Advanced
                ? other.map(w -> "previous: " + mark(w)).orElse("first mark for " + key)
                : "current: " + mark(other.get());
        return outcome + " (" + detail + ")";
    }

    static String publish(boolean commit, PublishResult r, boolean json) {
        String outcome = r instanceof PublishResult.Updated
                ? "UPDATED"
                : r instanceof PublishResult.Unchanged ? "UNCHANGED" : "STALE";
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("outcome", outcome);
            if (r instanceof PublishResult.Updated u) {
                u.previous().ifPresent(p -> o.put("previous", JsonText.record(p)));
            }
            o.put("current", JsonText.record(r.current()));
            return JsonText.write(o);
        }
        NsRecord c = r.current();
        String head = commit
                ? "commit t " + c.commitT().getAsLong() + " address "
                        + c.commitAddress().get()
                : "index t " + c.indexT().getAsLong() + " address "
                        + c.indexAddress().get();
        return outcome + " (" + head + ")";
    }

    static String cas(CasResult r, boolean status, boolean json) {
        String outcome = r.applied() ? "APPLIED" : "CONFLICT";
        Optional<NsRecord> rec =
                r instanceof CasResult.Applied a ? Optional.of(a.record()) : ((CasResult.Conflict) r).current();
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("outcome", outcome);
            rec.ifPresent(x -> o.put("current", JsonText.record(x)));
            return JsonText.write(o);
        }
        String v = status ? "status_v" : "config_v";
        return outcome
                + rec.map(x -> " (" + v + " " + (status ? x.statusV() : x.configV()) + ")")
                        .orElse(" (unknown alias)");
    }

    static String record(NsRecord r, boolean json) {
        if (json) {
            return JsonText.write(JsonText.record(r));
        }
        return r.alias() + " status " + r.status() + " (v" + r.statusV() + ")"
                + r.commitT().stream()
                        .mapToObj(
                                t -> " commit t " + t + " " + r.commitAddress().get())
                        .findFirst()
                        .orElse(" no commit")
                + r.indexT().stream()
                        .mapToObj(t -> " index t " + t + " " + r.indexAddress().get())
                        .findFirst()
                        .orElse(" no index")
                + " config v" + r.configV() + " updated_at " + r.updatedAt()
                + (r.statusMeta().isEmpty() ? "" : " status_meta " + JsonText.write(r.statusMeta()))
                + (r.configMeta().isEmpty() ? "" : " config_meta " + JsonText.write(r.configMeta()))
                + r.defaultContextAddress().map(a -> " default_context " + a).orElse("");
    }

    static String stored(WatermarkKey key, Watermark m, boolean json) {
        return json ? JsonText.write(JsonText.stored(key, m)) : key + " " + mark(m);
    }
}
