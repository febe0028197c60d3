package com.example.tidemark.sqlite;

import io.tidemark.publisher.NsRecord;
import io.tidemark.publisher.Publisher;
import io.tidemark.BackendConfig;
import io.tidemark.spi.Checked;
import io.tidemark.tck.PublisherTck;
import io.tidemark.tck.TckCapability;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tidemark's P rules against the SQLite backend: subclass, give a fresh config, declare capabilities. For FAULTS
 * the handles opened here talk to SQLite through {@link LostReplies}, behind the checking layer with the TCK's clock
 * (as discovery would put them); child JVMs open the store through discovery.
 */
class SqlitePublisherTckTest extends PublisherTck {
  @TempDir
  Path tmp;
  private final LostReplies wire = new LostReplies();

  @Override
  protected BackendConfig newStoreConfig() {
    try {
      return BackendConfig.of("sqlite", Map.of("path", Files.createTempFile(tmp, "ns", ".db").toString()));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Override
  protected Publisher open(BackendConfig config) {
    return Checked.publisher(new SqlitePublisher(Database.open(config.path("path").orElseThrow(), wire::wrap)),
        config.clock());
  }

  @Override
  protected Set<TckCapability> capabilities() {
    return EnumSet.of(TckCapability.DURABLE, TckCapability.MULTI_PROCESS, TckCapability.FAULTS);
  }

  @Override
  protected void loseNextReply() {
    wire.loseNextReply();
  }

  /** A raw row written on its own connection, as another tool would write the table. */
  @Override
  protected void plantRecord(NsRecord r) {
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + config.path("path").orElseThrow());
        PreparedStatement s = c.prepareStatement("INSERT OR REPLACE INTO nameservice (ledger_alias, ledger_name,"
            + " branch, commit_address, commit_t, index_address, index_t, default_context_address, status, updated_at,"
            + " status_v, status_meta, config_v, config_meta) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      s.setString(1, r.alias().toString());
      s.setString(2, r.ledgerName());
      s.setString(3, r.branch());
      s.setObject(4, r.commitAddress().orElse(null));
      s.setObject(5, r.commitT().isPresent() ? r.commitT().getAsLong() : null);
      s.setObject(6, r.indexAddress().orElse(null));
      s.setObject(7, r.indexT().isPresent() ? r.indexT().getAsLong() : null);
      s.setObject(8, r.defaultContextAddress().orElse(null));
      s.setString(9, r.status());
      s.setLong(10, r.updatedAt());
      s.setLong(11, r.statusV());
      s.setString(12, Meta.write(r.statusMeta()));
      s.setLong(13, r.configV());
      s.setString(14, Meta.write(r.configMeta()));
      s.executeUpdate();
    } catch (SQLException e) {
      throw new AssertionError("could not plant " + r.alias() + ": " + e.getMessage(), e);
    }
  }
}
