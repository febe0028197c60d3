package io.tidemark.backend.file;

import io.tidemark.OutcomeUnknownException;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * The file backend's way to lose a reply (TCK capability FAULTS): once armed, the next update is applied and synced
 * in full, and then its last sync (the data sync of an in-place slot write, or the directory sync after a rename)
 * reports an I/O error, so the call cannot know it succeeded. The store must answer
 * {@code OutcomeUnknownException} (or the true outcome) and must not apply anything twice. A failed sync leaves the
 * handle refusing all work, so the wrapped store is then reopened, as that error tells an application to do; the
 * rules check the state through the reopened handle. Arming lasts for one call on the wrapped store, whether or not
 * that call wrote anything.
 */
final class LostReplies extends ForwardingDisk {
    private volatile boolean armed;

    LostReplies() {
        super(RealDisk.INSTANCE);
    }

    void arm() {
        armed = true;
    }

    private void lose() throws IOException {
        if (armed) {
            armed = false;
            throw new IOException("the reply was lost after the change was made durable (simulated)");
        }
    }

    @Override
    public void sync(Path path) throws IOException {
        super.sync(path);
        if (Files.isDirectory(path)) {
            lose();
        }
    }

    @Override
    public Overwrite overwrite(Path file) throws IOException {
        Overwrite real = super.overwrite(file);
        return new Overwrite() {
            @Override
            public void write(long offset, byte[] bytes) throws IOException {
                real.write(offset, bytes);
            }

            @Override
            public void syncData() throws IOException {
                real.syncData();
                lose();
            }

            @Override
            public void close() throws IOException {
                real.close();
            }
        };
    }

    /**
     * A store that forwards to {@code open.get()}, disarming after every call, and reopening (closing the old handle)
     * after a call that ended in {@link OutcomeUnknownException}.
     */
    @SuppressWarnings("unchecked")
    <T extends AutoCloseable> T disarmingAfterEachCall(Class<T> type, Supplier<T> open) {
        Object[] current = {open.get()};
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            try {
                return method.invoke(current[0], args);
            } catch (InvocationTargetException e) {
                if (e.getCause() instanceof OutcomeUnknownException) {
                    ((AutoCloseable) current[0]).close();
                    current[0] = open.get();
                }
                throw e.getCause();
            } finally {
                armed = false;
            }
        });
    }
}
