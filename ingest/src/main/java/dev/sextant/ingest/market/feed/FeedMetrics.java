package dev.sextant.ingest.market.feed;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The Micrometer meters of one connection, tagged {@code protocol}, {@code venue} and {@code
 * connection} (the plan's label, or {@code main} for a single-connection protocol).
 */
final class FeedMetrics {

  static final String CONNECTS = "sextant.market.connects";
  static final String RECONNECTS = "sextant.market.reconnects";
  static final String CONNECTED = "sextant.market.connected";
  static final String FRAMES = "sextant.market.frames.received";
  static final String BYTES = "sextant.market.bytes.received";
  static final String OVERSIZED = "sextant.market.oversized";
  static final String QUEUE_DEPTH = "sextant.market.queue.depth";
  static final String REST_FETCHES = "sextant.market.rest.fetches";

  private final MeterRegistry registry;
  private final Tags tags;
  private final Counter connects;
  private final Counter frames;
  private final Counter bytes;
  private final Counter oversized;
  private final AtomicInteger connected = new AtomicInteger();
  private final Gauge connectedGauge;

  FeedMetrics(MeterRegistry registry, String protocol, String venue, String label) {
    this.registry = registry;
    this.tags =
        Tags.of(
            "protocol", protocol, "venue", venue, "connection", label.isEmpty() ? "main" : label);
    this.connects = counter(CONNECTS, "WebSocket connections opened");
    this.frames = counter(FRAMES, "Text frames received");
    this.bytes = counter(BYTES, "Text bytes received (UTF-8), oversized frames included");
    this.oversized = counter(OVERSIZED, "Frames over the bound, dropped but for their head");
    this.connectedGauge =
        Gauge.builder(CONNECTED, connected, AtomicInteger::get)
            .description("1 while the connection is open")
            .tags(tags)
            .strongReference(true)
            .register(registry);
  }

  /** The feed's queue depth gauge: one queue per feed, so no connection tag. */
  static Gauge queueDepth(MeterRegistry registry, String protocol, String venue, Inbox inbox) {
    return Gauge.builder(QUEUE_DEPTH, inbox, Inbox::depth)
        .description("Events waiting for the feed's pump thread")
        .tags("protocol", protocol, "venue", venue)
        .strongReference(true)
        .register(registry);
  }

  /**
   * Removes the gauge, which reads this feed's state: a feed started again in the same process
   * registers its own (Micrometer would otherwise hand back the old one, bound to the old state).
   */
  void close() {
    connected.set(0);
    registry.remove(connectedGauge);
  }

  private Counter counter(String name, String description) {
    return Counter.builder(name).description(description).tags(tags).register(registry);
  }

  void connected() {
    connects.increment();
    connected.set(1);
  }

  void disconnected() {
    connected.set(0);
  }

  /** A reconnect, by reason: closed, error, silent or requested (a small fixed set). */
  void reconnect(FeedEvent.Reason reason) {
    Counter.builder(RECONNECTS)
        .description("Connections replaced, by reason")
        .tags(tags)
        .tag("reason", reason.tag())
        .register(registry)
        .increment();
  }

  void bytes(long count) {
    bytes.increment(count);
  }

  void frame() {
    frames.increment();
  }

  void oversized() {
    oversized.increment();
  }

  /** A REST fetch's outcome: {@code ok}, {@code http_error} or {@code failed}. */
  void restFetch(String outcome) {
    Counter.builder(REST_FETCHES)
        .description("REST fetches answered, by outcome")
        .tags(tags)
        .tag("outcome", outcome)
        .register(registry)
        .increment();
  }
}
