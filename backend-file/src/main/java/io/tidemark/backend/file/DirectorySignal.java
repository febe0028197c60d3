package io.tidemark.backend.file;

import io.tidemark.BackendUnavailableException;
import io.tidemark.spi.ChangeSignal;
import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The file publisher's {@link ChangeSignal}: a {@link WatchService} on the store directory wakes the watchers when a
 * record file is created, written or removed there, by this process or another one. It relies on no particular kind
 * of event (a rename, an in-place write): any event on a file other than a lock file wakes. Where the file system
 * does not report changes (network file systems; some platforms' watch services only poll), the watchers' poll
 * every {@link #POLL} finds them.
 */
final class DirectorySignal implements ChangeSignal {
    private static final Logger LOG = LoggerFactory.getLogger(DirectorySignal.class);
    /** The longest time between two reads when the file system says nothing. */
    static final Duration POLL = Duration.ofSeconds(2);

    private final Path dir;

    DirectorySignal(Path dir) {
        this.dir = dir;
    }

    @Override
    public Duration pollInterval() {
        return POLL;
    }

    @Override
    public Stop start(Runnable wake) {
        WatchService service;
        try {
            service = dir.getFileSystem().newWatchService();
            dir.register(
                    service,
                    StandardWatchEventKinds.ENTRY_CREATE,
                    StandardWatchEventKinds.ENTRY_MODIFY,
                    StandardWatchEventKinds.ENTRY_DELETE);
        } catch (IOException | UnsupportedOperationException e) {
            throw new BackendUnavailableException("cannot watch " + dir + " for changes: " + e, e);
        }
        Thread t = new Thread(() -> relay(service, wake), "tidemark-watch-dir " + dir);
        t.setDaemon(true);
        t.start();
        return () -> {
            try {
                service.close();
            } catch (IOException e) {
                LOG.debug("closing the watch service of {}: {}", dir, e.toString());
            }
        };
    }

    /** Wakes on every batch of events that names a file other than a lock file, or reports an overflow. */
    private void relay(WatchService service, Runnable wake) {
        try {
            while (true) {
                WatchKey key = service.take();
                boolean relevant = false;
                for (WatchEvent<?> e : key.pollEvents()) {
                    relevant |= !(e.context() instanceof Path p && p.toString().endsWith(FileNames.LOCK));
                }
                if (relevant) {
                    wake.run();
                }
                if (!key.reset()) {
                    LOG.warn("{} can no longer be watched (removed?); watchers poll every {}", dir, POLL);
                    return;
                }
            }
        } catch (ClosedWatchServiceException e) {
            // stopped
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return "watch service on " + dir + ", polling every " + POLL.toSeconds() + " s";
    }
}
