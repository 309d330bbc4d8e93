package dev.sextant.query.stream;

import dev.sextant.schemas.query.v1.Update;
import dev.sextant.schemas.v1.Position;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.protobuf.ProtoUtils;
import io.grpc.stub.ServerCallStreamObserver;
import io.micrometer.core.instrument.Counter;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subscriber's queue and delivery: the reader thread enqueues without ever blocking, and the
 * gRPC executor drains only while the call is ready, so a slow client costs memory up to a bound,
 * never the reader's time.
 *
 * <p>Trades wait in a bounded FIFO and are never dropped; a full queue ends the stream with
 * RESOURCE_EXHAUSTED naming the last positions delivered. Price updates are conflated per key. Each
 * entry carries the hub's sequence number, and the drain always sends the lowest one first, so a
 * trade always precedes the price updates it caused and order per instrument is kept.
 */
final class Subscriber {

  /** Trailer entries naming, per partition, the last trade delivered before the stream ended. */
  static final Metadata.Key<Position> RESUME_AFTER =
      ProtoUtils.keyForProto(Position.getDefaultInstance());

  private static final Logger log = LoggerFactory.getLogger(Subscriber.class);

  private record Pending(long seq, Update update) {}

  private final ServerCallStreamObserver<Update> call;
  private final SubscriptionFilter filter;
  private final int capacity;
  private final Executor executor;
  private final Counter tradesSent;
  private final Counter pricesSent;
  private final Consumer<Subscriber> onEnd;

  private final Object lock = new Object();
  private final ArrayDeque<Pending> trades = new ArrayDeque<>(); // guarded by lock
  private final LinkedHashMap<String, Pending> prices = new LinkedHashMap<>(); // guarded by lock

  private volatile Status ending;
  private volatile boolean cancelled;
  private final AtomicInteger wip = new AtomicInteger();

  // Drain only (serialized by wip).
  private boolean terminated;
  private final Map<String, Position> delivered = new LinkedHashMap<>();

  /**
   * @param onEnd called (possibly more than once) when delivery ends for any reason
   */
  Subscriber(
      ServerCallStreamObserver<Update> call,
      SubscriptionFilter filter,
      int capacity,
      Executor executor,
      Counter tradesSent,
      Counter pricesSent,
      Consumer<Subscriber> onEnd) {
    this.call = call;
    this.filter = filter;
    this.capacity = capacity;
    this.executor = executor;
    this.tradesSent = tradesSent;
    this.pricesSent = pricesSent;
    this.onEnd = onEnd;
  }

  SubscriptionFilter filter() {
    return filter;
  }

  /**
   * Enqueues the updates one trade caused; any may be null. Never blocks.
   *
   * @return false when the trade queue overflowed: the subscriber is ending and must be removed
   */
  boolean offer(long seq, Update trade, Update instrumentPrice, Update assetPrice) {
    if (ending != null || cancelled) {
      return true;
    }
    synchronized (lock) {
      if (trade != null) {
        if (trades.size() >= capacity) {
          ending = Status.RESOURCE_EXHAUSTED;
          trades.clear();
          prices.clear();
          schedule();
          return false;
        }
        trades.addLast(new Pending(seq, trade));
      }
      conflate(seq, instrumentPrice);
      conflate(seq, assetPrice);
    }
    // Not ready: the onReady handler drains when the client wants more, no task needed now.
    if (call.isReady()) {
      schedule();
    }
    return true;
  }

  /** Ends the stream with {@code status} after nothing more: queued updates are dropped. */
  void end(Status status) {
    ending = status;
    schedule();
  }

  /** The call's onReady handler: runs on the gRPC executor. */
  void onReady() {
    if (wip.getAndIncrement() == 0) {
      drain();
    }
  }

  /** The call's onCancel handler: the client went away. */
  void onCancel() {
    cancelled = true;
    synchronized (lock) {
      trades.clear();
      prices.clear();
    }
    onEnd.accept(this);
  }

  private void conflate(long seq, Update price) {
    if (price == null) {
      return;
    }
    String key = price.getPrice().getKey();
    // Re-inserting moves the key to the end, keeping the map in sequence order.
    prices.remove(key);
    prices.put(key, new Pending(seq, price));
  }

  private void schedule() {
    if (wip.getAndIncrement() == 0) {
      executor.execute(this::drain);
    }
  }

  private void drain() {
    int missed = 1;
    do {
      try {
        drainWhileReady();
      } catch (RuntimeException e) {
        // The call is gone (closed under us); stop delivering rather than break the executor.
        terminated = true;
        onEnd.accept(this);
        log.debug("subscriber delivery stopped", e);
      }
      missed = wip.addAndGet(-missed);
    } while (missed != 0);
  }

  private void drainWhileReady() {
    while (!terminated) {
      if (cancelled) {
        terminated = true;
        return;
      }
      Status end = ending;
      if (end != null) {
        terminated = true;
        onEnd.accept(this);
        call.onError(describe(end).asRuntimeException(resumeTrailers()));
        return;
      }
      if (!call.isReady()) {
        return;
      }
      Update next;
      synchronized (lock) {
        next = pollLowestSequence();
      }
      if (next == null) {
        return;
      }
      call.onNext(next);
      if (next.hasTrade()) {
        Position p = next.getPosition();
        delivered.put(p.getTopic() + "/" + p.getPartition(), p);
        tradesSent.increment();
      } else {
        pricesSent.increment();
      }
    }
  }

  private Update pollLowestSequence() {
    Pending trade = trades.peekFirst();
    Map.Entry<String, Pending> price = prices.firstEntry();
    if (trade == null && price == null) {
      return null;
    }
    if (price == null || (trade != null && trade.seq() <= price.getValue().seq())) {
      return trades.pollFirst().update();
    }
    return prices.pollFirstEntry().getValue().update();
  }

  private Status describe(Status end) {
    if (end.getCode() != Status.Code.RESOURCE_EXHAUSTED || end.getDescription() != null) {
      return end;
    }
    String description = "subscriber fell behind (more than " + capacity + " trades queued); ";
    if (delivered.isEmpty()) {
      return end.withDescription(description + "no trade was delivered; resubscribe");
    }
    return end.withDescription(
        description
            + "resubscribe after position"
            + (delivered.size() > 1 ? "s " : " ")
            + delivered.values().stream()
                .map(p -> p.getTopic() + "/" + p.getPartition() + "@" + p.getOffset())
                .collect(Collectors.joining(", ")));
  }

  private Metadata resumeTrailers() {
    Metadata trailers = new Metadata();
    delivered.values().forEach(p -> trailers.put(RESUME_AFTER, p));
    return trailers;
  }
}
