package dev.sextant.ingest.market.testkit;

import dev.sextant.ingest.deadletter.ErrorKind;
import dev.sextant.ingest.market.ConnectionPlan;
import dev.sextant.ingest.market.Heartbeat;
import dev.sextant.ingest.market.MarketOutput;
import dev.sextant.ingest.market.MarketProtocol;
import dev.sextant.ingest.market.ProtocolSession;
import dev.sextant.ingest.market.SessionContext;
import dev.sextant.ingest.market.coinbase.Adapted;
import dev.sextant.ingest.market.coinbase.CoinbaseExchangeAdapter;
import dev.sextant.ingest.market.coinbase.ProductMapping;
import dev.sextant.schemas.registry.Instrument;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The existing Coinbase Exchange adapter behind the protocol contract, so replay can be tested with
 * Coinbase frames before the venue protocols exist. Adapter exceptions propagate, as a decoder bug
 * would.
 */
public final class AdapterProtocol implements MarketProtocol {

  private final ProductMapping products;

  public AdapterProtocol(ProductMapping products) {
    this.products = products;
  }

  @Override
  public String name() {
    return "coinbase-exchange";
  }

  @Override
  public String venue() {
    return CoinbaseExchangeAdapter.VENUE;
  }

  @Override
  public URI defaultEndpoint() {
    return URI.create("wss://ws-feed.exchange.coinbase.com");
  }

  @Override
  public Heartbeat heartbeat() {
    return new Heartbeat(Duration.ofSeconds(30), Duration.ofSeconds(60));
  }

  @Override
  public List<ConnectionPlan> plan(URI endpoint, List<Instrument> instruments) {
    return List.of(new ConnectionPlan("", endpoint, instruments));
  }

  @Override
  public ProtocolSession newSession(SessionContext context) {
    MarketOutput output = context.output();
    return new ProtocolSession() {
      @Override
      public List<String> onOpen(long epochNanos) {
        return List.of();
      }

      @Override
      public void onFrame(String frame, long receivedEpochNanos) {
        switch (CoinbaseExchangeAdapter.adapt(
            frame, Instant.ofEpochSecond(0, receivedEpochNanos), products)) {
          case Adapted.Trade(var trade) -> output.trade(trade);
          case Adapted.Ignored(String type, boolean known) ->
              output.ignored(known ? type : "other");
          case Adapted.Failed(ErrorKind kind, String error) -> output.deadLetter(kind, error);
        }
      }

      @Override
      public Optional<String> pingFrame() {
        return Optional.empty();
      }
    };
  }
}
