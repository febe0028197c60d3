package io.tidemark.backend.dynamodb;

import com.google.auto.service.AutoService;
import io.tidemark.publisher.Publisher;
import io.tidemark.BackendConfig;
import io.tidemark.spi.BackendProvider;
import io.tidemark.watermark.WatermarkStore;
import java.util.Set;

/**
 * Driver {@code aws} (alias {@code dynamodb}). Each contract takes the keys of its source guide:
 * <ul>
 *   <li>Publisher: {@code dynamodbTable} (required), {@code dynamodbRegion} (default {@code us-east-1}),
 *       {@code dynamodbEndpoint}, {@code dynamodbTimeoutMs} (default 5000, the API call timeout),
 *       {@code create_table} (default false: operators create the table; ignored when
 *       {@link BackendConfig#create() create() == false}).</li>
 *   <li>WatermarkStore: {@code region} (required), {@code table} (default {@code watermark}), {@code endpoint},
 *       {@code timeout_ms} (default 5000). The table is created at open if missing, unless the config says
 *       {@link BackendConfig#create() create() == false}.</li>
 *   <li>Both: {@code access_key_id} + {@code secret_access_key} (+ {@code session_token}); without them the SDK's
 *       default credential chain (environment, profile, instance role) is used.</li>
 * </ul>
 */
@AutoService(BackendProvider.class)
public final class DynamoDbBackendProvider implements BackendProvider {
  static final Set<String> CREDENTIAL_KEYS = Set.of("access_key_id", "secret_access_key", "session_token");
  static final Set<String> PUBLISHER_KEYS = union(Set.of("dynamodbTable", "dynamodbRegion", "dynamodbEndpoint", "dynamodbTimeoutMs", "create_table"));
  static final Set<String> WATERMARK_KEYS = union(Set.of("region", "table", "endpoint", "timeout_ms"));
  static final Connection.Keys PUBLISHER = new Connection.Keys("dynamodbTable", "dynamodbRegion", "us-east-1",
      "dynamodbEndpoint", "dynamodbTimeoutMs");
  static final Connection.Keys WATERMARK = new Connection.Keys("table", "region", null, "endpoint", "timeout_ms");

  private static Set<String> union(Set<String> keys) {
    java.util.Set<String> all = new java.util.HashSet<>(keys);
    all.addAll(CREDENTIAL_KEYS);
    return Set.copyOf(all);
  }

  @Override
  public String driver() {
    return "aws";
  }

  @Override
  public Set<String> aliases() {
    return Set.of("dynamodb");
  }

  @Override
  public Publisher openPublisher(BackendConfig config) {
    config.requireOnly(PUBLISHER_KEYS);
    boolean createTable = config.bool("create_table", false) && config.create();
    return DynamoDbPublisher.open(Connection.from(config, PUBLISHER, null), createTable);
  }

  @Override
  public WatermarkStore openWatermarkStore(BackendConfig config) {
    config.requireOnly(WATERMARK_KEYS);
    return DynamoDbWatermarkStore.open(Connection.from(config, WATERMARK, "watermark"), config.create());
  }
}
