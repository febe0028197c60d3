package io.tidemark.backend.memory;

import io.tidemark.publisher.CasResult;
import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.NsRecord;
import io.tidemark.publisher.PublishResult;
import io.tidemark.publisher.Publisher;
import io.tidemark.spi.support.CloseGuard;
import io.tidemark.spi.support.Validate;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * A {@link Publisher} in a {@link ConcurrentHashMap} of immutable {@link NsRecord}s. Each operation applies one
 * {@code NsRecord} rule inside {@code compute}: atomic per alias, lock-free across aliases.
 */
public final class MemoryPublisher implements Publisher {
  private final ConcurrentHashMap<LedgerAlias, NsRecord> records = new ConcurrentHashMap<>();
  private final CloseGuard guard = new CloseGuard("memory publisher");

  @Override
  public PublishResult publishCommit(LedgerAlias alias, String address, long t) {
    Validate.publish("commit", alias, address, t);
    return update(alias, stored -> NsRecord.decideCommit(stored, alias, address, t, now()));
  }

  @Override
  public PublishResult publishIndex(LedgerAlias alias, String address, long t) {
    Validate.publish("index", alias, address, t);
    return update(alias, stored -> NsRecord.decideIndex(stored, alias, address, t, now()));
  }

  private PublishResult update(LedgerAlias alias, Function<Optional<NsRecord>, PublishResult> rule) {
    guard.check();
    PublishResult[] result = new PublishResult[1];
    records.compute(alias, (k, stored) -> {
      result[0] = rule.apply(Optional.ofNullable(stored));
      return result[0].current();
    });
    return result[0];
  }

  @Override
  public Optional<NsRecord> retract(LedgerAlias alias) {
    Validate.present("ledger alias", alias);
    guard.check();
    return Optional.ofNullable(records.computeIfPresent(alias, (k, stored) -> stored.retracted(now())));
  }

  @Override
  public CasResult pushStatus(LedgerAlias alias, long expectedV, String state, Map<String, Object> meta) {
    Map<String, Object> canonical = Validate.pushStatus(alias, expectedV, state, meta);
    return cas(alias, stored -> NsRecord.decideStatus(stored, expectedV, state, canonical, now()));
  }

  @Override
  public CasResult pushConfig(LedgerAlias alias, long expectedV, Map<String, Object> meta,
      Optional<String> defaultContextAddress) {
    Map<String, Object> canonical = Validate.pushConfig(alias, expectedV, meta, defaultContextAddress);
    return cas(alias, stored -> NsRecord.decideConfig(stored, expectedV, canonical, defaultContextAddress, now()));
  }

  private CasResult cas(LedgerAlias alias, Function<Optional<NsRecord>, CasResult> rule) {
    guard.check();
    CasResult[] result = new CasResult[1];
    records.compute(alias, (k, stored) -> {
      result[0] = rule.apply(Optional.ofNullable(stored));
      return result[0] instanceof CasResult.Applied a ? a.record() : stored;
    });
    return result[0];
  }

  @Override
  public boolean delete(LedgerAlias alias) {
    Validate.present("ledger alias", alias);
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
    List<NsRecord> snapshot = List.copyOf(records.values());
    return snapshot.stream();
  }

  @Override
  public void close() {
    guard.close(); // the map goes with the store: nothing to release
  }

  private static long now() {
    return Instant.now().getEpochSecond();
  }
}
