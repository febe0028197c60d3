package io.tidemark.tck;

/**
 * Optional capabilities a backend declares to the TCK ({@code capabilities()} of a suite). Rules that need a
 * capability the backend does not declare are skipped with the reason, never passed silently.
 */
public enum TckCapability {
    /** Data survives close and reopen on the same configuration (rules W18, P22). */
    DURABLE("data lives only as long as the store object"),
    /**
     * Several JVM processes opening the same configuration share one store (rules W19, W21, P23, P26). The TCK
     * starts child JVMs with this JVM's class path and opens the store there with {@code Tidemark} and the same
     * config.
     */
    MULTI_PROCESS("no store shared between JVMs"),
    /**
     * The backend's test can lose the reply to the next call after the store applied it (rules W22, P27): it
     * overrides {@code loseNextReply()} of the suite, for example with a TCP proxy that forwards the next request
     * and then drops the connection or answers a server error.
     */
    FAULTS("its test cannot lose a reply"),
    /**
     * The backend's watch ({@code Publisher.watch}/{@code watchAll}) delivers every applied change (rules P31-P36):
     * the checking layer provides it for every backend; declare it once the backend's change signal and polling
     * interval make the rules pass within their deadline. P35 also needs {@link #MULTI_PROCESS}.
     */
    WATCH("its watch is not checked");

    private final String without;

    TckCapability(String without) {
        this.without = without;
    }

    /** Why a rule needing this capability is skipped: "backend does not declare DURABLE (...)". */
    public String skipReason() {
        return "backend does not declare " + name() + " (" + without + ")";
    }
}
