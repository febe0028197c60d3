package io.tidemark.backend.jdbc;

import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A lazy stream over a table in primary-key order, one query per page of {@link #SIZE} rows ("keyset" paging: each
 * page starts after the last key of the one before, so a row is never returned twice and no cursor or transaction is
 * held between pages). Rows written while the stream is read may or may not appear.
 */
final class Pages {
    /** Rows per page. */
    static final int SIZE = 1000;

    private Pages() {}

    /**
     * The stream of every row; {@code fetch} returns up to {@link #SIZE} rows after the given one (from the start when
     * empty), in key order.
     */
    static <T> Stream<T> stream(Function<Optional<T>, List<T>> fetch) {
        Iterator<T> it = new Iterator<>() {
            private List<T> page;
            private int next;

            @Override
            public boolean hasNext() {
                if (page == null) {
                    page = fetch.apply(Optional.empty());
                } else if (next == page.size() && page.size() == SIZE) {
                    page = fetch.apply(Optional.of(page.get(page.size() - 1)));
                    next = 0;
                }
                return next < page.size();
            }

            @Override
            public T next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                return page.get(next++);
            }
        };
        return StreamSupport.stream(
                Spliterators.spliteratorUnknownSize(it, Spliterator.ORDERED | Spliterator.NONNULL), false);
    }
}
