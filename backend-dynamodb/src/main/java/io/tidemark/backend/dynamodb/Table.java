package io.tidemark.backend.dynamodb;

import io.tidemark.TidemarkException;
import java.util.Iterator;
import java.util.Map;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/**
 * One table through one client: the request helpers both stores share. Every call maps SDK faults with
 * {@link Errors}; a failed condition yields the stored item from {@code ALL_OLD}, or (on servers that ignore
 * that option) from one strongly consistent {@code GetItem}.
 */
final class Table {
  /** Items per scan page: small enough that big tables page, large enough to be cheap. */
  static final int PAGE_SIZE = 1_000;

  final DynamoDbClient client;
  final Connection connection;
  private final String createCommand;

  Table(DynamoDbClient client, Connection connection, String createCommand) {
    this.client = client;
    this.connection = connection;
    this.createCommand = createCommand;
  }

  String name() {
    return connection.table();
  }

  /** Runs {@code call}, mapping SDK faults; {@code what} names the operation and key. */
  <T> T call(String what, Supplier<T> call) {
    try {
      return call.get();
    } catch (ConditionalCheckFailedException e) {
      throw e;
    } catch (SdkException e) {
      throw Errors.map(what, connection, createCommand, e);
    }
  }

  /** The stored item after a failed condition: from the exception, else one consistent read. */
  Map<String, AttributeValue> oldItem(String what, ConditionalCheckFailedException e, Map<String, AttributeValue> key) {
    if (e.hasItem() && !e.item().isEmpty()) {
      return e.item();
    }
    return get(what, key);
  }

  /** A strongly consistent {@code GetItem}; an empty map if absent. */
  Map<String, AttributeValue> get(String what, Map<String, AttributeValue> key) {
    return call(what, () -> client.getItem(GetItemRequest.builder().tableName(name()).key(key).consistentRead(true).build()).item());
  }

  /** {@code DeleteItem}; true if an item was there. */
  boolean delete(String what, Map<String, AttributeValue> key) {
    Map<String, AttributeValue> old = call(what, () -> client.deleteItem(software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest
        .builder().tableName(name()).key(key).returnValues(software.amazon.awssdk.services.dynamodb.model.ReturnValue.ALL_OLD).build()).attributes());
    return old != null && !old.isEmpty();
  }

  /** Every item, strongly consistent, {@link #PAGE_SIZE} per request, fetched lazily; faults mapped while iterating. */
  Stream<Map<String, AttributeValue>> scan(String what) {
    Iterator<Map<String, AttributeValue>> it = call(what, () -> client.scanPaginator(ScanRequest.builder().tableName(name())
        .consistentRead(true).limit(PAGE_SIZE).build()).items().iterator());
    Iterator<Map<String, AttributeValue>> mapped = new Iterator<>() {
      @Override
      public boolean hasNext() {
        return call(what, it::hasNext);
      }

      @Override
      public Map<String, AttributeValue> next() {
        return call(what, it::next);
      }
    };
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(mapped, Spliterator.ORDERED | Spliterator.NONNULL), false);
  }

  static TidemarkException gaveUp(String what, int attempts) {
    return new TidemarkException(what + ": gave up after " + attempts + " conditional attempts; the item keeps changing underneath");
  }
}
