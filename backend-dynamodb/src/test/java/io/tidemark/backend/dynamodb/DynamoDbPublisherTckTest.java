package io.tidemark.backend.dynamodb;

import io.tidemark.spi.BackendConfig;
import io.tidemark.tck.PublisherTck;
import io.tidemark.tck.TckCapability;
import java.util.EnumSet;
import java.util.Set;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every P rule against the real DynamoDB Local over HTTP, durable and multi-process rules included. */
@ExtendWith(DynamoDbLocal.class)
class DynamoDbPublisherTckTest extends PublisherTck {
  @Override
  protected BackendConfig newStoreConfig() {
    return BackendConfig.of("dynamodb", DynamoDbLocal.publisherSettings(DynamoDbLocal.freshTable("fluree-nameservice")));
  }

  @Override
  protected Set<TckCapability> capabilities() {
    return EnumSet.allOf(TckCapability.class);
  }
}
