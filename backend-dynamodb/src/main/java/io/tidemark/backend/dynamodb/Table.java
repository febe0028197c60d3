package io.tidemark.backend.dynamodb;

import io.tidemark.StoreNotFoundException;
import io.tidemark.TidemarkException;
import java.util.Iterator;
import java.util.Map;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionalCheckFailedException;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ReturnValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/**
 * One table through one client: the request helpers both stores share. Reads map SDK faults with {@link Errors}.
 * Writes go through {@link #write}, which tells an applied write, a refused one (with the stored item from
 * {@code ALL_OLD}, or, on servers that ignore that option, from one strongly consistent {@code GetItem}) and one
 * whose reply was lost, and resends the identical request after a lost reply (a delete is never resent).
 */
final class Table {
  /** Items per scan page: small enough that big tables page, large enough to be cheap. */
  static final int PAGE_SIZE = 1_000;
  /** Sends of one identical write at most, when replies are lost (server error, dropped connection). */
  static final int SENDS = 3;

  final DynamoDbClient client;
  final Connection connection;
  private final String createCommand;
  private final String iamActions;
  private final AwsRequestOverrideConfiguration override;

  /**
   * @param iamActions the IAM actions the store needs, for access-denied messages
   * @param callerClient whether {@code client} was built by the caller: its requests then carry
   *     {@link Retries#REQUEST_OVERRIDE} (the backend's own clients are built with {@link Retries#STRATEGY})
   */
  Table(DynamoDbClient client, Connection connection, String createCommand, String iamActions, boolean callerClient) {
    this.client = client;
    this.connection = connection;
    this.createCommand = createCommand;
    this.iamActions = iamActions;
    this.override = callerClient ? Retries.REQUEST_OVERRIDE : null;
  }

  String name() {
    return connection.table();
  }

  String createCommand() {
    return createCommand;
  }

  String iamActions() {
    return iamActions;
  }

  /** {@code request} with the backend's retry strategy when the client is the caller's. */
  @SuppressWarnings("unchecked")
  <R extends DynamoDbRequest> R prepared(R request) {
    return override == null ? request : (R) request.toBuilder().overrideConfiguration(override).build();
  }

  /**
   * Runs a read (or a call that is safe to repeat), mapping SDK faults. A failure after sending (a server error, a
   * reset connection, say a pooled connection the server had closed) is retried here, up to {@link #SENDS} calls,
   * since the SDK retries only what was never sent ({@link Retries}); a timeout is not (the time budget is spent).
   */
  <T> T read(String what, Supplier<T> call) {
    for (int n = 1; ; n++) {
      try {
        return call.get();
      } catch (RuntimeException e) {
        if (!(e instanceof SdkException) && !Errors.isCredentialFailure(e)) {
          throw e;
        }
        if (n >= SENDS || !Errors.ambiguous(e) || Errors.isTimeout(e) || !pause(n)) {
          throw Errors.map(what, this, e);
        }
      }
    }
  }

  /** Runs one call without retrying it, mapping SDK faults (a scan page: its iterator is not to be re-entered). */
  private <T> T once(String what, Supplier<T> call) {
    try {
      return call.get();
    } catch (RuntimeException e) {
      if (e instanceof SdkException || Errors.isCredentialFailure(e)) {
        throw Errors.map(what, this, e);
      }
      throw e;
    }
  }

  /** What the server decided about one write. */
  sealed interface Reply<T> {
    /** Applied; {@code lost} is the failure of an earlier identical send whose reply was lost, or null. */
    record Applied<T>(T response, RuntimeException lost) implements Reply<T> {
      boolean afterLoss() {
        return lost != null;
      }
    }

    /** The condition failed; {@code stored} is the item then (empty if none); {@code lost} as for Applied. */
    record Refused<T>(Map<String, AttributeValue> stored, RuntimeException lost) implements Reply<T> {
      boolean afterLoss() {
        return lost != null;
      }
    }

    /** No reply could be had; the write may or may not have been applied. */
    record Lost<T>(RuntimeException cause) implements Reply<T> {}
  }

  /**
   * Sends a write (a conditional one with {@code ReturnValuesOnConditionCheckFailure.ALL_OLD}) up to {@code sends}
   * times: a lost reply (server error, connection failure after sending) is followed by the identical request,
   * unless the time budget is spent (a timeout). A failure that proves nothing was applied is mapped and thrown;
   * after a lost reply any failure is {@link io.tidemark.OutcomeUnknownException}.
   */
  <T> Reply<T> write(String what, Map<String, AttributeValue> key, Supplier<T> send, int sends) {
    RuntimeException lost = null;
    for (int n = 1; ; n++) {
      try {
        return new Reply.Applied<>(send.get(), lost);
      } catch (ConditionalCheckFailedException e) {
        return new Reply.Refused<>(storedAfter(what, e, key, lost), lost);
      } catch (RuntimeException e) {
        if (!(e instanceof SdkException) && !Errors.isCredentialFailure(e)) {
          throw e;
        }
        if (!Errors.ambiguous(e)) {
          if (lost != null) {
            throw Errors.unknown(what, connection, lost, "resending it failed too: " + e.getMessage());
          }
          throw Errors.map(what, this, e);
        }
        lost = e;
        if (n >= sends || Errors.isTimeout(e) || !pause(n)) {
          return new Reply.Lost<>(e);
        }
      }
    }
  }

  /** Jittered backoff before resend {@code n + 1}: 25, 50 ms ... ; false if interrupted. */
  private static boolean pause(int n) {
    try {
      long base = 25L << Math.min(n - 1, 4);
      Thread.sleep(base + ThreadLocalRandom.current().nextLong(base));
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** The stored item after a failed condition: from the exception, else one consistent read. */
  private Map<String, AttributeValue> storedAfter(String what, ConditionalCheckFailedException e,
      Map<String, AttributeValue> key, RuntimeException lost) {
    if (e.hasItem() && !e.item().isEmpty()) {
      return e.item();
    }
    if (lost == null) {
      return get(what, key);
    }
    try {
      return get(what, key);
    } catch (TidemarkException r) {
      throw Errors.unknown(what, connection, lost, "reading the item back failed too: " + r.getMessage());
    }
  }

  /** A strongly consistent {@code GetItem}; an empty map if absent. */
  Map<String, AttributeValue> get(String what, Map<String, AttributeValue> key) {
    GetItemRequest req = prepared(GetItemRequest.builder().tableName(name()).key(key).consistentRead(true).build());
    return read(what, () -> client.getItem(req).item());
  }

  /**
   * {@code DeleteItem}, sent once; true if an item was there. A delete is never resent after a lost reply: between the
   * applied first send and a resend another writer may create the item anew (and be told it was new), and the resend
   * would remove that item. Nor can a read tell "we removed it" from "it was never there (or another caller removed
   * it)". So a lost reply is {@link io.tidemark.OutcomeUnknownException}.
   */
  boolean delete(String what, Map<String, AttributeValue> key) {
    DeleteItemRequest req = prepared(DeleteItemRequest.builder().tableName(name()).key(key)
        .returnValues(ReturnValue.ALL_OLD).build());
    Reply<DeleteItemResponse> r = write(what, key, () -> client.deleteItem(req), 1);
    if (r instanceof Reply.Applied<DeleteItemResponse> a) {
      return a.response().hasAttributes() && !a.response().attributes().isEmpty();
    }
    throw Errors.unknown(what, connection, ((Reply.Lost<DeleteItemResponse>) r).cause(),
        "the key may or may not have been removed; a later get (watermark) or lookup (record) tells. "
        + "Not resent: a resend could remove an item another writer created after this delete");
  }

  /** One {@code DescribeTable}: checks the table and the credentials; false if the table does not exist. */
  boolean exists(String what) {
    DescribeTableRequest req = prepared(DescribeTableRequest.builder().tableName(name()).build());
    return read(what, () -> {
      try {
        client.describeTable(req);
        return true;
      } catch (ResourceNotFoundException e) {
        return false;
      }
    });
  }

  /** The missing table, with the command that creates it. */
  StoreNotFoundException missing(String what) {
    return new StoreNotFoundException(what + " on " + connection.where()
        + ": the table does not exist. Create it with:\n  " + createCommand, null);
  }

  /** Every item, strongly consistent, {@link #PAGE_SIZE} per request, fetched lazily; faults mapped while iterating. */
  Stream<Map<String, AttributeValue>> scan(String what) {
    ScanRequest req = prepared(ScanRequest.builder().tableName(name()).consistentRead(true).limit(PAGE_SIZE).build());
    Iterator<Map<String, AttributeValue>> it = read(what, () -> client.scanPaginator(req).items().iterator());
    Iterator<Map<String, AttributeValue>> mapped = new Iterator<>() {
      @Override
      public boolean hasNext() {
        return once(what, it::hasNext);
      }

      @Override
      public Map<String, AttributeValue> next() {
        return once(what, it::next);
      }
    };
    return StreamSupport.stream(Spliterators.spliteratorUnknownSize(mapped, Spliterator.ORDERED | Spliterator.NONNULL), false);
  }

  static TidemarkException gaveUp(String what, int attempts) {
    return new TidemarkException(what + ": gave up after " + attempts + " conditional attempts; the item keeps changing underneath");
  }
}
