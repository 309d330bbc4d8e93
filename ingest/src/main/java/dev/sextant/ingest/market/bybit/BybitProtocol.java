package dev.sextant.ingest.market.bybit;

import dev.sextant.ingest.market.ConnectionPlan;
import dev.sextant.ingest.market.Heartbeat;
import dev.sextant.ingest.market.MarketProtocol;
import dev.sextant.ingest.market.ProtocolSession;
import dev.sextant.ingest.market.SessionContext;
import dev.sextant.schemas.registry.Instrument;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Bybit's v5 public WebSocket: spot and linear perpetuals on separate endpoints, so separate
 * connections labelled {@code spot} and {@code linear}.
 */
public final class BybitProtocol implements MarketProtocol {

  public static final String NAME = "bybit";
  public static final String VENUE = "bybit";
  public static final URI ENDPOINT = URI.create("wss://stream.bybit.com/v5/public/spot");

  /**
   * Instruments per connection: 3 topics each keeps the args well under the 21,000 characters Bybit
   * allows a linear connection.
   */
  static final int INSTRUMENTS_PER_CONNECTION = 100;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String venue() {
    return VENUE;
  }

  /** The spot endpoint; linear is beside it ({@code .../v5/public/linear}). */
  @Override
  public URI defaultEndpoint() {
    return ENDPOINT;
  }

  /** Bybit asks for a ping every 20 seconds. */
  @Override
  public Heartbeat heartbeat() {
    return new Heartbeat(Duration.ofSeconds(20), Duration.ofSeconds(40));
  }

  @Override
  public List<ConnectionPlan> plan(URI endpoint, List<Instrument> instruments) {
    Map<BybitCategory, List<Instrument>> byCategory = new EnumMap<>(BybitCategory.class);
    for (Instrument instrument : instruments) {
      if (!instrument.venue().equals(VENUE)) {
        throw new IllegalArgumentException(
            "bybit: instrument " + instrument.id() + " is not of venue bybit");
      }
      BybitCategory category = BybitCategory.ofSuffix(instrument.suffix());
      if (category == null
          || (category == BybitCategory.LINEAR
              && !instrument.quote().equals("USDT")
              && !instrument.quote().equals("USDC"))) {
        throw new IllegalArgumentException(
            "bybit: instrument "
                + instrument.id()
                + " is neither spot nor a USDT or USDC perpetual");
      }
      byCategory.computeIfAbsent(category, k -> new ArrayList<>()).add(instrument);
    }
    List<ConnectionPlan> plans = new ArrayList<>();
    for (Map.Entry<BybitCategory, List<Instrument>> entry : byCategory.entrySet()) {
      BybitCategory category = entry.getKey();
      List<Instrument> all = entry.getValue();
      for (int from = 0; from < all.size(); from += INSTRUMENTS_PER_CONNECTION) {
        int index = from / INSTRUMENTS_PER_CONNECTION;
        String label = category.path() + (index == 0 ? "" : "-" + (index + 1));
        plans.add(
            new ConnectionPlan(
                label,
                category.endpointBeside(endpoint),
                all.subList(from, Math.min(all.size(), from + INSTRUMENTS_PER_CONNECTION))));
      }
    }
    return plans;
  }

  @Override
  public ProtocolSession newSession(SessionContext context) {
    return new BybitSession(context);
  }
}
