package dev.sextant.ingest.market;

import dev.sextant.schemas.registry.Instrument;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * One venue's public WebSocket protocol, by its Sextant name ({@code binance}, {@code kraken-v2},
 * ...): where to connect, how to keep a connection alive, and how to decode its frames.
 *
 * <p>Implementations are stateless; all connection state lives in the {@link ProtocolSession}s they
 * create.
 */
public interface MarketProtocol {

  /**
   * The protocol's name, as {@code --protocol} takes it: {@code coinbase-exchange}, {@code okx}.
   */
  String name();

  /** The registry venue whose instruments this protocol carries: {@code coinbase}, {@code okx}. */
  String venue();

  /** The venue's public WebSocket endpoint, used when the configuration names none. */
  URI defaultEndpoint();

  /** The venue's public REST endpoint for book snapshots, when the protocol needs one. */
  default Optional<URI> defaultRestEndpoint() {
    return Optional.empty();
  }

  /** How often to ping and when a silent connection counts as dead. */
  Heartbeat heartbeat();

  /** How fast subscribe frames may be sent on one connection, per second (venue rate limits). */
  default int subscribeFramesPerSecond() {
    return 5;
  }

  /**
   * Splits the configured instruments into connections: one per endpoint kind (Bybit spot and
   * linear), and more where the venue caps the streams per connection. Each plan's label is stable
   * across runs, because a capture names the connection of each frame by it.
   *
   * @param endpoint the configured endpoint, or {@link #defaultEndpoint()}
   * @param instruments the configured instruments of this venue, in configuration order
   * @throws IllegalArgumentException when an instrument is not of this venue or kind
   */
  List<ConnectionPlan> plan(URI endpoint, List<Instrument> instruments);

  /**
   * A session for one planned connection. It lives as long as the feed, across reconnects, so it
   * keeps what must survive a drop (recent trade ids for dedupe).
   */
  ProtocolSession newSession(SessionContext context);
}
