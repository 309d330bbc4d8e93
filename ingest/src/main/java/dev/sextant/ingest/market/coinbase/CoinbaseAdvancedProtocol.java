package dev.sextant.ingest.market.coinbase;

import dev.sextant.ingest.market.ConnectionPlan;
import dev.sextant.ingest.market.Heartbeat;
import dev.sextant.ingest.market.MarketProtocol;
import dev.sextant.ingest.market.ProtocolSession;
import dev.sextant.ingest.market.SessionContext;
import dev.sextant.schemas.registry.Instrument;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * The Coinbase Advanced Trade market data WebSocket: market_trades, ticker, level2 and heartbeats
 * channels on one connection.
 */
public final class CoinbaseAdvancedProtocol implements MarketProtocol {

  /** The protocol's name. */
  public static final String NAME = "coinbase-advanced";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String venue() {
    return CoinbaseProducts.VENUE;
  }

  @Override
  public URI defaultEndpoint() {
    return URI.create("wss://advanced-trade-ws.coinbase.com");
  }

  /** The heartbeats channel sends a frame every second, so the client never pings. */
  @Override
  public Heartbeat heartbeat() {
    return new Heartbeat(Duration.ZERO, Duration.ofSeconds(5));
  }

  @Override
  public List<ConnectionPlan> plan(URI endpoint, List<Instrument> instruments) {
    CoinbaseProducts.requireSpot(NAME, instruments);
    return List.of(new ConnectionPlan("", endpoint, instruments));
  }

  @Override
  public ProtocolSession newSession(SessionContext context) {
    return new CoinbaseAdvancedSession(context);
  }
}
