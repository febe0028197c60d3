package io.tidemark.cli;

import io.tidemark.cli.Common.Access;
import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.NsChange;
import io.tidemark.publisher.Publisher;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code tidemark ns watch [ALIAS]}: one line (or JSON object) per applied change, from the moment it prints
 * {@code watching ...} on standard error until interrupted, until {@code --count} changes, or until the store fails.
 */
@Command(
        name = "watch",
        mixinStandardHelpOptions = true,
        description = {
            "Print one line per applied change of ALIAS (or of every alias) until interrupted (Ctrl-C).",
            "Changes applied while a line is being printed may be folded into one line per alias; the last line of an"
                    + " alias always shows its latest record."
        })
final class NsWatch implements Callable<Integer> {
    @Mixin
    Common common;

    @Parameters(index = "0", arity = "0..1", paramLabel = "ALIAS", description = "name or name:branch; all if absent")
    String alias;

    @Option(names = "--count", paramLabel = "N", description = "Stop after N changes (default: never).")
    long count = Long.MAX_VALUE;

    /** What the subscriber hands to the printing thread: a change, or the end of the watch. */
    private sealed interface Signal {}

    private record Next(NsChange change) implements Signal {}

    private record End(Throwable error) implements Signal {}

    @Override
    public Integer call() throws InterruptedException {
        if (count <= 0) {
            throw new picocli.CommandLine.ParameterException(
                    common.spec.commandLine(), "--count must be positive, got " + count);
        }
        return common.withPublisher(Access.EXISTING, p -> {
            try {
                return watch(p);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return TidemarkCli.ERROR;
            }
        });
    }

    private int watch(Publisher p) throws InterruptedException {
        BlockingQueue<Signal> signals = new LinkedBlockingQueue<>();
        Flow.Subscription[] subscription = new Flow.Subscription[1];
        Flow.Publisher<NsChange> watch = alias == null ? p.watchAll() : p.watch(LedgerAlias.parse(alias));
        watch.subscribe(new Flow.Subscriber<>() {
            @Override
            public void onSubscribe(Flow.Subscription s) {
                subscription[0] = s;
            }

            @Override
            public void onNext(NsChange item) {
                signals.add(new Next(item));
            }

            @Override
            public void onError(Throwable t) {
                signals.add(new End(t));
            }

            @Override
            public void onComplete() {
                signals.add(new End(null));
            }
        });
        common.spec.commandLine().getErr().println("watching " + (alias == null ? "every alias" : alias) + " of " + p);
        common.spec.commandLine().getErr().flush();
        subscription[0].request(1);
        for (long seen = 0; seen < count; seen++) {
            Signal s = signals.take();
            if (s instanceof End e) {
                if (e.error() instanceof RuntimeException re) {
                    throw re;
                }
                return e.error() == null ? TidemarkCli.OK : TidemarkCli.ERROR;
            }
            common.out().println(render(((Next) s).change(), common.json));
            common.out().flush();
            if (seen + 1 < count) {
                subscription[0].request(1);
            }
        }
        subscription[0].cancel();
        return TidemarkCli.OK;
    }

    /**
     * One change: {@code COMMIT mydb:main status ready (v1) commit t 5 ...} ({@code DELETE mydb:main} once gone),
     * or with {@code --json} {@code {"outcome": "commit", "kinds": ["commit"], "alias": ..., "current": {...}}}: the
     * outcome is the kind of change in lower case, as every JSON outcome is, or {@code changed} when several kinds
     * were folded into one event.
     */
    static String render(NsChange c, boolean json) {
        if (json) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("outcome", c.kinds().size() == 1 ? lower(c.kinds().iterator().next()) : "changed");
            o.put("kinds", c.kinds().stream().map(NsWatch::lower).toList());
            o.put("alias", c.alias().toString());
            c.before().ifPresent(r -> o.put("previous", JsonText.record(r)));
            c.after().ifPresent(r -> o.put("current", JsonText.record(r)));
            return JsonText.write(o);
        }
        String kinds = c.kinds().stream().map(Enum::name).collect(Collectors.joining("+"));
        return kinds + " "
                + c.after().map(r -> Render.record(r, false)).orElse(c.alias().toString());
    }

    private static String lower(NsChange.Kind k) {
        return k.name().toLowerCase(java.util.Locale.ROOT);
    }
}
