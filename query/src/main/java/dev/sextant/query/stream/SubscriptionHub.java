package dev.sextant.query.stream;

import dev.sextant.query.view.LatestPrice;
import dev.sextant.query.view.PriceChange;
import dev.sextant.query.view.PriceQuotes;
import dev.sextant.query.view.TradeListener;
import dev.sextant.schemas.query.v1.Update;
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
  private volatile Status closedWith; // null while open

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
    Status closed = closedWith;
    if (closed != null) {
      subscriber.end(closed); // raced with close or stop: end it like the others
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
    Updates updates = new Updates(trade, position, change);
    String instrumentId = change.instrumentPrice().instrumentId();
    String base = change.instrumentPrice().instrument().base();
    for (Subscriber subscriber : subscribers) {
      SubscriptionFilter filter = subscriber.filter();
      boolean aboutInstrument = filter.matchesInstrument(instrumentId, base);
      boolean t = filter.trades() && aboutInstrument;
      boolean ip = filter.prices() && aboutInstrument;
      boolean ap = filter.prices() && change.changedAsset() && filter.matchesAsset(base);
      if (!t && !ip && !ap) {
        continue;
      }
      Update tradeUpdate = t ? updates.trade() : null;
      Update instrumentUpdate = ip ? updates.instrumentPrice() : null;
      Update assetUpdate = ap ? updates.assetPrice() : null;
      if (!subscriber.offer(seq, tradeUpdate, instrumentUpdate, assetUpdate)) {
        subscribers.remove(subscriber);
        fellBehind.increment();
      }
    }
  }

  /**
   * Ends every stream, and any later one, with UNAVAILABLE naming why the views stopped updating,
   * so clients resubscribe to another node instead of waiting on a frozen one.
   *
   * @param reason fit for a client, e.g. {@code the price view stopped: ...}
   */
  public void stop(String reason) {
    endAll(Status.UNAVAILABLE.withDescription(reason + "; resubscribe to another node"));
  }

  /** Ends every stream with UNAVAILABLE so clients resubscribe elsewhere; for node shutdown. */
  @Override
  public void close() {
    endAll(SHUTDOWN);
  }

  private void endAll(Status status) {
    synchronized (this) {
      // The first reason stands: a node closed after its views stopped still names the stop.
      if (closedWith == null) {
        closedWith = status;
      }
    }
    for (Subscriber subscriber : subscribers) {
      subscriber.end(closedWith);
      subscribers.remove(subscriber);
    }
  }

  /** The updates one trade may cause, each built on the first subscriber that wants it. */
  private final class Updates {

    private final Trade trade;
    private final Position position;
    private final PriceChange change;
    private Instant now;
    private Update tradeUpdate;
    private Update instrumentUpdate;
    private Update assetUpdate;

    Updates(Trade trade, Position position, PriceChange change) {
      this.trade = trade;
      this.position = position;
      this.change = change;
    }

    Update trade() {
      if (tradeUpdate == null) {
        tradeUpdate = Update.newBuilder().setTrade(trade).setPosition(position).build();
      }
      return tradeUpdate;
    }

    Update instrumentPrice() {
      if (instrumentUpdate == null) {
        LatestPrice price = change.instrumentPrice();
        instrumentUpdate = priceUpdate(price.instrumentId(), price);
      }
      return instrumentUpdate;
    }

    Update assetPrice() {
      if (assetUpdate == null) {
        assetUpdate =
            priceUpdate(change.instrumentPrice().instrument().base(), change.assetPrice());
      }
      return assetUpdate;
    }

    private Update priceUpdate(String key, LatestPrice price) {
      if (now == null) {
        now = clock.instant(); // one age for every update of the trade
      }
      return Update.newBuilder()
          .setPrice(PriceQuotes.of(key, price, now))
          .setPosition(price.position())
          .build();
    }
  }

  private static Counter sent(MeterRegistry meters, String kind) {
    return Counter.builder("sextant.query.updates.sent")
        .description("Updates delivered to subscribers")
        .tag("kind", kind)
        .register(meters);
  }
}
