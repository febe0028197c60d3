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

  /** Driver {@code dirstore}: a directory names the store; a table name too, for watermark stores only. */
  public static final class DirStore implements BackendProvider {
    @Override
    public String driver() {
      return "dirstore";
    }

    @Override
    public List<ConfigKey> keys() {
      return List.of(ConfigKey.path("dir", "where the store lives").withIdentity(),
          ConfigKey.text("table", "table of marks").withDefault("marks").withIdentity().forWatermarkOnly(),
          ConfigKey.bool("fsync", "whether to sync").withDefault(true));
    }

    @Override
    public PublisherBackend openPublisher(BackendConfig config) {
      throw new UnsupportedOperationException("describes keys only");
    }

    @Override
    public WatermarkBackend openWatermarkStore(BackendConfig config) {
      throw new UnsupportedOperationException("describes keys only");
    }
  }

  /** Driver {@code otherdir}: the same keys as {@link DirStore}, another backend. */
  public static final class OtherDir implements BackendProvider {
    private final DirStore keys = new DirStore();

    @Override
    public String driver() {
      return "otherdir";
    }

    @Override
    public List<ConfigKey> keys() {
      return keys.keys();
    }

    @Override
    public PublisherBackend openPublisher(BackendConfig config) {
      throw new UnsupportedOperationException("describes keys only");
    }

    @Override
    public WatermarkBackend openWatermarkStore(BackendConfig config) {
      throw new UnsupportedOperationException("describes keys only");
    }
  }

  /** Driver {@code scratch}: no identity keys, so every open is its own store (as the memory backend). */
  public static final class Scratch implements BackendProvider {
    @Override
    public String driver() {
      return "scratch";
    }

    @Override
    public List<ConfigKey> keys() {
      return List.of(ConfigKey.text("label", "a name for logs"));
    }

    @Override
    public PublisherBackend openPublisher(BackendConfig config) {
      throw new UnsupportedOperationException("describes keys only");
    }

    @Override
    public WatermarkBackend openWatermarkStore(BackendConfig config) {
      throw new UnsupportedOperationException("describes keys only");
    }
  }
}
