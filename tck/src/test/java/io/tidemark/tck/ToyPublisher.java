package io.tidemark.tck;

import io.tidemark.OutcomeUnknownException;
import io.tidemark.publisher.CasResult;
import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.NsRecord;
import io.tidemark.publisher.PublishResult;
import io.tidemark.publisher.Publisher;
import io.tidemark.spi.support.CloseGuard;
import io.tidemark.spi.support.Validate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A simple correct publisher with one switchable flaw, to prove the TCK catches each flaw. It can lose the reply
 * to its next write ({@link #loseNextReply}): the write is applied, and then what the caller sees depends on the
 * flaw; {@code NONE} recognises its own write (as with a request token) and returns the true outcome,
 * {@code OUTCOME_UNKNOWN} (also correct) says so with {@link OutcomeUnknownException}.
 */
final class ToyPublisher implements Publisher {
  enum Flaw {
    NONE, NOT_ATOMIC, INDEX_OVERWRITES_COMMIT, DROPS_LAST_PAGE, RETRACT_FORGETS_BUMP, OUTCOME_UNKNOWN,
    /** After a lost reply the client retries the write and reports the retry's outcome (as the AWS SDK did). */
    RETRIES_LOST_REPLY,
    /** Lone surrogates in addresses, status and meta strings are stored as '?' (as DynamoDB's encoder does). */
    REPLACES_LONE_SURROGATES,
    /** Past Long.MAX_VALUE a version counter starts again at 0, as a wrapping column would. */
    VERSION_WRAPS
  }

  private final Flaw flaw;
  private final Map<LedgerAlias, NsRecord> records = new ConcurrentHashMap<>();
  private final CloseGuard guard = new CloseGuard("toy publisher");
  private final AtomicBoolean loseNext = new AtomicBoolean();

  ToyPublisher(Flaw flaw) {
    this.flaw = flaw;
  }

  private static long now() {
    return Instant.now().getEpochSecond();
  }

  private Object lock() {
    return flaw == Flaw.NOT_ATOMIC ? new Object() : this;
  }

  private void window() {
    if (flaw == Flaw.NOT_ATOMIC) {
      LockSupport.parkNanos(2_000_000); // 2 ms outlasts a slow thread wake-up on a loaded VM
    }
  }

  /** The reply to the next write is lost after the store applied it. */
  void loseNextReply() {
    loseNext.set(true);
  }

  /** Stores {@code record} as it is (for P28's version checks). */
  void plant(NsRecord record) {
    records.put(record.alias(), record);
  }

  /** Runs one write, and what a lost reply turns its outcome into. */
  private <T> T write(String what, Supplier<T> op) {
    T first = op.get();
    if (!loseNext.getAndSet(false)) {
      return first;
    }
    return switch (flaw) {
      case OUTCOME_UNKNOWN -> throw new OutcomeUnknownException("toy publisher: the reply to " + what + " was lost",
          null);
      case RETRIES_LOST_REPLY -> op.get();
      default -> first;
    };
  }

  /** With REPLACES_LONE_SURROGATES: every unpaired surrogate becomes '?'. */
  private String text(String s) {
    if (flaw != Flaw.REPLACES_LONE_SURROGATES || s == null) {
      return s;
    }
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        b.append(c).append(s.charAt(++i));
      } else {
        b.append(Character.isSurrogate(c) ? '?' : c);
      }
    }
    return b.toString();
  }

  private Object textDeep(Object v) {
    if (v instanceof String s) {
      return text(s);
    } else if (v instanceof Map<?, ?> m) {
      Map<Object, Object> copy = new java.util.LinkedHashMap<>();
      m.forEach((k, x) -> copy.put(k instanceof String key ? text(key) : k, textDeep(x)));
      return copy;
    } else if (v instanceof List<?> l) {
      List<Object> copy = new ArrayList<>();
      l.forEach(x -> copy.add(textDeep(x)));
      return copy;
    }
    return v;
  }

  @SuppressWarnings("unchecked")
  private Map<String, Object> meta(Map<String, Object> meta) {
    return flaw != Flaw.REPLACES_LONE_SURROGATES || meta == null ? meta : (Map<String, Object>) textDeep(meta);
  }

  @Override
  public PublishResult publishCommit(LedgerAlias alias, String rawAddress, long t) {
    String address = text(rawAddress);
    Validate.publish("commit", alias, address, t);
    return write("publishCommit", () -> doPublishCommit(alias, address, t));
  }

  private PublishResult doPublishCommit(LedgerAlias alias, String address, long t) {
    guard.check();
    synchronized (lock()) {
      PublishResult r = NsRecord.decideCommit(Optional.ofNullable(records.get(alias)), alias, address, t, now());
      window();
      records.put(alias, r.current());
      return r;
    }
  }

  @Override
  public PublishResult publishIndex(LedgerAlias alias, String rawAddress, long t) {
    String address = text(rawAddress);
    Validate.publish("index", alias, address, t);
    return write("publishIndex", () -> doPublishIndex(alias, address, t));
  }

  private PublishResult doPublishIndex(LedgerAlias alias, String address, long t) {
    guard.check();
    synchronized (lock()) {
      PublishResult r = NsRecord.decideIndex(Optional.ofNullable(records.get(alias)), alias, address, t, now());
      if (flaw == Flaw.INDEX_OVERWRITES_COMMIT && r instanceof PublishResult.Updated u) {
        NsRecord c = u.current();
        NsRecord broken = new NsRecord(c.alias(), Optional.of(address), OptionalLong.of(t), c.indexAddress(), c.indexT(),
            c.defaultContextAddress(), c.status(), c.updatedAt(), c.statusV(), c.statusMeta(), c.configV(), c.configMeta());
        r = new PublishResult.Updated(u.previous(), broken);
      }
      window();
      records.put(alias, r.current());
      return r;
    }
  }

  @Override
  public Optional<NsRecord> retract(LedgerAlias alias) {
    Validate.present("ledger alias", alias);
    return write("retract", () -> doRetract(alias));
  }

  private Optional<NsRecord> doRetract(LedgerAlias alias) {
    guard.check();
    synchronized (lock()) {
      return Optional.ofNullable(records.computeIfPresent(alias, (k, r) -> {
        if (flaw == Flaw.VERSION_WRAPS && r.statusV() == Long.MAX_VALUE) {
          return withVersions(NsRecord.RETRACTED, r, 0, r.configV());
        }
        NsRecord next = r.retracted(now());
        if (flaw == Flaw.RETRACT_FORGETS_BUMP) {
          next = new NsRecord(next.alias(), next.commitAddress(), next.commitT(), next.indexAddress(), next.indexT(),
              next.defaultContextAddress(), next.status(), next.updatedAt(), r.statusV(), next.statusMeta(), next.configV(), next.configMeta());
        }
        return next;
      }));
    }
  }

  @Override
  public CasResult pushStatus(LedgerAlias alias, long expectedV, String rawState, Map<String, Object> rawMeta) {
    String state = text(rawState);
    Map<String, Object> m = Validate.pushStatus(alias, expectedV, state, meta(rawMeta));
    return write("pushStatus", () -> doPushStatus(alias, expectedV, state, m));
  }

  private CasResult doPushStatus(LedgerAlias alias, long expectedV, String state, Map<String, Object> m) {
    guard.check();
    synchronized (lock()) {
      NsRecord stored = records.get(alias);
      if (flaw == Flaw.VERSION_WRAPS && expectedV == Long.MAX_VALUE && stored != null
          && stored.statusV() == expectedV) {
        NsRecord wrapped = withVersions(state, stored, 0, stored.configV());
        records.put(alias, wrapped);
        return new CasResult.Applied(wrapped);
      }
      CasResult r = NsRecord.decideStatus(Optional.ofNullable(stored), expectedV, state, m, now());
      window();
      if (r instanceof CasResult.Applied a) {
        records.put(alias, a.record());
      }
      return r;
    }
  }

  @Override
  public CasResult pushConfig(LedgerAlias alias, long expectedV, Map<String, Object> rawMeta, Optional<String> rawCtx) {
    Optional<String> ctx = rawCtx == null ? null : rawCtx.map(this::text);
    Map<String, Object> m = Validate.pushConfig(alias, expectedV, meta(rawMeta), ctx);
    return write("pushConfig", () -> doPushConfig(alias, expectedV, m, ctx));
  }

  private CasResult doPushConfig(LedgerAlias alias, long expectedV, Map<String, Object> m, Optional<String> ctx) {
    guard.check();
    synchronized (lock()) {
      NsRecord stored = records.get(alias);
      if (flaw == Flaw.VERSION_WRAPS && expectedV == Long.MAX_VALUE && stored != null
          && stored.configV() == expectedV) {
        NsRecord wrapped = withVersions(stored.status(), stored, stored.statusV(), 0);
        records.put(alias, wrapped);
        return new CasResult.Applied(wrapped);
      }
      CasResult r = NsRecord.decideConfig(Optional.ofNullable(stored), expectedV, m, ctx, now());
      if (r instanceof CasResult.Applied a) {
        records.put(alias, a.record());
      }
      return r;
    }
  }

  private static NsRecord withVersions(String status, NsRecord r, long statusV, long configV) {
    return new NsRecord(r.alias(), r.commitAddress(), r.commitT(), r.indexAddress(), r.indexT(),
        r.defaultContextAddress(), status, Math.max(now(), r.updatedAt()), statusV, r.statusMeta(), configV, r.configMeta());
  }

  @Override
  public boolean delete(LedgerAlias alias) {
    guard.check();
    return records.remove(alias) != null;
  }

  @Override
  public Optional<NsRecord> lookup(LedgerAlias alias) {
    Validate.present("ledger alias", alias);
    guard.check();
    return Optional.ofNullable(records.get(alias));
  }

  @Override
  public Stream<NsRecord> allRecords() {
    guard.check();
    List<NsRecord> all = new ArrayList<>(records.values());
    if (flaw == Flaw.DROPS_LAST_PAGE && all.size() > 1_000) {
      all = all.subList(0, all.size() / 1_000 * 1_000 == all.size() ? all.size() - 1_000 : all.size() / 1_000 * 1_000);
    }
    return all.stream();
  }

  @Override
  public void close() {
    guard.close();
  }
}
