package dev.sextant.ingest.market.okx;

import dev.sextant.ingest.market.ConnectionPlan;
import dev.sextant.ingest.market.Heartbeat;
import dev.sextant.ingest.market.MarketProtocol;
import dev.sextant.ingest.market.ProtocolSession;
import dev.sextant.ingest.market.SessionContext;
import dev.sextant.schemas.registry.Instrument;
import java.net.URI;
import java.time.Duration;
import java.util.List;

/** OKX's v5 public WebSocket: spot, perpetual swaps and dated futures on one connection. */
public final class OkxProtocol implements MarketProtocol {

  public static final String NAME = "okx";
  public static final String VENUE = "okx";
  public static final URI ENDPOINT = URI.create("wss://ws.okx.com:8443/ws/v5/public");

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String venue() {
    return VENUE;
  }

  @Override
  public URI defaultEndpoint() {
    return ENDPOINT;
  }

  /**
   * OKX closes a connection that is quiet for 30 s; the text ping every 20 s keeps it open and its
   * pong proves it alive.
   */
  @Override
  public Heartbeat heartbeat() {
    return new Heartbeat(Duration.ofSeconds(20), Duration.ofSeconds(40));
  }

  /** OKX allows 3 subscribe, unsubscribe or login requests per second. */
  @Override
  public int subscribeFramesPerSecond() {
    return 3;
  }

  @Override
  public List<ConnectionPlan> plan(URI endpoint, List<Instrument> instruments) {
    for (Instrument instrument : instruments) {
      if (!instrument.venue().equals(VENUE)) {
        throw new IllegalArgumentException(
            "okx: instrument " + instrument.id() + " is not of venue okx");
      }
    }
    return List.of(new ConnectionPlan("", endpoint, instruments));
  }

  @Override
  public ProtocolSession newSession(SessionContext context) {
    return new OkxSession(context);
  }
}
