package io.tidemark.backend.file;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The file backend's way to lose a reply (TCK capability FAULTS): once armed, the next update is applied and synced
 * in full, and then its final directory sync reports an I/O error, so the call cannot know it succeeded. The store
 * must answer {@code OutcomeUnknownException} (or the true outcome) and must not apply anything twice. Arming lasts
 * for one call on the wrapped store, whether or not that call wrote anything.
 */
final class LostReplies extends ForwardingDisk {
    private volatile boolean armed;

    LostReplies() {
        super(RealDisk.INSTANCE);
    }

    void arm() {
        armed = true;
    }

    @Override
    public void sync(Path path) throws IOException {
        super.sync(path);
        if (armed && Files.isDirectory(path)) {
            armed = false;
            throw new IOException("the reply was lost after the change was made durable (simulated)");
        }
    }

    /** {@code store}, disarming after every call made on it. */
    @SuppressWarnings("unchecked")
    <T> T disarmingAfterEachCall(Class<T> type, T store) {
        return (T) Proxy.newProxyInstance(type.getClassLoader(), new Class<?>[] {type}, (proxy, method, args) -> {
            try {
                return method.invoke(store, args);
            } catch (InvocationTargetException e) {
                throw e.getCause();
            } finally {
                armed = false;
            }
        });
    }
}
