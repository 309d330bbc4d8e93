package dev.sextant.query.stream;

import dev.sextant.query.view.LatestPrice;
import dev.sextant.query.view.PriceChange;
import dev.sextant.query.view.PriceQuotes;
import dev.sextant.query.view.TradeListener;
import dev.sextant.schemas.query.v1.Update;
import dev.sextant.schemas.registry.Instrument;
import dev.sextant.schemas.v1.Position;
import dev.sextant.schemas.v1.Trade;
import io.grpc.Status;
import io.grpc.stub.ServerCallStreamObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;

/**
 * Fans each trade out to the live subscribers whose filter it matches, as a trade update and the
 * price updates it caused; called by the single reader thread and never blocks it.
 */
public final class SubscriptionHub implements TradeListener, AutoCloseable {

  /** The default bound of each subscriber's trade queue. */
  public static final int DEFAULT_QUEUE_CAPACITY = 16_384;

  private static final Status SHUTDOWN =
      Status.UNAVAILABLE.withDescription("query node is shutting down; resubscribe");

  private final int queueCapacity;
  private final Executor executor;
  private final Clock clock;
  private final Set<Subscriber> subscribers = ConcurrentHashMap.newKeySet();
  private final Counter tradesSent;
  private final Counter pricesSent;
  private final Counter fellBehind;

  private long sequence; // reader thread only
  private volatile boolean closed;

  /**
   * @param queueCapacity trades a subscriber may have unsent before its stream is ended
   * @param executor where delivery runs: the gRPC server's executor
   * @param clock stamps the age of price updates
   */
  public SubscriptionHub(int queueCapacity, Executor executor, Clock clock, MeterRegistry meters) {
    if (queueCapacity < 1) {
      throw new IllegalArgumentException("queueCapacity must be >= 1, was " + queueCapacity);
    }
    this.queueCapacity = queueCapacity;
    this.executor = executor;
    this.clock = clock;
    Gauge.builder("sextant.query.subscribers", subscribers, Set::size)
        .description("Live Subscribe streams")
        .register(meters);
    this.tradesSent = sent(meters, "trade");
    this.pricesSent = sent(meters, "price");
    this.fellBehind =
        Counter.builder("sextant.query.subscribers.fell.behind")
            .description("Subscribe streams ended because the client read too slowly")
            .register(meters);
  }

  /**
   * Registers a subscriber for the call; must run inside the call's handler, before it returns, so
   * the flow-control and cancel handlers are in place.
   */
  public void subscribe(SubscriptionFilter filter, ServerCallStreamObserver<Update> call) {
    Subscriber subscriber =
        new Subscriber(
            call, filter, queueCapacity, executor, tradesSent, pricesSent, subscribers::remove);
    call.setOnReadyHandler(subscriber::onReady);
    call.setOnCancelHandler(subscriber::onCancel);
    subscribers.add(subscriber);
    if (closed) {
      subscriber.end(SHUTDOWN); // raced with close: end it like the others
    }
  }

  /** How many subscribers are live. */
  public int subscriberCount() {
    return subscribers.size();
  }

  @Override
  public void onTrade(Trade trade, Position position, PriceChange change) {
    if (subscribers.isEmpty()) {
      return;
    }
    long seq = ++sequence;
    Instant now = clock.instant();
    LatestPrice instrumentPrice = change.instrumentPrice();
    Instrument instrument = instrumentPrice.instrument();
    Update tradeUpdate = Update.newBuilder().setTrade(trade).setPosition(position).build();
    Update instrumentUpdate = priceUpdate(instrument.id(), instrumentPrice, now);
    Update assetUpdate =
        change.changedAsset() ? priceUpdate(instrument.base(), change.assetPrice(), now) : null;
    for (Subscriber subscriber : subscribers) {
      SubscriptionFilter filter = subscriber.filter();
      boolean aboutInstrument = filter.matchesInstrument(instrument);
      Update t = filter.trades() && aboutInstrument ? tradeUpdate : null;
      Update ip = filter.prices() && aboutInstrument ? instrumentUpdate : null;
      Update ap =
          filter.prices() && assetUpdate != null && filter.matchesAsset(instrument.base())
              ? assetUpdate
              : null;
      if ((t != null || ip != null || ap != null) && !subscriber.offer(seq, t, ip, ap)) {
        subscribers.remove(subscriber);
        fellBehind.increment();
      }
    }
  }

  /** Ends every stream with UNAVAILABLE so clients resubscribe elsewhere; for node shutdown. */
  @Override
  public void close() {
    closed = true;
    for (Subscriber subscriber : subscribers) {
      subscriber.end(SHUTDOWN);
      subscribers.remove(subscriber);
    }
  }

  private static Update priceUpdate(String key, LatestPrice price, Instant now) {
    return Update.newBuilder()
        .setPrice(PriceQuotes.of(key, price, now))
        .setPosition(price.position())
        .build();
  }

  private static Counter sent(MeterRegistry meters, String kind) {
    return Counter.builder("sextant.query.updates.sent")
        .description("Updates delivered to subscribers")
        .tag("kind", kind)
        .register(meters);
  }
}
