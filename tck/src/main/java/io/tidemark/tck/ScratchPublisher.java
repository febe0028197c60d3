package io.tidemark.tck;

import io.tidemark.Health;
import io.tidemark.publisher.CasResult;
import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.NsChange;
import io.tidemark.publisher.NsRecord;
import io.tidemark.publisher.PublishResult;
import io.tidemark.publisher.Publisher;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Flow;
import java.util.stream.Stream;

/** A live {@link Publisher} seen through {@link Scratch}: only aliases whose ledger name starts with the prefix. */
final class ScratchPublisher implements Publisher, Scratch.ScratchView {
    private final Publisher publisher;
    private final ScratchNames<LedgerAlias> names;

    ScratchPublisher(Publisher publisher, String prefix) {
        this.publisher = publisher;
        this.names = new ScratchNames<>(
                prefix, "alias", LedgerAlias::name, a -> publisher.lookup(a).isPresent());
    }

    private LedgerAlias scratch(LedgerAlias k) {
        return names.scratch(k);
    }

    private LedgerAlias writing(LedgerAlias k) {
        return names.writing(k);
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
        return publisher.allRecords().filter(r -> names.isScratch(r.alias()));
    }

    /** The live store's check: it has no side effects, so nothing to keep apart. */
    @Override
    public Health check() {
        return publisher.check();
    }

    @Override
    public Flow.Publisher<NsChange> watch(LedgerAlias alias) {
        return publisher.watch(scratch(alias));
    }

    /** Refused: a watch of everything would show the user's aliases (the watch rules need a store of their own). */
    @Override
    public Flow.Publisher<NsChange> watchAll() {
        throw new RuleSkipped("a live store checked on scratch names is not watched as a whole");
    }

    /** Refused: the store belongs to the caller, who closes it after the clean-up (rules W17 and P21 skip). */
    @Override
    public void close() {
        throw new RuleSkipped("a live store checked on scratch names is closed by its owner, not by a rule");
    }

    @Override
    public List<String> removeWritten() {
        return names.removeWritten("delete", publisher::delete);
    }

    @Override
    public String toString() {
        return publisher + " (scratch aliases " + names.prefix() + "*)";
    }
}
