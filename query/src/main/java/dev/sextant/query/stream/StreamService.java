package dev.sextant.query.stream;

import dev.sextant.query.view.PriceKey;
import dev.sextant.query.view.ViewStatus;
import dev.sextant.schemas.query.v1.StreamServiceGrpc;
import dev.sextant.schemas.query.v1.SubscribeRequest;
import dev.sextant.schemas.query.v1.Update;
import dev.sextant.schemas.query.v1.UpdateKind;
import dev.sextant.schemas.v1.Position;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/** The gRPC {@code StreamService}: validates a subscription and hands it to the hub. */
public final class StreamService extends StreamServiceGrpc.StreamServiceImplBase {

  /**
   * Trailer key of a stream ended for falling behind: one entry per partition, the last trade
   * delivered, to resume after.
   */
  public static final Metadata.Key<Position> RESUME_AFTER = Subscriber.RESUME_AFTER;

  private final SubscriptionHub hub;
  private final Predicate<String> isKnownAsset;
  private final ViewStatus status;

  /**
   * @param isKnownAsset whether a symbol is a registry asset
   * @param status whether the views can answer; while they rebuild, or after they stopped updating,
   *     subscriptions are refused with the reason
   */
  public StreamService(SubscriptionHub hub, Predicate<String> isKnownAsset, ViewStatus status) {
    this.hub = hub;
    this.isKnownAsset = isKnownAsset;
    this.status = status;
  }

  @Override
  public void subscribe(SubscribeRequest request, StreamObserver<Update> responseObserver) {
    SubscriptionFilter filter;
    try {
      filter = filter(request);
    } catch (IllegalArgumentException e) {
      responseObserver.onError(
          Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
      return;
    } catch (UnsupportedOperationException e) {
      responseObserver.onError(
          Status.UNIMPLEMENTED.withDescription(e.getMessage()).asRuntimeException());
      return;
    }
    Optional<String> unavailable = status.unavailable();
    if (unavailable.isPresent()) {
      // Subscribing now would replay the rebuild as if it were live, or wait on a frozen view.
      responseObserver.onError(
          Status.UNAVAILABLE.withDescription(unavailable.get()).asRuntimeException());
      return;
    }
    hub.subscribe(filter, (ServerCallStreamObserver<Update>) responseObserver);
  }

  private SubscriptionFilter filter(SubscribeRequest request) {
    if (request.getAfterCount() > 0) {
      throw new UnsupportedOperationException(
          "resume from a position arrives with the Query issue");
    }
    if (request.getMaxUpdatesPerSecond() > 0) {
      throw new UnsupportedOperationException(
          "max_updates_per_second is not served yet; slow readers get conflated prices instead");
    }
    boolean trades = request.getKindsCount() == 0;
    boolean prices = request.getKindsCount() == 0;
    for (UpdateKind kind : request.getKindsList()) {
      switch (kind) {
        case UPDATE_KIND_TRADE -> trades = true;
        case UPDATE_KIND_PRICE -> prices = true;
        case UPDATE_KIND_UNSPECIFIED, UNRECOGNIZED ->
            throw new IllegalArgumentException("unknown update kind " + kind);
        default ->
            throw new UnsupportedOperationException(
                kind + " updates are not served yet: only UPDATE_KIND_TRADE and UPDATE_KIND_PRICE");
      }
    }
    List<PriceKey> keys = new ArrayList<>();
    for (String key : request.getKeysList()) {
      keys.add(PriceKey.parse(key, isKnownAsset));
    }
    return SubscriptionFilter.of(keys, trades, prices);
  }
}
