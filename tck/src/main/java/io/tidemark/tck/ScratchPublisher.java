package io.tidemark.tck;

import io.tidemark.publisher.CasResult;
import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.NsRecord;
import io.tidemark.publisher.PublishResult;
import io.tidemark.publisher.Publisher;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/** A live {@link Publisher} seen through {@link Scratch}: only aliases whose ledger name starts with the prefix. */
final class ScratchPublisher implements Publisher, Scratch.ScratchView {
    private final Publisher publisher;
    private final String prefix;
    private final Set<LedgerAlias> written = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<LedgerAlias, Boolean> checked = new ConcurrentHashMap<>();

    ScratchPublisher(Publisher publisher, String prefix) {
        this.publisher = publisher;
        this.prefix = prefix;
    }

    /** {@code alias} if it is a scratch alias (null passes, for the store to reject); else refuses the call. */
    private LedgerAlias scratch(LedgerAlias alias) {
        if (alias != null && !alias.name().startsWith(prefix)) {
            throw new IllegalStateException("refused: alias " + alias + " is outside the scratch prefix " + prefix);
        }
        return alias;
    }

    /** Before the first write to {@code alias}: refuses it if the store already holds it; records it. */
    private LedgerAlias writing(LedgerAlias alias) {
        if (scratch(alias) != null) {
            checked.computeIfAbsent(alias, a -> {
                if (publisher.lookup(a).isPresent()) {
                    throw new IllegalStateException("refused: scratch alias " + a + " already exists in the store");
                }
                return true;
            });
            written.add(alias);
        }
        return alias;
    }

    @Override
    public PublishResult publishCommit(LedgerAlias alias, String address, long t) {
        return publisher.publishCommit(writing(alias), address, t);
    }

    @Override
    public PublishResult publishIndex(LedgerAlias alias, String address, long t) {
        return publisher.publishIndex(writing(alias), address, t);
    }

    @Override
    public Optional<NsRecord> retract(LedgerAlias alias) {
        return publisher.retract(writing(alias));
    }

    @Override
    public CasResult pushStatus(LedgerAlias alias, long expectedV, String state, Map<String, Object> meta) {
        return publisher.pushStatus(writing(alias), expectedV, state, meta);
    }

    @Override
    public CasResult pushConfig(
            LedgerAlias alias, long expectedV, Map<String, Object> meta, Optional<String> defaultContextAddress) {
        return publisher.pushConfig(writing(alias), expectedV, meta, defaultContextAddress);
    }

    @Override
    public boolean delete(LedgerAlias alias) {
        return publisher.delete(writing(alias));
    }

    @Override
    public Optional<NsRecord> lookup(LedgerAlias alias) {
        return publisher.lookup(scratch(alias));
    }

    @Override
    public Stream<NsRecord> allRecords() {
        return publisher.allRecords().filter(r -> r.alias().name().startsWith(prefix));
    }

    /** Refused: the store belongs to the caller, who closes it after the clean-up (rules W17 and P21 skip). */
    @Override
    public void close() {
        throw new RuleSkipped("a live store checked on scratch names is closed by its owner, not by a rule");
    }

    @Override
    public List<String> removeWritten() {
        List<String> failures = new ArrayList<>();
        for (LedgerAlias alias : written) {
            try {
                publisher.delete(alias);
            } catch (RuntimeException e) {
                failures.add("delete " + alias + ": " + e.getMessage());
            }
        }
        return failures;
    }

    @Override
    public String toString() {
        return publisher + " (scratch aliases " + prefix + "*)";
    }
}
