package dev.sextant.query.market;

import dev.sextant.query.view.LatestPrice;
import dev.sextant.query.view.LatestPriceView;
import dev.sextant.query.view.PriceKey;
import dev.sextant.query.view.PriceQuotes;
import dev.sextant.query.view.ViewStatus;
import dev.sextant.schemas.query.v1.GetPriceRequest;
import dev.sextant.schemas.query.v1.GetPriceResponse;
import dev.sextant.schemas.query.v1.MarketServiceGrpc;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import java.time.Clock;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * The gRPC {@code MarketService}: prices from the {@link LatestPriceView}. Candles and indicators
 * answer UNIMPLEMENTED until their views exist.
 */
public final class MarketService extends MarketServiceGrpc.MarketServiceImplBase {

  private final LatestPriceView view;
  private final Predicate<String> isKnownAsset;
  private final ViewStatus status;
  private final Clock clock;

  /**
   * @param isKnownAsset whether a symbol is a registry asset ({@code s ->
   *     registry.asset(s).isPresent()})
   * @param status whether the view can answer: while it rebuilds, or after it stopped updating,
   *     answers are UNAVAILABLE with the reason
   * @param clock measures each price's age
   */
  public MarketService(
      LatestPriceView view, Predicate<String> isKnownAsset, ViewStatus status, Clock clock) {
    this.view = view;
    this.isKnownAsset = isKnownAsset;
    this.status = status;
    this.clock = clock;
  }

  @Override
  public void getPrice(GetPriceRequest request, StreamObserver<GetPriceResponse> response) {
    String key = request.getKey();
    PriceKey parsed;
    try {
      parsed = PriceKey.parse(key, isKnownAsset);
    } catch (IllegalArgumentException e) {
      response.onError(
          Status.INVALID_ARGUMENT.withDescription(e.getMessage()).asRuntimeException());
      return;
    }
    Optional<String> unavailable = status.unavailable();
    if (unavailable.isPresent()) {
      // A price from a half-rebuilt or frozen view could be hours old; another try, or another
      // node, gets the real one.
      response.onError(Status.UNAVAILABLE.withDescription(unavailable.get()).asRuntimeException());
      return;
    }
    Optional<LatestPrice> price = view.get(parsed);
    if (price.isEmpty()) {
      response.onError(
          Status.NOT_FOUND.withDescription("no price for " + key + " yet").asRuntimeException());
      return;
    }
    response.onNext(
        GetPriceResponse.newBuilder()
            .setPrice(PriceQuotes.of(key, price.get(), clock.instant()))
            .build());
    response.onCompleted();
  }
}
