package io.tidemark.backend.dynamodb;

import io.tidemark.spi.BackendConfig;
import io.tidemark.tck.TckCapability;
import io.tidemark.tck.WatermarkStoreTck;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every W rule against the real DynamoDB Local over HTTP. Durable: the table outlives the store object.
 * Multi-process: child JVMs reach the same server over loopback.
 */
@ExtendWith(DynamoDbLocal.class)
class DynamoDbWatermarkStoreTckTest extends WatermarkStoreTck {
  @Override
  protected BackendConfig newStoreConfig() {
    return BackendConfig.of("aws", DynamoDbLocal.watermarkSettings(DynamoDbLocal.freshTable("watermark")));
  }

  @Override
  protected Set<TckCapability> capabilities() {
    return EnumSet.allOf(TckCapability.class);
  }
}
