package io.tidemark.backend.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.tidemark.BackendConfig;
import io.tidemark.OutcomeUnknownException;
import io.tidemark.discovery.Tidemark;
import io.tidemark.publisher.CasResult;
import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.NsRecord;
import io.tidemark.publisher.PublishResult;
import io.tidemark.publisher.Publisher;
import io.tidemark.watermark.AdvanceResult;
import io.tidemark.watermark.Watermark;
import io.tidemark.watermark.WatermarkKey;
import io.tidemark.watermark.WatermarkStore;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Issue 10 item 2: every write whose reply is lost (the server applied it, then the connection dropped or a 500 came
 * back; or the request never reached the server) ends in its true outcome or {@link OutcomeUnknownException}, never
 * a wrong outcome, and its effect is applied exactly once. A {@link FaultProxy} sits between the SDK and DynamoDB
 * Local. Each case runs with the client the backend builds from a config and with a client the caller passes in
 * (whose default SDK retries the backend must switch off per request).
 */
@ExtendWith(DynamoDbLocal.class)
class LostReplyTest {
    private static FaultProxy proxy;
    private static DynamoDbClient userClient;

    @BeforeAll
    static void startProxy() {
        proxy = new FaultProxy(DynamoDbLocal.shared().endpoint());
        userClient = DynamoDbLocal.client(proxy.endpoint());
    }

    @AfterAll
    static void stopProxy() {
        userClient.close();
        proxy.close();
    }

    static Stream<Arguments> cases() {
        return Stream.of(
                        FaultProxy.Fault.DROP_AFTER_APPLY,
                        FaultProxy.Fault.ERROR_500_AFTER_APPLY,
                        FaultProxy.Fault.DROP_BEFORE_SEND)
                .flatMap(f -> Stream.of(Arguments.of(f, true), Arguments.of(f, false)));
    }

    private static WatermarkStore store(boolean ownClient) {
        String table = DynamoDbLocal.freshTable("lost-wm");
        return ownClient
                ? Tidemark.openWatermarkStore(BackendConfig.of(
                        "aws",
                        DynamoDbLocal.watermarkSettingsFor(proxy.endpoint().toString(), table)))
                : DynamoDbWatermarkStore.open(userClient, table);
    }

    private static Publisher publisher(boolean ownClient) {
        String table = DynamoDbLocal.freshTable("lost-ns");
        return ownClient
                ? Tidemark.openPublisher(BackendConfig.of(
                        "aws",
                        DynamoDbLocal.publisherSettingsFor(proxy.endpoint().toString(), table)))
                : DynamoDbPublisher.open(userClient, table, true);
    }

    /** Runs {@code op} with the fault armed: its result, or the OutcomeUnknownException it threw (no result). */
    private static <T> Outcome<T> faulted(FaultProxy.Fault fault, Supplier<T> op) {
        return faulted(fault, true, op);
    }

    /**
     * {@code resent}: the call is resent after a lost reply (all but retract, reset and delete): an unsent request must
     * succeed.
     */
    private static <T> Outcome<T> faulted(FaultProxy.Fault fault, boolean resent, Supplier<T> op) {
        proxy.arm(fault);
        Object[] result = new Object[1];
        Throwable t = catchThrowable(() -> result[0] = op.get());
        assertThat(proxy.isArmed()).as("the fault was consumed by the call").isFalse();
        if (t != null) {
            assertThat(t)
                    .as("the only error allowed is OutcomeUnknownException")
                    .isInstanceOf(OutcomeUnknownException.class);
            if (resent) {
                assertThat(fault)
                        .as("a request that never reached the server is resent and gets its true outcome")
                        .isNotEqualTo(FaultProxy.Fault.DROP_BEFORE_SEND);
            }
        }
        @SuppressWarnings("unchecked")
        T r = (T) result[0];
        return new Outcome<>(Optional.ofNullable(r), t);
    }

    record Outcome<T>(Optional<T> result, Throwable error) {}

    /**
     * A reset/delete whose reply was lost is never resent (a resend could remove an item created after it): every fault
     * ends in outcome unknown, whose message says the key may or may not be gone and that a later read tells.
     */
    private static void assertNeverResent(Outcome<Boolean> o) {
        assertThat(o.result()).as("no result after a lost reply").isEmpty();
        assertThat(o.error())
                .isInstanceOf(OutcomeUnknownException.class)
                .hasMessageContaining("may or may not have been removed")
                .hasMessageContaining("later get");
    }

    @ParameterizedTest(name = "{0}, backend-built client {1}")
    @MethodSource("cases")
    void advance(FaultProxy.Fault fault, boolean ownClient) {
        WatermarkKey key = new WatermarkKey("NetX", "tz1lost", "block");
        try (WatermarkStore s = store(ownClient)) {
            s.advance(key, new Watermark(10, 0, "a"));
            Watermark mine = new Watermark(11, 0, "b");
            Outcome<AdvanceResult> o = faulted(fault, () -> s.advance(key, mine));
            o.result().ifPresent(r -> assertThat(r)
                    .as("true outcome")
                    .isIn(
                            new AdvanceResult.Advanced(Optional.of(new Watermark(10, 0, "a"))),
                            new AdvanceResult.Repeated(mine)));
            assertThat(s.get(key)).contains(mine);
        }
    }

    /**
     * An import's mark without digest ({@link Watermark#NO_DIGEST}) whose reply is lost: the resend finds it stored, and
     * since that slot is never repeatable the outcome is Advanced or unknown, never one that allows signing again; the
     * mark is stored.
     */
    @ParameterizedTest(name = "{0}, backend-built client {1}")
    @MethodSource("cases")
    void advanceNoDigest(FaultProxy.Fault fault, boolean ownClient) {
        WatermarkKey key = new WatermarkKey("NetX", "tz1lost", "block");
        try (WatermarkStore s = store(ownClient)) {
            s.advance(key, new Watermark(10, 0, "a"));
            Watermark mine = new Watermark(11, 0, Watermark.NO_DIGEST);
            Outcome<AdvanceResult> o = faulted(fault, () -> s.advance(key, mine));
            o.result().ifPresent(r -> assertThat(r)
                    .as("true outcome")
                    .isEqualTo(new AdvanceResult.Advanced(Optional.of(new Watermark(10, 0, "a")))));
            assertThat(s.get(key)).contains(mine);
            assertThat(s.advance(key, mine).maySign()).isFalse();
        }
    }

    @ParameterizedTest(name = "{0}, backend-built client {1}")
    @MethodSource("cases")
    void reset(FaultProxy.Fault fault, boolean ownClient) {
        WatermarkKey key = new WatermarkKey("NetX", "tz1lost", "attestation");
        try (WatermarkStore s = store(ownClient)) {
            s.advance(key, new Watermark(10, 0, "a"));
            Outcome<Boolean> o = faulted(fault, false, () -> s.reset(key));
            assertNeverResent(o);
            if (fault == FaultProxy.Fault.DROP_BEFORE_SEND) {
                assertThat(s.get(key))
                        .as("never reached the server and not resent: still there, as get tells")
                        .contains(new Watermark(10, 0, "a"));
            } else {
                assertThat(s.get(key))
                        .as("the first send was applied, as get tells")
                        .isEmpty();
            }
        }
    }

    @ParameterizedTest(name = "{0}, backend-built client {1}")
    @MethodSource("cases")
    void publishCommit(FaultProxy.Fault fault, boolean ownClient) {
        publish(fault, ownClient, true);
    }

    @ParameterizedTest(name = "{0}, backend-built client {1}")
    @MethodSource("cases")
    void publishIndex(FaultProxy.Fault fault, boolean ownClient) {
        publish(fault, ownClient, false);
    }

    private static void publish(FaultProxy.Fault fault, boolean ownClient, boolean commit) {
        LedgerAlias a = LedgerAlias.parse("lost:main");
        try (Publisher p = publisher(ownClient)) {
            NsRecord before = head(p, commit, a, "v1", 1).current();
            Outcome<PublishResult> o = faulted(fault, () -> head(p, commit, a, "v2", 2));
            o.result().ifPresent(r -> {
                assertThat(r)
                        .as("true outcome: Updated, never Unchanged/Stale for its own write")
                        .isInstanceOf(PublishResult.Updated.class);
                assertThat(((PublishResult.Updated) r).previous()).contains(before);
            });
            NsRecord now = p.lookup(a).orElseThrow();
            assertThat(commit ? now.commitT() : now.indexT()).hasValue(2);
            assertThat(commit ? now.commitAddress() : now.indexAddress()).contains("v2");
            assertThat(now.statusV()).isEqualTo(1);
        }
    }

    private static PublishResult head(Publisher p, boolean commit, LedgerAlias a, String address, long t) {
        return commit ? p.publishCommit(a, address, t) : p.publishIndex(a, address, t);
    }

    @ParameterizedTest(name = "{0}, backend-built client {1}")
    @MethodSource("cases")
    void retract(FaultProxy.Fault fault, boolean ownClient) {
        LedgerAlias a = LedgerAlias.parse("lost:main");
        try (Publisher p = publisher(ownClient)) {
            p.publishCommit(a, "c1", 1);
            p.pushStatus(a, 1, "busy", Map.of());
            Outcome<Optional<NsRecord>> o = faulted(fault, false, () -> p.retract(a));
            NsRecord now = p.lookup(a).orElseThrow();
            if (fault == FaultProxy.Fault.DROP_BEFORE_SEND) {
                assertThat(now.statusV()).as("never sent: status_v unchanged").isEqualTo(2);
                assertThat(o.error())
                        .as("a retract is never resent blindly, and its token is not on the item")
                        .isNotNull();
                return;
            }
            assertThat(now.statusV()).as("status_v moves by exactly one").isEqualTo(3);
            assertThat(now.status()).isEqualTo(NsRecord.RETRACTED);
            assertThat(o.error())
                    .as("the request token on the item identifies this call's own applied retract")
                    .isNull();
            o.result().ifPresent(r -> assertThat(r).as("the retracted record").contains(now));
        }
    }

    @ParameterizedTest(name = "{0}, backend-built client {1}")
    @MethodSource("cases")
    void pushStatus(FaultProxy.Fault fault, boolean ownClient) {
        LedgerAlias a = LedgerAlias.parse("lost:main");
        try (Publisher p = publisher(ownClient)) {
            p.publishCommit(a, "c1", 1);
            Outcome<CasResult> o = faulted(fault, () -> p.pushStatus(a, 1, "indexing", Map.of("q", 1)));
            NsRecord now = p.lookup(a).orElseThrow();
            assertThat(o.error())
                    .as("the request token on the item identifies this call's own applied change")
                    .isNull();
            assertThat(now.statusV()).as("status_v moves by exactly one").isEqualTo(2);
            assertThat(now.status()).isEqualTo("indexing");
            o.result().ifPresent(r -> assertThat(r)
                    .as("true outcome, never Conflict for its own change")
                    .isEqualTo(new CasResult.Applied(now)));
        }
    }

    @ParameterizedTest(name = "{0}, backend-built client {1}")
    @MethodSource("cases")
    void pushConfig(FaultProxy.Fault fault, boolean ownClient) {
        LedgerAlias a = LedgerAlias.parse("lost:main");
        try (Publisher p = publisher(ownClient)) {
            p.publishCommit(a, "c1", 1);
            Outcome<CasResult> o = faulted(fault, () -> p.pushConfig(a, 0, Map.of("k", "v"), Optional.of("ctx1")));
            NsRecord now = p.lookup(a).orElseThrow();
            assertThat(o.error())
                    .as("the request token on the item identifies this call's own applied change")
                    .isNull();
            assertThat(now.configV()).as("config_v moves by exactly one").isEqualTo(1);
            assertThat(now.configMeta()).isEqualTo(Map.of("k", "v"));
            o.result().ifPresent(r -> assertThat(r)
                    .as("true outcome, never Conflict for its own change")
                    .isEqualTo(new CasResult.Applied(now)));
        }
    }

    @ParameterizedTest(name = "{0}, backend-built client {1}")
    @MethodSource("cases")
    void delete(FaultProxy.Fault fault, boolean ownClient) {
        LedgerAlias a = LedgerAlias.parse("lost:main");
        try (Publisher p = publisher(ownClient)) {
            p.publishCommit(a, "c1", 1);
            Outcome<Boolean> o = faulted(fault, false, () -> p.delete(a));
            assertNeverResent(o);
            if (fault == FaultProxy.Fault.DROP_BEFORE_SEND) {
                assertThat(p.lookup(a))
                        .as("never reached the server and not resent: still there, as lookup tells")
                        .isPresent();
            } else {
                assertThat(p.lookup(a))
                        .as("the first send was applied, as lookup tells")
                        .isEmpty();
            }
        }
    }

    /** Faults that apply the request, each with another writer acting between the apply and the lost reply. */
    static Stream<Arguments> overtaken() {
        return Stream.of(FaultProxy.Fault.DROP_AFTER_APPLY, FaultProxy.Fault.ERROR_500_AFTER_APPLY)
                .flatMap(f -> Stream.of(Arguments.of(f, true), Arguments.of(f, false)));
    }

    /** Runs {@code op} with {@code fault} armed and {@code other} acting in the window; it must be outcome-unknown. */
    private static void overtakenIsUnknown(FaultProxy.Fault fault, Runnable other, Supplier<?> op) {
        proxy.arm(fault, other);
        Throwable t = catchThrowable(op::get);
        assertThat(proxy.isArmed()).isFalse();
        assertThat(t)
                .as("our write may have been applied and overtaken: neither Refused/Stale/Conflict nor success")
                .isInstanceOf(OutcomeUnknownException.class);
    }

    @ParameterizedTest(name = "{0}, backend-built client {1}")
    @MethodSource("overtaken")
    void advanceOvertaken(FaultProxy.Fault fault, boolean ownClient) {
        WatermarkKey key = new WatermarkKey("NetX", "tz1over", "block");
        String table = DynamoDbLocal.freshTable("over-wm");
        try (WatermarkStore s = ownClient
                        ? Tidemark.openWatermarkStore(BackendConfig.of(
                                "aws",
                                DynamoDbLocal.watermarkSettingsFor(
                                        proxy.endpoint().toString(), table)))
                        : DynamoDbWatermarkStore.open(userClient, table);
                WatermarkStore other = DynamoDbWatermarkStore.open(direct(), table)) {
            overtakenIsUnknown(
                    fault,
                    () -> other.advance(key, new Watermark(12, 0, "theirs")),
                    () -> s.advance(key, new Watermark(11, 0, "mine")));
            assertThat(s.get(key)).contains(new Watermark(12, 0, "theirs"));
        }
    }

    @ParameterizedTest(name = "{0}, backend-built client {1}")
    @MethodSource("overtaken")
    void publishOvertaken(FaultProxy.Fault fault, boolean ownClient) {
        LedgerAlias a = LedgerAlias.parse("over:main");
        try (Publisher p = publisher(ownClient)) {
            try (Publisher other = DynamoDbPublisher.open(direct(), tableOf(p), false)) {
                p.publishCommit(a, "c1", 1);
                overtakenIsUnknown(fault, () -> other.publishCommit(a, "c3", 3), () -> p.publishCommit(a, "c2", 2));
                assertThat(p.lookup(a).orElseThrow().commitT()).hasValue(3);
            }
        }
    }

    @ParameterizedTest(name = "{0}, backend-built client {1}")
    @MethodSource("overtaken")
    void retractOvertakenByAnotherRetractBumpsOncePerCall(FaultProxy.Fault fault, boolean ownClient) {
        LedgerAlias a = LedgerAlias.parse("over:main");
        try (Publisher p = publisher(ownClient)) {
            try (Publisher other = DynamoDbPublisher.open(direct(), tableOf(p), false)) {
                p.publishCommit(a, "c1", 1);
                overtakenIsUnknown(fault, () -> other.retract(a), () -> p.retract(a));
                assertThat(p.lookup(a).orElseThrow().statusV())
                        .as("two retracts, two bumps")
                        .isEqualTo(3);
            }
        }
    }

    @ParameterizedTest(name = "{0}, backend-built client {1}")
    @MethodSource("overtaken")
    void pushStatusOvertaken(FaultProxy.Fault fault, boolean ownClient) {
        LedgerAlias a = LedgerAlias.parse("over:main");
        try (Publisher p = publisher(ownClient)) {
            try (Publisher other = DynamoDbPublisher.open(direct(), tableOf(p), false)) {
                p.publishCommit(a, "c1", 1);
                overtakenIsUnknown(
                        fault,
                        () -> other.pushStatus(a, 2, "theirs", Map.of()),
                        () -> p.pushStatus(a, 1, "mine", Map.of()));
                NsRecord now = p.lookup(a).orElseThrow();
                assertThat(now.statusV()).isEqualTo(3);
                assertThat(now.status()).isEqualTo("theirs");
            }
        }
    }

    /** The table a publisher of this test uses (its toString names it). */
    private static String tableOf(Publisher p) {
        String s = p.toString();
        int i = s.indexOf("table '") + 7;
        return s.substring(i, s.indexOf('\'', i));
    }

    private static DynamoDbClient direct;

    /** A client straight to the server (not through the proxy), for the other writer. */
    private static synchronized DynamoDbClient direct() {
        if (direct == null) {
            direct = DynamoDbLocal.client(DynamoDbLocal.shared().endpoint());
        }
        return direct;
    }

    /** A write that times out after the server applied it is outcome-unknown (not resent); a read's timeout is not. */
    @org.junit.jupiter.api.Test
    void aTimedOutWriteIsOutcomeUnknownAndATimedOutReadIsUnavailable() {
        String table = DynamoDbLocal.freshTable("timeout-wm");
        Map<String, Object> settings = new java.util.HashMap<>(
                DynamoDbLocal.watermarkSettingsFor(proxy.endpoint().toString(), table));
        settings.put("timeout_ms", 1_000);
        WatermarkKey key = new WatermarkKey("NetX", "tz1timeout", "block");
        try (WatermarkStore s = Tidemark.openWatermarkStore(BackendConfig.of("aws", settings))) {
            int before = proxy.requests();
            proxy.arm(FaultProxy.Fault.HOLD_AFTER_APPLY);
            Throwable write = catchThrowable(() -> s.advance(key, new Watermark(5, 0, "a")));
            proxy.release();
            assertThat(write)
                    .isInstanceOf(OutcomeUnknownException.class)
                    .hasMessageContaining("no answer within 1000 ms");
            assertThat(proxy.requests() - before)
                    .as("not resent after a timeout: the time budget is spent")
                    .isEqualTo(1);
            proxy.arm(FaultProxy.Fault.HOLD_AFTER_APPLY);
            Throwable read = catchThrowable(() -> s.get(key));
            proxy.release();
            assertThat(read)
                    .isInstanceOf(io.tidemark.BackendUnavailableException.class)
                    .isNotInstanceOf(OutcomeUnknownException.class)
                    .hasMessageContaining("no answer within 1000 ms");
            assertThat(s.get(key)).contains(new Watermark(5, 0, "a"));
            // A read whose reply is lost is simply read again (reads are idempotent; the SDK no longer retries them).
            before = proxy.requests();
            proxy.arm(FaultProxy.Fault.DROP_AFTER_APPLY);
            assertThat(s.get(key)).contains(new Watermark(5, 0, "a"));
            assertThat(proxy.requests() - before).isEqualTo(2);
        }
    }
}
