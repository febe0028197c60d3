package io.tidemark.cli;

import io.tidemark.publisher.CasResult;
import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.NsRecord;
import io.tidemark.publisher.PublishResult;
import io.tidemark.watermark.AdvanceResult;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Outcomes as one readable line or one JSON object. Every object starts with {@code outcome} (a lower-case word);
 * a watermark is named by {@code key} (an object), a ledger by {@code alias} (a string); {@code mark} is the mark asked
 * for, {@code current} what the store holds after the command, {@code previous} what it held before when the command
 * changed or removed it.
 */
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
            Map<String, Object> o = Output.outcome(outcome.toLowerCase(Locale.ROOT));
            o.put("key", JsonText.key(key));
            o.put("mark", JsonText.mark(mark));
            if (r instanceof AdvanceResult.Advanced) {
                other.ifPresent(w -> o.put("previous", JsonText.mark(w)));
                o.put("current", JsonText.mark(mark));
            } else {
                o.put("current", JsonText.mark(other.get()));
            }
            return JsonText.write(o);
        }
        String detail = r instanceof AdvanceResult.Advanced
                ? other.map(w -> "previous: " + mark(w)).orElse("first mark for " + key)
                : "current: " + mark(other.get());
        return outcome + " (" + detail + ")";
    }

    static String publish(LedgerAlias alias, boolean commit, PublishResult r, boolean json) {
        String outcome = r instanceof PublishResult.Updated
                ? "UPDATED"
                : r instanceof PublishResult.Unchanged ? "UNCHANGED" : "STALE";
        if (json) {
            Map<String, Object> o = Output.outcome(outcome.toLowerCase(Locale.ROOT));
            o.put("alias", alias.toString());
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

    static String cas(LedgerAlias alias, CasResult r, boolean status, boolean json) {
        String outcome = r.applied() ? "APPLIED" : "CONFLICT";
        Optional<NsRecord> rec =
                r instanceof CasResult.Applied a ? Optional.of(a.record()) : ((CasResult.Conflict) r).current();
        if (json) {
            Map<String, Object> o = Output.outcome(outcome.toLowerCase(Locale.ROOT));
            o.put("alias", alias.toString());
            rec.ifPresent(x -> o.put("current", JsonText.record(x)));
            return JsonText.write(o);
        }
        String v = status ? "status_v" : "config_v";
        return outcome
                + rec.map(x -> " (" + v + " " + (status ? x.statusV() : x.configV()) + ")")
                        .orElse(" (unknown alias)");
    }

    /** A record read from the store: {@code {"outcome":"found","alias":...,"current":{...}}}, or its line. */
    static String record(NsRecord r, boolean json) {
        return json ? JsonText.write(record("found", r)) : record(r);
    }

    /** {@code {"outcome":outcome,"alias":...,"current":{...}}}. */
    static Map<String, Object> record(String outcome, NsRecord r) {
        Map<String, Object> o = Output.outcome(outcome);
        o.put("alias", r.alias().toString());
        o.put("current", JsonText.record(r));
        return o;
    }

    /** The record as one readable line. */
    static String record(NsRecord r) {
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

    /** A mark read from the store: {@code {"outcome":"found","key":{...},"current":{...}}}, or its line. */
    static String stored(WatermarkKey key, Watermark m, boolean json) {
        if (json) {
            Map<String, Object> o = Output.outcome("found");
            o.put("key", JsonText.key(key));
            o.put("current", JsonText.mark(m));
            return JsonText.write(o);
        }
        return key + " " + mark(m);
    }
}
