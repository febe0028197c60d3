package io.tidemark.backend.file;

import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.Publisher;
import java.nio.file.Path;

/**
 * A child JVM for {@link AttackOtherProcessTest}: publishes commits {@code 2 .. args[1]} of {@code args[2]} in the
 * file store at {@code args[0]} (each an in-place slot write: the record exists), then prints {@code DONE}.
 */
public final class AttackNsChild {
    public static void main(String[] args) {
        LedgerAlias alias = LedgerAlias.parse(args[2]);
        try (Publisher ns = FilePublisher.open(Path.of(args[0]), true)) {
            for (long t = 2; t <= Long.parseLong(args[1]); t++) {
                ns.publishCommit(alias, "c" + t, t);
            }
        }
        System.out.println("DONE");
    }
}
