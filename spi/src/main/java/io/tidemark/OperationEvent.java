package io.tidemark;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * One completed operation of a store, as the checking layer hands it to an {@link OperationListener}.
 *
 * @param driver the backend's primary driver name ({@code mem}, {@code file}, {@code aws}, ...)
 * @param contract {@code watermark} or {@code publisher}
 * @param operation the method name: {@code advance}, {@code get}, {@code list}, {@code reset}, {@code check};
 *     {@code publishCommit}, {@code publishIndex}, {@code retract}, {@code pushStatus}, {@code pushConfig},
 *     {@code delete}, {@code lookup}, {@code allRecords}, {@code check}
 * @param requestKind the request kind of the watermark key the call named (marks only; empty for calls without a
 *     key, for a null key, and for every publisher call)
 * @param outcome the result's name in lower case: {@code advanced}/{@code repeated}/{@code refused} (advance),
 *     {@code updated}/{@code unchanged}/{@code stale} (publishCommit, publishIndex), {@code applied}/{@code conflict}
 *     (pushStatus, pushConfig), {@code found}/{@code absent} (get, lookup), {@code removed}/{@code absent} (reset,
 *     delete), {@code retracted}/{@code absent} (retract), {@code listed} (list, allRecords: the stream was opened),
 *     {@code reachable}/{@code unreachable} (check), or {@code error} when the call threw (invalid input included)
 * @param error the simple class name of what the call threw (for example {@code InvalidInputException},
 *     {@code BackendUnavailableException}) when the outcome is {@code error}; empty otherwise
 * @param duration how long the call took in the checking layer, validation included
 */
public record OperationEvent(
        String driver,
        String contract,
        String operation,
        Optional<String> requestKind,
        String outcome,
        Optional<String> error,
        Duration duration) {

    /** Validates that no part is null. */
    public OperationEvent {
        Objects.requireNonNull(driver, "driver");
        Objects.requireNonNull(contract, "contract");
        Objects.requireNonNull(operation, "operation");
        Objects.requireNonNull(requestKind, "requestKind");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(error, "error");
        Objects.requireNonNull(duration, "duration");
    }
}
