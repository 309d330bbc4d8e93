package dev.sextant.ingest.chain.rpc;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;

/** The meters of one chain's head subscription, tagged {@code chain}. */
final class HeadsMetrics {

  static final String RECEIVED = "sextant.chain.heads.received";
  static final String DROPS = "sextant.chain.heads.drops";
  static final String RECONNECTS = "sextant.chain.heads.reconnects";
  static final String FAILURES = "sextant.chain.heads.connect.failures";
  static final String MALFORMED = "sextant.chain.heads.malformed";
  static final String CONNECTED = "sextant.chain.heads.connected";

  /** Why a subscription was lost: the {@code reason} tag of the drop counter. */
  enum Drop {
    /** The server closed the socket, with or without a close frame. */
    CLOSED,
    /** The socket failed (reset, write error). */
    ERROR,
    /** Nothing heard, not even a pong, for the silence timeout: a half-open socket. */
    SILENT;

    String tag() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  private final MeterRegistry registry;
  private final String chain;
  private final Counter received;
  private final Counter reconnects;
  private final Counter failures;
  private final Counter malformed;
  private final AtomicInteger connected = new AtomicInteger();
  private final Gauge connectedGauge;

  HeadsMetrics(MeterRegistry registry, String chain) {
    this.registry = registry;
    this.chain = chain;
    this.received = counter(RECEIVED, "New heads received over the WebSocket subscription");
    this.reconnects = counter(RECONNECTS, "Head subscriptions made again after a drop or failure");
    this.failures = counter(FAILURES, "Connection attempts that did not reach a subscription");
    this.malformed = counter(MALFORMED, "Head notifications that could not be read, skipped");
    for (Drop drop : Drop.values()) {
      dropCounter(drop);
    }
    this.connectedGauge =
        Gauge.builder(CONNECTED, connected, AtomicInteger::get)
            .description("1 while the head subscription is up")
            .tag("chain", chain)
            .strongReference(true)
            .register(registry);
  }

  private Counter counter(String name, String description) {
    return Counter.builder(name).description(description).tag("chain", chain).register(registry);
  }

  private Counter dropCounter(Drop drop) {
    return Counter.builder(DROPS)
        .description("Head subscriptions lost, by reason")
        .tag("chain", chain)
        .tag("reason", drop.tag())
        .register(registry);
  }

  void received() {
    received.increment();
  }

  void subscribed(boolean again) {
    connected.set(1);
    if (again) {
      reconnects.increment();
    }
  }

  void dropped(Drop drop) {
    connected.set(0);
    dropCounter(drop).increment();
  }

  void failed() {
    connected.set(0);
    failures.increment();
  }

  void malformed() {
    malformed.increment();
  }

  /** Removes the gauge, which reads this subscription's state (see FeedMetrics). */
  void close() {
    connected.set(0);
    registry.remove(connectedGauge);
  }
}
