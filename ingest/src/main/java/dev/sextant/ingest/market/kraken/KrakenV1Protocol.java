package dev.sextant.ingest.market.kraken;

import dev.sextant.ingest.market.ConnectionPlan;
import dev.sextant.ingest.market.Heartbeat;
import dev.sextant.ingest.market.MarketProtocol;
import dev.sextant.ingest.market.ProtocolSession;
import dev.sextant.ingest.market.SessionContext;
import dev.sextant.schemas.registry.Instrument;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/** Kraken's WebSocket API v1 ({@code wss://ws.kraken.com}): book, trade and ticker arrays. */
public final class KrakenV1Protocol implements MarketProtocol {

  public static final String NAME = "kraken-v1";

  /** The book depth subscribed: one of Kraken's 10, 25, 100, 500, 1000. */
  public static final int BOOK_DEPTH = 25;

  /** Pairs per subscribe frame; Kraken documents no cap, this keeps frames small. */
  public static final int PAIRS_PER_FRAME = 50;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String venue() {
    return KrakenPairs.VENUE;
  }

  @Override
  public URI defaultEndpoint() {
    return URI.create("wss://ws.kraken.com");
  }

  /** Kraken sends a heartbeat about every second when a subscribed channel is idle. */
  @Override
  public Heartbeat heartbeat() {
    return new Heartbeat(Duration.ofSeconds(30), Duration.ofSeconds(10));
  }

  /** One connection carries every pair and channel. */
  @Override
  public List<ConnectionPlan> plan(URI endpoint, List<Instrument> instruments) {
    KrakenPairs.requireSpot(instruments, NAME);
    return List.of(new ConnectionPlan("", endpoint, instruments));
  }

  @Override
  public ProtocolSession newSession(SessionContext context) {
    return new KrakenV1Session(context, BOOK_DEPTH);
  }
}
