package io.tidemark.tck;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * The guard of a {@link Scratch} view, for keys or aliases alike: only names starting with the prefix pass; the
 * first write to a name the store already holds is refused; every name written is remembered for the clean-up.
 *
 * @param <K> a watermark key or a ledger alias
 */
final class ScratchNames<K> {
    private final String prefix;
    private final String what;
    private final Function<K, String> name;
    private final Predicate<K> stored;
    private final Set<K> written = ConcurrentHashMap.newKeySet();
    private final ConcurrentHashMap<K, Boolean> checked = new ConcurrentHashMap<>();

    /**
     * @param what "key" or "alias", for messages
     * @param name the part of a name that must start with the prefix
     * @param stored whether the store already holds the name
     */
    ScratchNames(String prefix, String what, Function<K, String> name, Predicate<K> stored) {
        this.prefix = prefix;
        this.what = what;
        this.name = name;
        this.stored = stored;
    }

    String prefix() {
        return prefix;
    }

    /** Whether {@code k} is a scratch name. */
    boolean isScratch(K k) {
        return name.apply(k).startsWith(prefix);
    }

    /** {@code k} if it is a scratch name (null passes, for the store to reject); else refuses the call. */
    K scratch(K k) {
        if (k != null && !isScratch(k)) {
            throw new IllegalStateException("refused: " + what + " " + k + " is outside the scratch prefix " + prefix);
        }
        return k;
    }

    /** Before the first write to {@code k}: refuses it if the store already holds it; records it. */
    K writing(K k) {
        if (scratch(k) != null) {
            checked.computeIfAbsent(k, x -> {
                if (stored.test(x)) {
                    throw new IllegalStateException(
                            "refused: scratch " + what + " " + x + " already exists in the store");
                }
                return true;
            });
            written.add(k);
        }
        return k;
    }

    /** Removes every name written with {@code remove}; the failures, one line each. */
    List<String> removeWritten(String verb, Consumer<K> remove) {
        List<String> failures = new ArrayList<>();
        for (K k : written) {
            try {
                remove.accept(k);
            } catch (RuntimeException e) {
                failures.add(verb + " " + k + ": " + e.getMessage());
            }
        }
        return failures;
    }
}
