package io.tidemark.tck;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tidemark.InvalidInputException;
import io.tidemark.Limits;
import io.tidemark.OutcomeUnknownException;
import io.tidemark.discovery.Tidemark;
import io.tidemark.publisher.CasResult;
import io.tidemark.publisher.CasResult.Applied;
import io.tidemark.publisher.CasResult.Conflict;
import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.NsRecord;
import io.tidemark.publisher.PublishResult;
import io.tidemark.publisher.PublishResult.Stale;
import io.tidemark.publisher.PublishResult.Unchanged;
import io.tidemark.publisher.PublishResult.Updated;
import io.tidemark.publisher.Publisher;
import io.tidemark.BackendConfig;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The {@link Publisher} rules P1-P28 of {@code RULES.md}. Subclass it in a backend's tests and implement
 * {@link #newStoreConfig()}; declare optional capabilities with {@link #capabilities()}. Each test is named after
 * its rule and its Javadoc says what to look at when it fails.
 */
public abstract class PublisherTck {
  private static final LedgerAlias ALIAS = LedgerAlias.parse("mydb:main");

  /** The publisher under test, opened on {@link #config} before each test and closed after it. */
  protected Publisher publisher;
  /** The configuration {@link #publisher} was opened on. */
  protected BackendConfig config;

  /** The configuration of a fresh, empty nameservice. Called once before each test. */
  protected abstract BackendConfig newStoreConfig();

  /** Opens a publisher on {@code config}. By default through {@link Tidemark}, which also checks discovery. */
  protected Publisher open(BackendConfig config) {
    return Tidemark.openPublisher(config);
  }

  /** The optional capabilities this backend has; none by default. */
  protected Set<TckCapability> capabilities() {
    return Set.of();
  }

  /**
   * For {@link TckCapability#FAULTS}: arranges that the next call on {@link #publisher} reaches the store, is applied
   * there, and its reply is lost on the way back (the connection dropped or a server error answered); later calls
   * go through normally. Backends that declare {@code FAULTS} override it.
   */
  protected void loseNextReply() {
    throw new UnsupportedOperationException(getClass().getName() + " declares FAULTS but does not override loseNextReply()");
  }

  /**
   * Stores {@code record} as it is, replacing any record of its alias and bypassing the contract's rules, as
   * another tool writing the table would. P28 uses it to put the version counters next to {@code Long.MAX_VALUE},
   * which no sequence of contract calls reaches in a test's lifetime. Override it in a backend's test with a raw
   * write in the store's own format (an SQL {@code INSERT}, a DynamoDB {@code PutItem}, a record file); by default
   * it throws {@link UnsupportedOperationException} and P28's version checks are skipped with that reason.
   */
  protected void plantRecord(NsRecord record) {
    throw new UnsupportedOperationException(getClass().getName() + " does not override plantRecord(NsRecord)");
  }

  /** Racing threads per race rule; 8 by default. */
  protected int threads() {
    return 8;
  }

  /** How long each race runs; 500 ms by default, or the system property {@code tidemark.tck.raceMillis}. */
  protected Duration raceTime() {
    return Duration.ofMillis(Long.getLong("tidemark.tck.raceMillis", 500));
  }

  @BeforeEach
  void openPublisher() {
    config = newStoreConfig();
    publisher = open(config);
  }

  @AfterEach
  void closePublisher() {
    if (publisher != null) {
      publisher.close();
    }
  }

  private static long now() {
    return Instant.now().getEpochSecond();
  }

  /** Head operations, so that P1-P5 run once for commits and once (P6) for indexes. */
  private record HeadOps(String name, boolean commit) {
    PublishResult publish(Publisher p, LedgerAlias a, String address, long t) {
      return commit ? p.publishCommit(a, address, t) : p.publishIndex(a, address, t);
    }

    Optional<String> address(NsRecord r) {
      return commit ? r.commitAddress() : r.indexAddress();
    }

    OptionalLong t(NsRecord r) {
      return commit ? r.commitT() : r.indexT();
    }

    Optional<String> otherAddress(NsRecord r) {
      return commit ? r.indexAddress() : r.commitAddress();
    }
  }

  private static final HeadOps COMMIT = new HeadOps("commit", true);
  private static final HeadOps INDEX = new HeadOps("index", false);

  private void firstPublishCreates(HeadOps h) {
    long before = now();
    PublishResult r = h.publish(publisher, ALIAS, "fluree:file://mydb/" + h.name + "/1", 1);
    long after = now();
    assertThat(r).isInstanceOf(Updated.class);
    assertThat(((Updated) r).previous()).as("previous of a first publish").isEmpty();
    NsRecord rec = r.current();
    assertThat(rec.alias()).isEqualTo(ALIAS);
    assertThat(rec.ledgerName()).isEqualTo("mydb");
    assertThat(rec.branch()).isEqualTo("main");
    assertThat(h.address(rec)).contains("fluree:file://mydb/" + h.name + "/1");
    assertThat(h.t(rec)).hasValue(1);
    assertThat(h.otherAddress(rec)).as("the other head").isEmpty();
    assertThat(rec.status()).isEqualTo("ready");
    assertThat(rec.statusV()).isEqualTo(1);
    assertThat(rec.configV()).isEqualTo(0);
    assertThat(rec.statusMeta()).isEmpty();
    assertThat(rec.configMeta()).isEmpty();
    assertThat(rec.defaultContextAddress()).isEmpty();
    assertThat(rec.updatedAt()).isBetween(before, after);
    assertThat(publisher.lookup(ALIAS)).contains(rec);
  }

  private void higherTUpdates(HeadOps h) {
    NsRecord first = h.publish(publisher, ALIAS, "a5", 5).current();
    PublishResult r = h.publish(publisher, ALIAS, "a6", 6);
    assertThat(r).isEqualTo(new Updated(Optional.of(first), publisher.lookup(ALIAS).orElseThrow()));
    assertThat(h.address(r.current())).contains("a6");
    assertThat(h.t(r.current())).hasValue(6);
  }

  private void sameTSameAddressUnchanged(HeadOps h) {
    NsRecord stored = h.publish(publisher, ALIAS, "a5", 5).current();
    assertThat(h.publish(publisher, ALIAS, "a5", 5)).isEqualTo(new Unchanged(stored));
    assertThat(publisher.lookup(ALIAS)).contains(stored);
  }

  private void sameTOtherAddressStale(HeadOps h) {
    NsRecord stored = h.publish(publisher, ALIAS, "a5", 5).current();
    assertThat(h.publish(publisher, ALIAS, "a5-other", 5)).isEqualTo(new Stale(stored));
    assertThat(publisher.lookup(ALIAS)).contains(stored);
  }

  private void lowerTStale(HeadOps h) {
    h.publish(publisher, ALIAS, "a3", 3);
    NsRecord stored = h.publish(publisher, ALIAS, "a5", 5).current();
    assertThat(h.publish(publisher, ALIAS, "a4", 4)).isEqualTo(new Stale(stored));
    assertThat(h.publish(publisher, ALIAS, "a3", 3)).isEqualTo(new Stale(stored));
    assertThat(h.publish(publisher, ALIAS, "a0", 0)).isEqualTo(new Stale(stored));
    assertThat(publisher.lookup(ALIAS)).contains(stored);
  }

  /** P1. If it fails: a first commit must create the record with the documented defaults, derived from the alias. */
  @Test
  public void rule_P1_firstCommitCreatesTheRecord() {
    firstPublishCreates(COMMIT);
  }

  /** P2. If it fails: a higher commit t must apply and report the whole record as it was before. */
  @Test
  public void rule_P2_higherCommitTUpdates() {
    higherTUpdates(COMMIT);
  }

  /** P3. If it fails: republishing the stored t and address is an idempotent retry: Unchanged, nothing written. */
  @Test
  public void rule_P3_sameCommitTAndAddressIsUnchanged() {
    sameTSameAddressUnchanged(COMMIT);
  }

  /** P4. If it fails: the same t with another address is a conflicting write and must be Stale, not applied. */
  @Test
  public void rule_P4_sameCommitTOtherAddressIsStale() {
    sameTOtherAddressStale(COMMIT);
  }

  /** P5. If it fails: a lower t must never overwrite a higher one (the condition must be commit_t < :t). */
  @Test
  public void rule_P5_lowerCommitTIsStale() {
    lowerTStale(COMMIT);
  }

  /** P6. If it fails: P1-P5 do not hold for the index head; the failing step names the sub-rule. */
  @Test
  public void rule_P6_indexHeadFollowsP1ToP5() {
    firstPublishCreates(INDEX);
    publisher.close();
    for (Runnable step : List.<Runnable>of(() -> higherTUpdates(INDEX), () -> sameTSameAddressUnchanged(INDEX),
        () -> sameTOtherAddressStale(INDEX), () -> lowerTStale(INDEX))) {
      config = newStoreConfig();
      publisher = open(config);
      step.run();
      publisher.close();
    }
    config = newStoreConfig();
    publisher = open(config);
  }

  /** P7. If it fails: a commit publish touched index fields or the reverse; they must be separate attributes. */
  @Test
  public void rule_P7_commitAndIndexAreIndependent() {
    publisher.publishCommit(ALIAS, "c10", 10);
    NsRecord afterIndex = publisher.publishIndex(ALIAS, "i5", 5).current();
    assertThat(afterIndex.commitAddress()).contains("c10");
    assertThat(afterIndex.commitT()).hasValue(10);
    NsRecord afterCommit = publisher.publishCommit(ALIAS, "c11", 11).current();
    assertThat(afterCommit.indexAddress()).contains("i5");
    assertThat(afterCommit.indexT()).hasValue(5);
    assertThat(publisher.publishIndex(ALIAS, "i20", 20)).isInstanceOf(Updated.class);
    assertThat(publisher.publishCommit(ALIAS, "c12", 12)).as("commit below the index t").isInstanceOf(Updated.class);
    NsRecord r = publisher.lookup(ALIAS).orElseThrow();
    assertThat(r.commitAddress()).contains("c12");
    assertThat(r.indexAddress()).contains("i20");
    LedgerAlias indexFirst = LedgerAlias.parse("indexfirst");
    NsRecord created = publisher.publishIndex(indexFirst, "i1", 1).current();
    assertThat(created.commitAddress()).isEmpty();
    assertThat(created.commitT()).isEmpty();
    assertThat(created.status()).isEqualTo("ready");
    assertThat(publisher.publishCommit(indexFirst, "c0", 0)).isInstanceOf(Updated.class);
  }

  /** P8. If it fails: a commit and an index publish racing on one alias lost one of the two updates. */
  @Test
  public void rule_P8_commitAndIndexRaceLoseNothing() {
    List<History.Publish> calls = Race.run(threads(), raceTime(),
        (thread, out, go) -> Workloads.publishChain(publisher, "t" + thread, thread % 2 == 0, 8, 5_000, go, out));
    checkFinalHeads(calls, true);
  }

  private void checkFinalHeads(List<History.Publish> calls, boolean realTime) {
    Optional<History.Head> commit = History.checkPublishes(calls, true, realTime);
    Optional<History.Head> index = History.checkPublishes(calls, false, realTime);
    NsRecord end = publisher.lookup(Workloads.RACE_ALIAS).orElseThrow();
    assertThat(History.Head.of(Optional.of(end), true)).as("final commit = highest applied").isEqualTo(commit);
    assertThat(History.Head.of(Optional.of(end), false)).as("final index = highest applied").isEqualTo(index);
    assertThat(commit).isPresent();
    assertThat(index).isPresent();
  }

  /** P9. If it fails: publishCommit is not atomic: the applied t's do not form one chain, or the final is not the max. */
  @Test
  public void rule_P9_commitRaceKeepsOneIncreasingChain() {
    List<History.Publish> calls = Race.run(threads(), raceTime(),
        (thread, out, go) -> Workloads.publishChain(publisher, "t" + thread, true, 9, 5_000, go, out));
    Optional<History.Head> commit = History.checkPublishes(calls, true, true);
    assertThat(History.Head.of(publisher.lookup(Workloads.RACE_ALIAS), true)).isEqualTo(commit);
  }

  /** P10. If it fails: retract must set retracted, bump status_v on every call, keep heads, and create nothing. */
  @Test
  public void rule_P10_retractBumpsStatusAndKeepsHeads() {
    assertThat(publisher.retract(ALIAS)).as("retract of an unknown alias").isEmpty();
    assertThat(publisher.lookup(ALIAS)).as("retract created a record").isEmpty();
    publisher.publishCommit(ALIAS, "c1", 1);
    NsRecord before = publisher.publishIndex(ALIAS, "i1", 1).current();
    long t0 = now();
    NsRecord r = publisher.retract(ALIAS).orElseThrow();
    assertThat(r.status()).isEqualTo("retracted");
    assertThat(r.statusV()).isEqualTo(before.statusV() + 1);
    assertThat(r.updatedAt()).isBetween(Math.max(t0, before.updatedAt()), now());
    assertThat(r.commitAddress()).isEqualTo(before.commitAddress());
    assertThat(r.commitT()).isEqualTo(before.commitT());
    assertThat(r.indexAddress()).isEqualTo(before.indexAddress());
    assertThat(r.indexT()).isEqualTo(before.indexT());
    assertThat(r.configV()).isEqualTo(before.configV());
    assertThat(publisher.lookup(ALIAS)).contains(r);
    NsRecord again = publisher.retract(ALIAS).orElseThrow();
    assertThat(again.statusV()).as("second retract bumps again").isEqualTo(before.statusV() + 2);
  }

  /** P11. If it fails: publishing after a retract must keep the head rules and must not reset the status. */
  @Test
  public void rule_P11_publishAfterRetractKeepsStatus() {
    publisher.publishCommit(ALIAS, "c1", 1);
    NsRecord retracted = publisher.retract(ALIAS).orElseThrow();
    NsRecord r = publisher.publishCommit(ALIAS, "c2", 2).current();
    assertThat(r.status()).isEqualTo("retracted");
    assertThat(r.statusV()).isEqualTo(retracted.statusV());
    assertThat(publisher.publishCommit(ALIAS, "c1", 1)).isInstanceOf(Stale.class);
    assertThat(publisher.publishCommit(ALIAS, "c2", 2)).isInstanceOf(Unchanged.class);
    assertThat(publisher.publishIndex(ALIAS, "i1", 1).current().status()).isEqualTo("retracted");
  }

  /** P12. If it fails: pushStatus must compare status_v alone, bump it by one, replace state and meta, else Conflict. */
  @Test
  public void rule_P12_pushStatusIsCompareAndSetOnTheVersion() {
    assertThat(publisher.pushStatus(ALIAS, 1, "indexing", Map.of())).as("unknown alias").isEqualTo(new Conflict(Optional.empty()));
    assertThat(publisher.lookup(ALIAS)).isEmpty();
    NsRecord created = publisher.publishCommit(ALIAS, "c1", 1).current();
    CasResult r = publisher.pushStatus(ALIAS, 1, "indexing", Map.of("queue_depth", 3));
    assertThat(r).isInstanceOf(Applied.class);
    NsRecord applied = ((Applied) r).record();
    assertThat(applied.statusV()).isEqualTo(2);
    assertThat(applied.status()).isEqualTo("indexing");
    assertThat(applied.statusMeta()).isEqualTo(Map.of("queue_depth", 3L));
    assertThat(applied.commitAddress()).isEqualTo(created.commitAddress());
    assertThat(publisher.lookup(ALIAS)).contains(applied);
    assertThat(publisher.pushStatus(ALIAS, 1, "other", Map.of("x", 1))).as("stale version").isEqualTo(new Conflict(Optional.of(applied)));
    assertThat(publisher.pushStatus(ALIAS, 3, "other", Map.of())).as("future version").isEqualTo(new Conflict(Optional.of(applied)));
    assertThat(publisher.lookup(ALIAS)).contains(applied);
    NsRecord next = ((Applied) publisher.pushStatus(ALIAS, 2, "ready", Map.of())).record();
    assertThat(next.statusMeta()).as("meta replaced, not merged").isEmpty();
    assertThat(next.statusV()).isEqualTo(3);
  }

  /** P13. If it fails: pushConfig must compare config_v alone, bump it, replace meta and the default context. */
  @Test
  public void rule_P13_pushConfigIsCompareAndSetOnTheVersion() {
    assertThat(publisher.pushConfig(ALIAS, 0, Map.of(), Optional.empty())).isEqualTo(new Conflict(Optional.empty()));
    publisher.publishCommit(ALIAS, "c1", 1);
    CasResult r = publisher.pushConfig(ALIAS, 0, Map.of("index_threshold", 100), Optional.of("fluree:ctx/1"));
    NsRecord applied = ((Applied) r).record();
    assertThat(applied.configV()).isEqualTo(1);
    assertThat(applied.configMeta()).isEqualTo(Map.of("index_threshold", 100L));
    assertThat(applied.defaultContextAddress()).contains("fluree:ctx/1");
    assertThat(applied.statusV()).as("status untouched").isEqualTo(1);
    assertThat(publisher.pushConfig(ALIAS, 0, Map.of(), Optional.of("x"))).isEqualTo(new Conflict(Optional.of(applied)));
    assertThat(publisher.lookup(ALIAS)).contains(applied);
  }

  /** P14. If it fails: two compare-and-sets applied with one expected version: pushStatus is not atomic. */
  @Test
  public void rule_P14_statusRaceHasExactlyOneWinnerPerVersion() {
    publisher.publishCommit(Workloads.CAS_ALIAS, "c1", 1);
    List<CasResult> once = Race.run(threads(), Duration.ofHours(1),
        (thread, out, go) -> out.add(publisher.pushStatus(Workloads.CAS_ALIAS, 1, "s" + thread, Map.of("t", thread))));
    List<CasResult> winners = once.stream().filter(CasResult::applied).toList();
    assertThat(winners).as("Applied outcomes for expected status_v 1").hasSize(1);
    NsRecord won = ((Applied) winners.get(0)).record();
    once.stream().filter(r -> !r.applied()).forEach(r -> assertThat(r).isEqualTo(new Conflict(Optional.of(won))));
    List<History.Cas> loop = Race.run(threads(), raceTime(),
        (thread, out, go) -> Workloads.statusCas(publisher, "t" + thread, 5_000, go, out));
    History.checkCas(loop, 2, publisher.lookup(Workloads.CAS_ALIAS).orElseThrow().statusV());
  }

  /** P15. If it fails: lookup of an unknown alias must be empty, and meta values must come back exactly as stored. */
  @Test
  public void rule_P15_lookupReturnsExactlyTheStoredRecord() {
    assertThat(publisher.lookup(ALIAS)).isEmpty();
    publisher.publishCommit(ALIAS, "c1", 1);
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("text", "h\u00e9llo \uD83C\uDF0A \u4e2d\u6587 \"quoted\" \\ /");
    meta.put("int", 42);
    meta.put("long", Long.MAX_VALUE);
    meta.put("negative", -7);
    meta.put("decimal", 0.25);
    meta.put("big", new BigDecimal("12345678901234567890.123456789"));
    meta.put("yes", true);
    meta.put("no", false);
    meta.put("list", List.of(1, "two", List.of(3.5), Map.of("four", 4)));
    meta.put("nested", Map.of("a", Map.of("b", Map.of("c", List.of()))));
    meta.put("empty", Map.of());
    NsRecord applied = ((Applied) publisher.pushStatus(ALIAS, 1, "ready", meta)).record();
    Map<String, Object> expected = new HashMap<>();
    expected.put("text", meta.get("text"));
    expected.put("int", 42L);
    expected.put("long", Long.MAX_VALUE);
    expected.put("negative", -7L);
    expected.put("decimal", new BigDecimal("0.25"));
    expected.put("big", new BigDecimal("12345678901234567890.123456789"));
    expected.put("yes", true);
    expected.put("no", false);
    expected.put("list", List.of(1L, "two", List.of(new BigDecimal("3.5")), Map.of("four", 4L)));
    expected.put("nested", Map.of("a", Map.of("b", Map.of("c", List.of()))));
    expected.put("empty", Map.of());
    assertThat(applied.statusMeta()).isEqualTo(expected);
    NsRecord looked = publisher.lookup(ALIAS).orElseThrow();
    assertThat(looked).isEqualTo(applied);
    assertThat(looked.statusMeta()).isEqualTo(expected);
    publisher.pushConfig(ALIAS, 0, Map.of("replication", Map.of("factor", 3, "zones", List.of("a", "b"))), Optional.empty());
    assertThat(publisher.lookup(ALIAS).orElseThrow().configMeta())
        .isEqualTo(Map.of("replication", Map.of("factor", 3L, "zones", List.of("a", "b"))));
  }

  /** P16. If it fails: allRecords must page through everything (2,500 aliases), retracted included, each once. */
  @Test
  public void rule_P16_allRecordsReturnsEveryRecordOnceAcrossPages() {
    List<LedgerAlias> aliases = new ArrayList<>();
    for (int i = 0; i < 2_500; i++) {
      aliases.add(new LedgerAlias("ledger-" + (i / 5), "branch-" + (i % 5)));
    }
    Race.run(4, Duration.ofHours(1), (thread, out, go) -> {
      for (int i = thread; i < aliases.size(); i += 4) {
        publisher.publishCommit(aliases.get(i), "c" + i, i);
        if (i % 100 == 0) {
          publisher.retract(aliases.get(i));
        }
      }
    });
    List<NsRecord> all;
    try (Stream<NsRecord> s = publisher.allRecords()) {
      all = s.toList();
    }
    assertThat(all).hasSize(aliases.size());
    Map<LedgerAlias, NsRecord> byAlias = all.stream().collect(Collectors.toMap(NsRecord::alias, r -> r));
    assertThat(byAlias.keySet()).containsExactlyInAnyOrderElementsOf(aliases);
    for (int i = 0; i < aliases.size(); i++) {
      NsRecord r = byAlias.get(aliases.get(i));
      assertThat(r.commitT()).hasValue(i);
      assertThat(r.status()).isEqualTo(i % 100 == 0 ? "retracted" : "ready");
    }
  }

  /** P17. If it fails: alias parsing or storage differs: bare name = main, split at the first colon, parts validated. */
  @Test
  public void rule_P17_aliasesParseAndRoundTrip() {
    assertThat(LedgerAlias.parse("mydb")).isEqualTo(new LedgerAlias("mydb", "main"));
    assertThat(LedgerAlias.parse("mydb:dev")).isEqualTo(new LedgerAlias("mydb", "dev"));
    assertThat(LedgerAlias.parse("a:b:c")).isEqualTo(new LedgerAlias("a", "b:c"));
    assertThat(LedgerAlias.parse("mydb:dev").toString()).isEqualTo("mydb:dev");
    for (String bad : new String[] {"", ":x", "x:", "a\u0001:b", "a:b\n", "n".repeat(Limits.MAX_LEDGER_NAME + 1),
        "a:" + "b".repeat(Limits.MAX_BRANCH + 1), " :x"}) {
      assertThatThrownBy(() -> LedgerAlias.parse(bad)).as("alias %s", bad).isInstanceOf(InvalidInputException.class);
    }
    assertThatThrownBy(() -> LedgerAlias.parse(null)).isInstanceOf(InvalidInputException.class);
    LedgerAlias colon = LedgerAlias.parse("org/db:feature:x");
    NsRecord r = publisher.publishCommit(colon, "c1", 1).current();
    assertThat(r.ledgerName()).isEqualTo("org/db");
    assertThat(r.branch()).isEqualTo("feature:x");
    assertThat(publisher.lookup(LedgerAlias.parse("org/db:feature:x"))).contains(r);
    assertThat(publisher.lookup(LedgerAlias.parse("org/db:feature"))).isEmpty();
    NsRecord bare = publisher.publishCommit(LedgerAlias.parse("bare"), "c1", 1).current();
    assertThat(publisher.lookup(LedgerAlias.parse("bare:main"))).contains(bare);
  }

  /** P18. If it fails: invalid input must throw InvalidInputException naming the field, and nothing may change. */
  @Test
  public void rule_P18_invalidInputIsRejectedAndNothingWritten() {
    NsRecord stored = publisher.publishCommit(ALIAS, "c1", 1).current();
    Map<String, Object> notJson = new HashMap<>();
    notJson.put("when", Instant.EPOCH);
    Map<String, Object> withNull = new HashMap<>();
    withNull.put("x", null);
    Map<String, Executable> bad = new LinkedHashMap<>();
    bad.put("commit address", () -> publisher.publishCommit(ALIAS, null, 2));
    bad.put("commit address ", () -> publisher.publishCommit(ALIAS, "", 2));
    bad.put("commit address  ", () -> publisher.publishCommit(ALIAS, "a".repeat(Limits.MAX_ADDRESS + 1), 2));
    bad.put("commit t", () -> publisher.publishCommit(ALIAS, "c2", -1));
    bad.put("index address", () -> publisher.publishIndex(ALIAS, " ", 2));
    bad.put("index t", () -> publisher.publishIndex(ALIAS, "i2", Long.MIN_VALUE));
    bad.put("ledger alias", () -> publisher.publishCommit(null, "c2", 2));
    bad.put("ledger alias ", () -> publisher.publishIndex(null, "i2", 2));
    bad.put("index address ", () -> publisher.publishIndex(ALIAS, null, 2));
    bad.put("expected status v", () -> publisher.pushStatus(ALIAS, -1, "ready", Map.of()));
    bad.put("status", () -> publisher.pushStatus(ALIAS, 1, "", Map.of()));
    bad.put("status meta", () -> publisher.pushStatus(ALIAS, 1, "ready", null));
    bad.put("status meta.when", () -> publisher.pushStatus(ALIAS, 1, "ready", notJson));
    bad.put("status meta.x", () -> publisher.pushStatus(ALIAS, 1, "ready", withNull));
    bad.put("status meta.nan", () -> publisher.pushStatus(ALIAS, 1, "ready", Map.of("nan", Double.NaN)));
    bad.put("status meta ", () -> publisher.pushStatus(ALIAS, 1, "ready", Map.of("big", "x".repeat(Limits.MAX_META_BYTES))));
    bad.put("expected config v", () -> publisher.pushConfig(ALIAS, -2, Map.of(), Optional.empty()));
    bad.put("config meta", () -> publisher.pushConfig(ALIAS, 0, null, Optional.empty()));
    bad.put("default context address", () -> publisher.pushConfig(ALIAS, 0, Map.of(), Optional.of("")));
    bad.forEach((field, call) -> {
      Throwable t = catchThrowable(call::execute);
      assertThat(t).as("invalid %s", field.trim()).isInstanceOf(InvalidInputException.class);
      assertThat(((InvalidInputException) t).field()).isEqualTo(field.trim());
    });
    assertThat(publisher.lookup(ALIAS)).contains(stored);
    try (Stream<NsRecord> s = publisher.allRecords()) {
      assertThat(s.toList()).containsExactly(stored);
    }
  }

  /** P19. If it fails: updated_at moved on a call that applied nothing, did not move on an applied one, or went back. */
  @Test
  @Tag("clock")
  public void rule_P19_updatedAtMovesOnlyWithAppliedChanges() {
    NsRecord first = publisher.publishCommit(ALIAS, "c1", 1).current();
    awaitSecondAfter(first.updatedAt());
    assertThat(publisher.publishCommit(ALIAS, "c1", 1)).isInstanceOf(Unchanged.class);
    assertThat(publisher.publishCommit(ALIAS, "c0", 0)).isInstanceOf(Stale.class);
    assertThat(publisher.pushStatus(ALIAS, 9, "x", Map.of())).isInstanceOf(Conflict.class);
    assertThat(publisher.pushConfig(ALIAS, 9, Map.of(), Optional.empty())).isInstanceOf(Conflict.class);
    assertThat(publisher.lookup(ALIAS).orElseThrow().updatedAt()).as("updated_at after calls that applied nothing").isEqualTo(first.updatedAt());
    long previous = first.updatedAt();
    List<Supplier<NsRecord>> changes = List.of(
        () -> publisher.publishIndex(ALIAS, "i1", 1).current(),
        () -> ((Applied) publisher.pushStatus(ALIAS, 1, "busy", Map.of())).record(),
        () -> ((Applied) publisher.pushConfig(ALIAS, 0, Map.of(), Optional.empty())).record(),
        () -> publisher.retract(ALIAS).orElseThrow(),
        () -> publisher.publishCommit(ALIAS, "c2", 2).current());
    for (Supplier<NsRecord> change : changes) {
      awaitSecondAfter(previous);
      long before = now();
      NsRecord r = change.get();
      assertThat(r.updatedAt()).as("updated_at of an applied change").isBetween(before, now());
      assertThat(r.updatedAt()).isGreaterThan(previous);
      previous = r.updatedAt();
    }
  }

  /** Waits (polling the clock, not sleeping a fixed time) until the epoch second is past {@code second}. */
  private static void awaitSecondAfter(long second) {
    while (now() <= second) {
      LockSupport.parkNanos(5_000_000);
    }
  }

  /** P20. If it fails: t must hold the full long range and addresses their documented maximum length. */
  @Test
  public void rule_P20_boundsRoundTripExactly() {
    LedgerAlias zero = LedgerAlias.parse("zero");
    assertThat(publisher.publishCommit(zero, "c0", 0)).isInstanceOf(Updated.class);
    assertThat(publisher.lookup(zero).orElseThrow().commitT()).hasValue(0);
    String longest = Edges.repeat("\u00e9\uD83C\uDF0Aa", Limits.MAX_ADDRESS);
    LedgerAlias max = new LedgerAlias(Edges.repeat("n\u00e9", Limits.MAX_LEDGER_NAME),
        Edges.repeat("b\u4e2d", Limits.MAX_BRANCH));
    NsRecord r = publisher.publishCommit(max, longest, Long.MAX_VALUE).current();
    publisher.publishIndex(max, longest, Long.MAX_VALUE);
    NsRecord looked = publisher.lookup(max).orElseThrow();
    assertThat(looked.commitT()).hasValue(Long.MAX_VALUE);
    assertThat(looked.indexT()).hasValue(Long.MAX_VALUE);
    assertThat(looked.commitAddress()).contains(longest);
    assertThat(looked.alias()).isEqualTo(max);
    assertThat(publisher.publishCommit(max, longest, Long.MAX_VALUE)).isInstanceOf(Unchanged.class);
    assertThat(r.alias()).isEqualTo(max);
  }

  /** P21. If it fails: a closed publisher must refuse every call with IllegalStateException and tolerate a second close. */
  @Test
  public void rule_P21_closedPublisherRejectsEveryOperation() {
    publisher.publishCommit(ALIAS, "c1", 1);
    publisher.close();
    List<Supplier<?>> ops = List.of(
        () -> publisher.publishCommit(ALIAS, "c2", 2),
        () -> publisher.publishIndex(ALIAS, "i2", 2),
        () -> publisher.retract(ALIAS),
        () -> publisher.pushStatus(ALIAS, 1, "x", Map.of()),
        () -> publisher.pushConfig(ALIAS, 0, Map.of(), Optional.empty()),
        () -> publisher.lookup(ALIAS),
        () -> publisher.delete(ALIAS),
        () -> publisher.allRecords().count());
    for (Supplier<?> op : ops) {
      assertThatThrownBy(op::get).isInstanceOf(IllegalStateException.class);
    }
    publisher.close();
  }

  /** P22 (durable). If it fails: records were lost or changed by closing and reopening the publisher. */
  @Test
  public void rule_P22_recordsSurviveReopen() {
    assumeTrue(capabilities().contains(TckCapability.DURABLE), "backend does not declare DURABLE (data lives only as long as the store object)");
    publisher.publishCommit(ALIAS, "c7", 7);
    publisher.publishIndex(ALIAS, "i3", 3);
    NsRecord stored = ((Applied) publisher.pushStatus(ALIAS, 1, "indexing", Map.of("queue", List.of(1, 2)))).record();
    LedgerAlias other = LedgerAlias.parse("other");
    publisher.publishIndex(other, "i1", 1);
    NsRecord retracted = publisher.retract(other).orElseThrow();
    publisher.close();
    publisher = open(config);
    assertThat(publisher.lookup(ALIAS)).contains(stored);
    assertThat(publisher.lookup(other)).as("a retracted record after reopen").contains(retracted);
    assertThat(publisher.publishCommit(ALIAS, "c6", 6)).isInstanceOf(Stale.class);
  }

  /** P23 (multi-process). If it fails: the backend serialises threads but not processes sharing the store. */
  @Test
  public void rule_P23_racesHoldAcrossProcesses() {
    assumeTrue(capabilities().contains(TckCapability.MULTI_PROCESS), "backend does not declare MULTI_PROCESS (no store shared between JVMs)");
    long millis = Math.max(1_000, raceTime().toMillis() * 2);
    List<History.Publish> pubs = new ArrayList<>();
    Children.race(3, "publish-chain", 2, millis, 5_000, 23, config).forEach(o -> pubs.add((History.Publish) o));
    checkFinalHeads(pubs, false);
    publisher.publishCommit(Workloads.CAS_ALIAS, "c1", 1);
    List<History.Cas> cas = new ArrayList<>();
    Children.race(3, "status-cas", 2, millis, 5_000, 23, config).forEach(o -> cas.add((History.Cas) o));
    History.checkCas(cas, 1, publisher.lookup(Workloads.CAS_ALIAS).orElseThrow().statusV());
    assertThat(cas.stream().filter(History.Cas::applied).count()).as("applied compare-and-sets").isPositive();
  }

  /** P24. If it fails: pushConfig without a default context address must keep the stored one. */
  @Test
  public void rule_P24_pushConfigWithoutContextKeepsIt() {
    publisher.publishCommit(ALIAS, "c1", 1);
    publisher.pushConfig(ALIAS, 0, Map.of("a", 1), Optional.of("fluree:ctx/1"));
    NsRecord r = ((Applied) publisher.pushConfig(ALIAS, 1, Map.of("a", 2), Optional.empty())).record();
    assertThat(r.defaultContextAddress()).contains("fluree:ctx/1");
    assertThat(r.configMeta()).isEqualTo(Map.of("a", 2L));
    assertThat(publisher.lookup(ALIAS)).contains(r);
  }

  /** P25. If it fails: delete must remove exactly that record (true), leave others, and be false for unknown aliases. */
  @Test
  public void rule_P25_deleteRemovesTheRecord() {
    LedgerAlias other = LedgerAlias.parse("other:main");
    publisher.publishCommit(ALIAS, "c9", 9);
    NsRecord kept = publisher.publishCommit(other, "c1", 1).current();
    assertThat(publisher.delete(ALIAS)).isTrue();
    assertThat(publisher.lookup(ALIAS)).isEmpty();
    assertThat(publisher.delete(ALIAS)).isFalse();
    assertThat(publisher.publishCommit(ALIAS, "c1", 1)).as("a publish after delete starts afresh")
        .isInstanceOf(Updated.class).satisfies(r -> assertThat(((Updated) r).previous()).isEmpty());
    assertThat(publisher.lookup(other)).contains(kept);
    try (Stream<NsRecord> s = publisher.allRecords()) {
      assertThat(s.map(NsRecord::alias)).containsExactlyInAnyOrder(ALIAS, other);
    }
  }

  /**
   * P26 (multi-process). If it fails: two handles on one configuration in one JVM do not exclude each other (a
   * lock keyed per handle or per spelling of a path, a process-wide OS lock taken twice), even if separate
   * processes do. The assertion names the broken chain link, the lost head or the version applied twice in the
   * merged history (handles {@code h0}, {@code h1}, processes {@code p0}, {@code p1}).
   */
  @Test
  public void rule_P26_twoHandlesInOneJvmRaceWithChildProcesses() {
    assumeTrue(capabilities().contains(TckCapability.MULTI_PROCESS),
        "backend does not declare MULTI_PROCESS (no store shared between JVMs)");
    long millis = Math.max(1_000, raceTime().toMillis() * 2);
    try (Publisher second = open(config)) {
      List<Publisher> handles = List.of(publisher, second);
      List<History.Publish> pubs = new ArrayList<>();
      Children.race(2, "publish-chain", 2, millis, 5_000, 26, config,
          () -> Race.<History.Publish>run(4, Duration.ofMillis(millis), (thread, out, go) ->
              Workloads.publishChain(handles.get(thread % 2), "h" + thread % 2 + "t" + thread, thread / 2 == 0, 26,
                  5_000, go, out)))
          .forEach(o -> pubs.add((History.Publish) o));
      checkFinalHeads(pubs, false);
      assertThat(pubs.stream().map(c -> c.who().substring(0, 2)).distinct())
          .as("handles and processes that took part").containsExactlyInAnyOrder("h0", "h1", "p0", "p1");
      assertThat(second.lookup(Workloads.RACE_ALIAS)).as("the record seen by the second handle")
          .isEqualTo(publisher.lookup(Workloads.RACE_ALIAS));
      publisher.publishCommit(Workloads.CAS_ALIAS, "c1", 1);
      List<History.Cas> cas = new ArrayList<>();
      Children.race(2, "status-cas", 2, millis, 5_000, 26, config,
          () -> Race.<History.Cas>run(4, Duration.ofMillis(millis), (thread, out, go) ->
              Workloads.statusCas(handles.get(thread % 2), "h" + thread % 2 + "t" + thread, 5_000, go, out)))
          .forEach(o -> cas.add((History.Cas) o));
      History.checkCas(cas, 1, publisher.lookup(Workloads.CAS_ALIAS).orElseThrow().statusV());
      assertThat(cas.stream().map(c -> c.who().substring(0, 2)).distinct())
          .as("handles and processes that took part in the compare-and-sets")
          .containsExactlyInAnyOrder("h0", "h1", "p0", "p1");
      assertThat(cas.stream().filter(History.Cas::applied).count()).as("applied compare-and-sets").isPositive();
    }
  }

  /**
   * P27 (faults). If it fails: after a lost reply the backend (or its client library, retrying) reported an
   * outcome that is not what happened, or applied the effect twice: typically {@code Unchanged} for its own
   * publish, {@code Conflict} for its own compare-and-set, or a retract that bumped {@code status_v} by two,
   * because a retry met the first attempt's write. Retry only what provably did not apply, recognise the
   * caller's own write, or throw {@link OutcomeUnknownException}. The assertion names the call.
   */
  @Test
  public void rule_P27_lostReplyEndsInTheTrueOutcomeOrOutcomeUnknown() {
    assumeTrue(capabilities().contains(TckCapability.FAULTS),
        "backend does not declare FAULTS (its test cannot lose a reply)");
    LedgerAlias a = ALIAS;
    withLostReply("publishCommit creating the record", () -> publisher.publishCommit(a, "c1", 1),
        b -> NsRecord.decideCommit(b, a, "c1", 1, 0));
    if (publisher.lookup(a).isEmpty()) {
      publisher.publishCommit(a, "c1", 1);
    }
    withLostReply("publishCommit", () -> publisher.publishCommit(a, "c2", 2),
        b -> NsRecord.decideCommit(b, a, "c2", 2, 0));
    withLostReply("publishIndex creating the index head", () -> publisher.publishIndex(a, "i1", 1),
        b -> NsRecord.decideIndex(b, a, "i1", 1, 0));
    withLostReply("publishIndex", () -> publisher.publishIndex(a, "i2", 2),
        b -> NsRecord.decideIndex(b, a, "i2", 2, 0));
    withLostReply("retract", () -> publisher.retract(a), b -> b.map(r -> r.retracted(0)));
    withLostReply("retract again", () -> publisher.retract(a), b -> b.map(r -> r.retracted(0)));
    long statusV = publisher.lookup(a).orElseThrow().statusV();
    Map<String, Object> meta = Map.of("queue", 3L);
    withLostReply("pushStatus", () -> publisher.pushStatus(a, statusV, "indexing", meta),
        b -> NsRecord.decideStatus(b, statusV, "indexing", meta, 0));
    long configV = publisher.lookup(a).orElseThrow().configV();
    Optional<String> ctx = Optional.of("fluree:ctx/lost");
    withLostReply("pushConfig", () -> publisher.pushConfig(a, configV, meta, ctx),
        b -> NsRecord.decideConfig(b, configV, meta, ctx, 0));
    withLostReply("a stale publishCommit", () -> publisher.publishCommit(a, "c0", 0),
        b -> NsRecord.decideCommit(b, a, "c0", 0, 0));
    withLostReply("a conflicting pushStatus", () -> publisher.pushStatus(a, 0, "x", Map.of()),
        b -> NsRecord.decideStatus(b, 0, "x", Map.of(), 0));
    LedgerAlias unknown = LedgerAlias.parse("lost-unknown");
    loseNextReply();
    Throwable thrown = catchThrowable(() -> publisher.retract(unknown));
    assertThat(thrown).as("retract of an unknown alias with a lost reply threw; only OutcomeUnknownException may")
        .satisfiesAnyOf(t -> assertThat(t).isNull(), t -> assertThat(t).isInstanceOf(OutcomeUnknownException.class));
    assertThat(publisher.lookup(unknown)).as("record created by a retract of an unknown alias, its reply lost")
        .isEmpty();
    NsRecord before = publisher.lookup(a).orElseThrow();
    assertThat(publisher.publishCommit(a, "c9", 9)).as("the next call, its reply not lost").isInstanceOf(Updated.class)
        .satisfies(r -> assertThat(((Updated) r).previous()).contains(before));
  }

  /**
   * One call on {@link #ALIAS} whose reply is lost. {@code rule} gives its true outcome on the record stored
   * before, computed with the {@link NsRecord} rules at time 0 ({@code updated_at} is compared apart). The call
   * must return that outcome (its records as stored after the call), with the record changed exactly as the
   * rule says, or throw {@link OutcomeUnknownException} with the record either unchanged or changed once.
   */
  private void withLostReply(String what, Supplier<Object> call, Function<Optional<NsRecord>, Object> rule) {
    Optional<NsRecord> before = publisher.lookup(ALIAS);
    Object truth = rule.apply(before);
    Optional<NsRecord> once = stored(truth, before);
    long t0 = now();
    loseNextReply();
    Object[] result = new Object[1];
    Throwable thrown = catchThrowable(() -> result[0] = call.get());
    Optional<NsRecord> after = publisher.lookup(ALIAS);
    if (thrown != null) {
      assertThat(thrown).as("%s with a lost reply threw; only OutcomeUnknownException may", what)
          .isInstanceOf(OutcomeUnknownException.class);
      if (!after.equals(before)) {
        assertChangedOnce(what, before, once, after, t0);
      }
      return;
    }
    if (once.equals(before)) {
      assertThat(after).as("record after %s with a lost reply, which applies nothing", what).isEqualTo(before);
      assertThat(result[0]).as("outcome of %s with a lost reply", what).isEqualTo(truth);
      return;
    }
    assertChangedOnce(what, before, once, after, t0);
    assertThat(stored(result[0], before)).as("record returned by %s with a lost reply = the stored one", what)
        .isEqualTo(after);
    assertThat(withUpdatedAt(result[0], 0)).as("outcome of %s with a lost reply (updated_at aside)", what)
        .isEqualTo(withUpdatedAt(truth, 0));
  }

  private void assertChangedOnce(String what, Optional<NsRecord> before, Optional<NsRecord> once,
      Optional<NsRecord> after, long t0) {
    assertThat(after.map(r -> withUpdatedAt(r, 0)))
        .as("record after %s with a lost reply: the effect applied exactly once", what)
        .isEqualTo(once.map(r -> withUpdatedAt(r, 0)));
    assertThat(after.orElseThrow().updatedAt()).as("updated_at after %s", what)
        .isBetween(Math.max(t0, before.map(NsRecord::updatedAt).orElse(0L)), now());
  }

  /** The record an outcome says is stored after the call ({@code before} for outcomes that write nothing). */
  private static Optional<NsRecord> stored(Object outcome, Optional<NsRecord> before) {
    if (outcome instanceof PublishResult p) {
      return Optional.of(p.current());
    } else if (outcome instanceof Applied ap) {
      return Optional.of(ap.record());
    } else if (outcome instanceof Conflict) {
      return before;
    }
    @SuppressWarnings("unchecked")
    Optional<NsRecord> retracted = (Optional<NsRecord>) outcome;
    return retracted.isPresent() ? retracted : before;
  }

  /** {@code outcome} with {@code updated_at} of the record it writes set to {@code at}. */
  private static Object withUpdatedAt(Object outcome, long at) {
    if (outcome instanceof Updated u) {
      return new Updated(u.previous(), withUpdatedAt(u.current(), at));
    } else if (outcome instanceof Applied ap) {
      return new Applied(withUpdatedAt(ap.record(), at));
    } else if (outcome instanceof Optional<?> o) {
      return o.map(r -> withUpdatedAt((NsRecord) r, at));
    }
    return outcome;
  }

  private static NsRecord withUpdatedAt(NsRecord r, long at) {
    return new NsRecord(r.alias(), r.commitAddress(), r.commitT(), r.indexAddress(), r.indexT(),
        r.defaultContextAddress(), r.status(), at, r.statusV(), r.statusMeta(), r.configV(), r.configMeta());
  }

  /**
   * P28. If it fails: a value at a documented edge ({@link Limits}; 1- to 4-byte characters; valid characters at
   * the edges of Unicode; meta numbers at the ends of the range) was refused or did not come back exactly, or a
   * value one past an edge, or with a lone surrogate anywhere (alias parts, addresses, status, meta strings and
   * meta keys), was not an {@link InvalidInputException} naming the field, or a rejected call wrote something.
   */
  @Test
  public void rule_P28_limitsAndEdgesAreTheSameOnEveryBackend() {
    List<NsRecord> accepted = new ArrayList<>();
    for (String u : Edges.UNITS) {
      LedgerAlias alias = new LedgerAlias(Edges.repeat(u, Limits.MAX_LEDGER_NAME), Edges.repeat(u, Limits.MAX_BRANCH));
      String address = Edges.repeat(u, Limits.MAX_ADDRESS);
      publisher.publishCommit(alias, address, Long.MAX_VALUE);
      publisher.publishIndex(alias, address, 0);
      publisher.pushConfig(alias, 0, Map.of(), Optional.of(address));
      String status = Edges.repeat(u, Limits.MAX_STATUS);
      accepted.add(((Applied) publisher.pushStatus(alias, 1, status, Map.of(u, u))).record());
    }
    String e = Edges.EDGE_CHARS;
    LedgerAlias edgy = new LedgerAlias(e, e);
    publisher.publishCommit(edgy, e, 1);
    publisher.publishIndex(edgy, e, 1);
    publisher.pushConfig(edgy, 0, Map.of(e, List.of(e, Map.of(e, e))), Optional.of(e));
    accepted.add(((Applied) publisher.pushStatus(edgy, 1, e, Map.of(e, e))).record());
    Map<String, Object> numbers = new LinkedHashMap<>();
    int max = Limits.MAX_NUMBER_EXPONENT;
    int min = Limits.MIN_NUMBER_EXPONENT;
    String nines = "9." + "9".repeat(Limits.MAX_NUMBER_DIGITS - 1);
    String digits = "1234567890".repeat(Limits.MAX_NUMBER_DIGITS / 10 + 1);
    List<String> inRange = List.of("1e" + max, "-1e" + max, nines + "e" + max, "-" + nines + "e" + max, "1e" + min,
        "-1e" + min, "1.5e" + (min + 1), "1.2345678901234e-120", nines + "e" + min, "-" + nines + "e" + min,
        digits.substring(0, Limits.MAX_NUMBER_DIGITS), "1." + "0".repeat(Limits.MAX_NUMBER_CHARS - 1), "0");
    for (int i = 0; i < inRange.size(); i++) {
      numbers.put("n" + i, new BigDecimal(inRange.get(i)));
    }
    numbers.put("deep", nest(Limits.MAX_META_DEPTH));
    LedgerAlias metaAlias = LedgerAlias.parse("edge-meta");
    publisher.publishCommit(metaAlias, "c1", 1);
    NsRecord withNumbers = ((Applied) publisher.pushStatus(metaAlias, 1, "ready", numbers)).record();
    for (int i = 0; i < inRange.size(); i++) {
      Object stored = withNumbers.statusMeta().get("n" + i);
      assertThat(stored).as("meta number %s after a round trip", inRange.get(i)).isInstanceOf(Number.class);
      assertThat(new BigDecimal(stored.toString())).as("meta number %s after a round trip", inRange.get(i))
          .isEqualByComparingTo(inRange.get(i));
    }
    String fill = "x".repeat(Limits.MAX_META_BYTES - "{\"k\":\"\"}".length());
    accepted.add(((Applied) publisher.pushConfig(metaAlias, 0, Map.of("k", fill), Optional.empty())).record());
    for (NsRecord r : accepted) {
      assertThat(publisher.lookup(r.alias())).as("lookup at the edge: %s", r.alias()).contains(r);
    }
    assertThat(publisher.lookup(metaAlias)).as("meta numbers at the edges of the range").hasValueSatisfying(r ->
        assertThat(r.statusMeta()).isEqualTo(withNumbers.statusMeta()));

    List<NsRecord> all;
    try (Stream<NsRecord> s = publisher.allRecords()) {
      all = s.toList();
    }
    List<Edges.Rejection> rejected = new ArrayList<>();
    LedgerAlias a = metaAlias;
    for (String u : Edges.UNITS) {
      rejected.add(new Edges.Rejection("ledger name", "ledger name one past the limit, in " + u,
          () -> publisher.publishCommit(new LedgerAlias(Edges.onePast(u, Limits.MAX_LEDGER_NAME), "main"), "c", 1)));
      rejected.add(new Edges.Rejection("branch", "branch one past the limit, in " + u,
          () -> publisher.publishCommit(new LedgerAlias("x", Edges.onePast(u, Limits.MAX_BRANCH)), "c", 1)));
      String longAddress = Edges.onePast(u, Limits.MAX_ADDRESS);
      rejected.add(new Edges.Rejection("commit address", "commit address one past, in " + u,
          () -> publisher.publishCommit(a, longAddress, 5)));
      rejected.add(new Edges.Rejection("index address", "index address one past, in " + u,
          () -> publisher.publishIndex(a, longAddress, 5)));
      rejected.add(new Edges.Rejection("default context address", "default context address one past, in " + u,
          () -> publisher.pushConfig(a, 1, Map.of(), Optional.of(longAddress))));
      rejected.add(new Edges.Rejection("status", "status one past, in " + u,
          () -> publisher.pushStatus(a, 2, Edges.onePast(u, Limits.MAX_STATUS), Map.of())));
    }
    for (String lone : Edges.LONE_SURROGATES) {
      String shown = Edges.shown(lone);
      rejected.add(new Edges.Rejection("ledger name", "ledger name " + shown,
          () -> publisher.publishCommit(new LedgerAlias(lone, "main"), "c", 1)));
      rejected.add(new Edges.Rejection("branch", "branch " + shown,
          () -> publisher.publishCommit(new LedgerAlias("x", lone), "c", 1)));
      rejected.add(new Edges.Rejection("branch", "parsed alias x:" + shown, () -> LedgerAlias.parse("x:" + lone)));
      rejected.add(new Edges.Rejection("commit address", "commit address " + shown,
          () -> publisher.publishCommit(a, lone, 5)));
      rejected.add(new Edges.Rejection("index address", "index address " + shown,
          () -> publisher.publishIndex(a, lone, 5)));
      rejected.add(new Edges.Rejection("default context address", "default context address " + shown,
          () -> publisher.pushConfig(a, 1, Map.of(), Optional.of(lone))));
      rejected.add(new Edges.Rejection("status", "status " + shown, () -> publisher.pushStatus(a, 2, lone, Map.of())));
      rejected.add(new Edges.Rejection("status meta", "status meta string " + shown,
          () -> publisher.pushStatus(a, 2, "ready", Map.of("s", lone))));
      rejected.add(new Edges.Rejection("status meta", "status meta key " + shown,
          () -> publisher.pushStatus(a, 2, "ready", Map.of(lone, 1))));
      rejected.add(new Edges.Rejection("status meta", "nested status meta key " + shown,
          () -> publisher.pushStatus(a, 2, "ready", Map.of("m", Map.of("k" + lone, 1)))));
      rejected.add(new Edges.Rejection("config meta", "config meta list element " + shown,
          () -> publisher.pushConfig(a, 1, Map.of("l", List.of("ok", lone)), Optional.empty())));
      rejected.add(new Edges.Rejection("config meta", "config meta key " + shown,
          () -> publisher.pushConfig(a, 1, Map.of(lone, "v"), Optional.empty())));
    }
    for (String n : List.of("1e" + (max + 1), "-1e" + (max + 1), "1e" + (min - 1), "-1e" + (min - 1),
        nines + "e" + (min - 1), digits.substring(0, Limits.MAX_NUMBER_DIGITS + 1),
        "1." + "0".repeat(Limits.MAX_NUMBER_DIGITS - 1) + "1", "1." + "0".repeat(Limits.MAX_NUMBER_CHARS * 5))) {
      String shown = n.length() > 60 ? n.substring(0, 60) + "..." : n;
      rejected.add(new Edges.Rejection("status meta", "meta number " + shown,
          () -> publisher.pushStatus(a, 2, "ready", Map.of("n", new BigDecimal(n)))));
    }
    rejected.add(new Edges.Rejection("status meta", "meta number 1e" + (max + 1) + " as a BigInteger",
        () -> publisher.pushStatus(a, 2, "ready", Map.of("n", BigInteger.TEN.pow(max + 1)))));
    rejected.add(new Edges.Rejection("status meta", "meta number 1e" + (max + 1) + " as a double",
        () -> publisher.pushStatus(a, 2, "ready", Map.of("n", Double.parseDouble("1e" + (max + 1))))));
    rejected.add(new Edges.Rejection("status meta", "meta nested " + (Limits.MAX_META_DEPTH + 1) + " deep",
        () -> publisher.pushStatus(a, 2, "ready", Map.of("deep", nest(Limits.MAX_META_DEPTH + 1)))));
    rejected.add(new Edges.Rejection("config meta", "config meta one byte over " + Limits.MAX_META_BYTES,
        () -> publisher.pushConfig(a, 1, Map.of("k", fill + "x"), Optional.empty())));
    Edges.assertRejected(rejected);
    try (Stream<NsRecord> s = publisher.allRecords()) {
      assertThat(s.toList()).as("records after the rejected calls: exactly as before")
          .containsExactlyInAnyOrderElementsOf(all);
    }
  }

  /** {@code depth} lists nested in one another, the innermost empty: {@code [[[]]]} for 3. */
  private static List<Object> nest(int depth) {
    List<Object> l = List.of();
    for (int i = 1; i < depth; i++) {
      l = List.of(l);
    }
    return l;
  }

  /**
   * P28, version counters. If it fails: a {@code status_v} or {@code config_v} at {@code Long.MAX_VALUE} went
   * further (wrapped to a negative number, or past the long range so every later read fails), or the refusal was
   * not an {@link InvalidInputException} naming the counter, or it wrote something. Check the counter before the
   * write (in the condition), not after. Needs {@link #plantRecord}.
   */
  @Test
  public void rule_P28_versionCountersStopAtLongMax() {
    NsRecord planted = new NsRecord(ALIAS, Optional.of("c1"), OptionalLong.of(1), Optional.empty(),
        OptionalLong.empty(), Optional.empty(), "ready", now() - 60, Long.MAX_VALUE - 1, Map.of("at", "max-1"),
        Long.MAX_VALUE - 1, Map.of());
    try {
      plantRecord(planted);
    } catch (UnsupportedOperationException e) {
      assumeTrue(false, "the backend's test cannot plant a record (override plantRecord): " + e.getMessage());
    }
    assertThat(publisher.lookup(ALIAS)).as("the planted record").contains(planted);
    NsRecord atMax = ((Applied) publisher.pushStatus(ALIAS, Long.MAX_VALUE - 1, "busy", Map.of())).record();
    assertThat(atMax.statusV()).as("status_v reaches Long.MAX_VALUE").isEqualTo(Long.MAX_VALUE);
    atMax = ((Applied) publisher.pushConfig(ALIAS, Long.MAX_VALUE - 1, Map.of(), Optional.empty())).record();
    assertThat(atMax.configV()).as("config_v reaches Long.MAX_VALUE").isEqualTo(Long.MAX_VALUE);
    Map<String, Executable> past = new LinkedHashMap<>();
    past.put("status v", () -> publisher.retract(ALIAS));
    past.put("status v ", () -> publisher.pushStatus(ALIAS, Long.MAX_VALUE, "busy", Map.of()));
    past.put("config v", () -> publisher.pushConfig(ALIAS, Long.MAX_VALUE, Map.of(), Optional.of("fluree:ctx/x")));
    for (Map.Entry<String, Executable> p : past.entrySet()) {
      Throwable t = catchThrowable(p.getValue()::execute);
      assertThat(t).as("%s past Long.MAX_VALUE", p.getKey().trim()).isInstanceOf(InvalidInputException.class);
      assertThat(((InvalidInputException) t).field()).isEqualTo(p.getKey().trim());
      assertThat(publisher.lookup(ALIAS)).as("record after a refused bump of %s", p.getKey().trim()).contains(atMax);
    }
    assertThat(publisher.pushStatus(ALIAS, 5, "busy", Map.of())).as("a conflicting pushStatus at the top")
        .isEqualTo(new Conflict(Optional.of(atMax)));
    NsRecord published = publisher.publishCommit(ALIAS, "c2", 2).current();
    assertThat(published.statusV()).as("status_v after a publish at the top").isEqualTo(Long.MAX_VALUE);
    assertThat(published.configV()).as("config_v after a publish at the top").isEqualTo(Long.MAX_VALUE);
    assertThat(publisher.lookup(ALIAS)).contains(published);
  }
}
