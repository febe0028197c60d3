package com.example.tidemark.sqlite;

import io.tidemark.BackendConfig;
import io.tidemark.spi.Checked;
import io.tidemark.tck.TckCapability;
import io.tidemark.tck.WatermarkStoreTck;
import io.tidemark.watermark.WatermarkStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tidemark's W rules against the SQLite backend: subclass, give a fresh config, declare capabilities. For FAULTS
 * the handles opened here talk to SQLite through {@link LostReplies}, behind the checking layer (as discovery would
 * put them); child JVMs open the store through discovery.
 */
class SqliteWatermarkStoreTckTest extends WatermarkStoreTck {
  @TempDir
  Path tmp;
  private final LostReplies wire = new LostReplies();

  @Override
  protected BackendConfig newStoreConfig() {
    try {
      return BackendConfig.of("sqlite", Map.of("path", Files.createTempFile(tmp, "marks", ".db").toString()));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Override
  protected WatermarkStore open(BackendConfig config) {
    return Checked.watermarkStore(new SqliteWatermarkStore(Database.open(config.path("path").orElseThrow(),
        wire::wrap)));
  }

  @Override
  protected Set<TckCapability> capabilities() {
    return EnumSet.of(TckCapability.DURABLE, TckCapability.MULTI_PROCESS, TckCapability.FAULTS);
  }

  @Override
  protected void loseNextReply() {
    wire.loseNextReply();
  }
}
