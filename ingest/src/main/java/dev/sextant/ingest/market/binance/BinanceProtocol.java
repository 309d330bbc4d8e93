package dev.sextant.ingest.market.binance;

import dev.sextant.ingest.market.ConnectionPlan;
import dev.sextant.ingest.market.Heartbeat;
import dev.sextant.ingest.market.MarketProtocol;
import dev.sextant.ingest.market.ProtocolSession;
import dev.sextant.ingest.market.SessionContext;
import dev.sextant.schemas.registry.Instrument;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Binance's combined-stream WebSocket protocol, spot ({@link #spot()}) or USD-M futures ({@link
 * #futures()}): trades, best bid/ask and the depth diff stream synced to REST snapshots.
 *
 * @param name the protocol name: {@code binance} or {@code binance-futures}
 * @param venue the registry venue of its instruments
 * @param defaultEndpoint the combined streams endpoint
 * @param restBase the REST base URI of the depth snapshots
 * @param depthPath the path of the depth snapshot under {@code restBase}
 * @param usdMargined true for USD-M futures: {@code pu} links deltas, symbols carry a delivery date
 * @param tradeChannel the trade stream subscribed: {@code trade} on spot, {@code aggTrade} on
 *     futures (futures documents no raw trade stream)
 * @param subscribeFramesPerSecond below the venue's incoming message limit, leaving room for pongs
 * @param heartbeat no client ping (the server pings and the WebSocket answers); the silence timeout
 *     is a few of the server's ping intervals
 */
public record BinanceProtocol(
    String name,
    String venue,
    URI defaultEndpoint,
    URI restBase,
    String depthPath,
    boolean usdMargined,
    String tradeChannel,
    int subscribeFramesPerSecond,
    Heartbeat heartbeat)
    implements MarketProtocol {

  /** Streams one connection may carry (the venue closes a connection asking for more). */
  public static final int MAX_STREAMS_PER_CONNECTION = 1024;

  /** Streams per instrument: trades, best bid/ask, depth. */
  static final int STREAMS_PER_INSTRUMENT = 3;

  /** Params per SUBSCRIBE message: Binance rejects very large messages. */
  static final int MAX_PARAMS_PER_SUBSCRIBE = 200;

  public BinanceProtocol {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(venue, "venue");
    Objects.requireNonNull(defaultEndpoint, "defaultEndpoint");
    Objects.requireNonNull(restBase, "restBase");
    Objects.requireNonNull(depthPath, "depthPath");
    Objects.requireNonNull(tradeChannel, "tradeChannel");
    Objects.requireNonNull(heartbeat, "heartbeat");
  }

  /** Binance spot: 5 incoming messages per second, a server ping every 20 s. */
  public static BinanceProtocol spot() {
    return new BinanceProtocol(
        "binance",
        "binance",
        URI.create("wss://stream.binance.com:9443/stream"),
        URI.create("https://api.binance.com"),
        "/api/v3/depth",
        false,
        "trade",
        4,
        new Heartbeat(Duration.ZERO, Duration.ofSeconds(60)));
  }

  /** Binance USD-M futures: 10 incoming messages per second, a server ping every 3 minutes. */
  public static BinanceProtocol futures() {
    return new BinanceProtocol(
        "binance-futures",
        "binance-futures",
        URI.create("wss://fstream.binance.com/stream"),
        URI.create("https://fapi.binance.com"),
        "/fapi/v1/depth",
        true,
        "aggTrade",
        8,
        new Heartbeat(Duration.ZERO, Duration.ofMinutes(6)));
  }

  @Override
  public Optional<URI> defaultRestEndpoint() {
    return Optional.of(restBase);
  }

  /**
   * One connection for up to 341 instruments (1024 streams); more are split into connections
   * labelled {@code 1}, {@code 2}, ... in configuration order.
   */
  @Override
  public List<ConnectionPlan> plan(URI endpoint, List<Instrument> instruments) {
    for (Instrument instrument : instruments) {
      checkInstrument(instrument);
    }
    int perConnection = MAX_STREAMS_PER_CONNECTION / STREAMS_PER_INSTRUMENT;
    if (instruments.size() <= perConnection) {
      return instruments.isEmpty()
          ? List.of()
          : List.of(new ConnectionPlan("", endpoint, instruments));
    }
    List<ConnectionPlan> plans = new ArrayList<>();
    for (int from = 0; from < instruments.size(); from += perConnection) {
      List<Instrument> part =
          instruments.subList(from, Math.min(instruments.size(), from + perConnection));
      plans.add(new ConnectionPlan(Integer.toString(plans.size() + 1), endpoint, part));
    }
    return plans;
  }

  private void checkInstrument(Instrument instrument) {
    if (!instrument.venue().equals(venue)) {
      throw new IllegalArgumentException(
          name + ": instrument " + instrument.id() + " is not of venue " + venue);
    }
    if (usdMargined == instrument.suffix().isEmpty()) {
      throw new IllegalArgumentException(
          name
              + ": instrument "
              + instrument.id()
              + (usdMargined
                  ? " is not a futures contract (-PERP or -YYMMDD)"
                  : " is not a spot pair (no suffix)"));
    }
  }

  @Override
  public ProtocolSession newSession(SessionContext context) {
    return new BinanceSession(this, context);
  }
}
