package io.tidemark.discovery;

import io.tidemark.BackendConfig;
import io.tidemark.spi.BackendProvider;
import io.tidemark.spi.ConfigKey;
import io.tidemark.spi.PublisherBackend;
import io.tidemark.spi.WatermarkBackend;
import java.util.List;

/** Test backends that only describe keys, for {@link SameStoreTest}; they open nothing. */
final class SameStoreProviders {
    private SameStoreProviders() {}

    /** A provider that describes its keys and opens nothing. */
    abstract static class KeysOnly implements BackendProvider {
        @Override
        public PublisherBackend openPublisher(BackendConfig config) {
            throw new UnsupportedOperationException("describes keys only");
        }

        @Override
        public WatermarkBackend openWatermarkStore(BackendConfig config) {
            throw new UnsupportedOperationException("describes keys only");
        }
    }

    /** Driver {@code dirstore}: a directory names the store; a table name too, for watermark stores only. */
    public static final class DirStore extends KeysOnly {
        @Override
        public String driver() {
            return "dirstore";
        }

        @Override
        public List<ConfigKey> keys() {
            return List.of(
                    ConfigKey.path("dir", "where the store lives").withIdentity(),
                    ConfigKey.text("table", "table of marks")
                            .withDefault("marks")
                            .withIdentity()
                            .forWatermarkOnly(),
                    ConfigKey.bool("fsync", "whether to sync").withDefault(true));
        }
    }

    /** Driver {@code otherdir}: the same keys as {@link DirStore}, another backend. */
    public static final class OtherDir extends KeysOnly {
        private final DirStore keys = new DirStore();

        @Override
        public String driver() {
            return "otherdir";
        }

        @Override
        public List<ConfigKey> keys() {
            return keys.keys();
        }
    }

    /** Driver {@code scratch}: no identity keys, so every open is its own store (as the memory backend). */
    public static final class Scratch extends KeysOnly {
        @Override
        public String driver() {
            return "scratch";
        }

        @Override
        public List<ConfigKey> keys() {
            return List.of(ConfigKey.text("label", "a name for logs"));
        }
    }
}
