package io.tidemark.tck;

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
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;

/** A simple correct publisher with one switchable flaw, to prove the TCK catches each flaw. */
final class ToyPublisher implements Publisher {
  enum Flaw { NONE, NOT_ATOMIC, INDEX_OVERWRITES_COMMIT, DROPS_LAST_PAGE, RETRACT_FORGETS_BUMP }

  private final Flaw flaw;
  private final Map<LedgerAlias, NsRecord> records = new ConcurrentHashMap<>();
  private final CloseGuard guard = new CloseGuard("toy publisher");

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

  @Override
  public PublishResult publishCommit(LedgerAlias alias, String address, long t) {
    Validate.publish("commit", alias, address, t);
    guard.check();
    synchronized (lock()) {
      PublishResult r = NsRecord.decideCommit(Optional.ofNullable(records.get(alias)), alias, address, t, now());
      window();
      records.put(alias, r.current());
      return r;
    }
  }

  @Override
  public PublishResult publishIndex(LedgerAlias alias, String address, long t) {
    Validate.publish("index", alias, address, t);
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
    guard.check();
    synchronized (lock()) {
      return Optional.ofNullable(records.computeIfPresent(alias, (k, r) -> {
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
  public CasResult pushStatus(LedgerAlias alias, long expectedV, String state, Map<String, Object> meta) {
    Map<String, Object> m = Validate.pushStatus(alias, expectedV, state, meta);
    guard.check();
    synchronized (lock()) {
      CasResult r = NsRecord.decideStatus(Optional.ofNullable(records.get(alias)), expectedV, state, m, now());
      window();
      if (r instanceof CasResult.Applied a) {
        records.put(alias, a.record());
      }
      return r;
    }
  }

  @Override
  public CasResult pushConfig(LedgerAlias alias, long expectedV, Map<String, Object> meta, Optional<String> ctx) {
    Map<String, Object> m = Validate.pushConfig(alias, expectedV, meta, ctx);
    guard.check();
    synchronized (lock()) {
      CasResult r = NsRecord.decideConfig(Optional.ofNullable(records.get(alias)), expectedV, m, ctx, now());
      if (r instanceof CasResult.Applied a) {
        records.put(alias, a.record());
      }
      return r;
    }
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
