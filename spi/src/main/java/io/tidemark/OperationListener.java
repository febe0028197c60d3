package io.tidemark;

/**
 * Told about every completed operation of a store opened with {@link BackendConfig#withListener}: the checking layer
 * calls {@link #onOperation} once per call, on the caller's thread, after the call returned or threw and before the
 * result reaches the caller. It must be thread-safe and quick (it runs on the hot path). A listener that throws is
 * logged and never changes the operation's result. {@code io.tidemark.micrometer.TidemarkMetrics} is one.
 */
@FunctionalInterface
public interface OperationListener {

    /** Called once per completed operation. */
    void onOperation(OperationEvent event);
}
