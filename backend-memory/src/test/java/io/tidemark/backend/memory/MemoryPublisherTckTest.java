package io.tidemark.backend.memory;

import io.tidemark.BackendConfig;
import io.tidemark.publisher.LedgerAlias;
import io.tidemark.publisher.NsRecord;
import io.tidemark.publisher.Publisher;
import io.tidemark.spi.Checked;
import io.tidemark.tck.PublisherTck;
import io.tidemark.tck.TckCapability;
import java.lang.reflect.Field;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

/**
 * The memory backend against every P rule. Durable, multi-process and fault rules skip: it is none of these (a
 * call in one JVM has no reply to lose). It is watched (P31-P34, P36; P35 needs another process).
 */
class MemoryPublisherTckTest extends PublisherTck {
    /** The backend behind the publisher under test, for {@link #plantRecord}. */
    private MemoryPublisher backend;

    @Override
    protected BackendConfig newStoreConfig() {
        return BackendConfig.of("memory", Map.of());
    }

    /**
     * Opens the backend behind the checking layer with the TCK's clock, as discovery does (which {@code DiscoveryTest}
     * covers), keeping the backend for {@link #plantRecord}.
     */
    @Override
    protected Publisher open(BackendConfig config) {
        backend = new MemoryPublisher();
        return Checked.publisher(backend, config.clock());
    }

    @Override
    protected Set<TckCapability> capabilities() {
        return EnumSet.of(TckCapability.WATCH);
    }

    /**
     * The memory store has no storage outside the object, so no other tool can write it: the record goes straight
     * into the backend's map (by reflection, this being a test), which is what P28 needs to put a version at the top.
     */
    @Override
    protected void plantRecord(NsRecord record) {
        try {
            Field records = MemoryPublisher.class.getDeclaredField("records");
            records.setAccessible(true);
            @SuppressWarnings("unchecked")
            Map<LedgerAlias, NsRecord> map = (Map<LedgerAlias, NsRecord>) records.get(backend);
            map.put(record.alias(), record);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("MemoryPublisher no longer keeps its records in the field 'records'", e);
        }
    }
}
