package dev.sextant.deploy.cli;

import dev.sextant.ingest.deadletter.ErrorKind;
import dev.sextant.ingest.market.ConnectionPlan;
import dev.sextant.ingest.market.Heartbeat;
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

/** The Coinbase Exchange trade adapter behind the protocol contract, for the tests of commands. */
final class CoinbaseAdapterProtocol implements MarketProtocol {

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
    ProductMapping products = ProductMapping.registry(context.registry());
    return new ProtocolSession() {
      @Override
      public List<String> onOpen(long epochNanos) {
        return List.of();
      }

      @Override
      public void onFrame(String frame, long receivedEpochNanos) {
        switch (CoinbaseExchangeAdapter.adapt(
            frame, Instant.ofEpochSecond(0, receivedEpochNanos), products)) {
          case Adapted.Trade(var trade) -> context.output().trade(trade);
          case Adapted.Ignored(String type, boolean known) ->
              context.output().ignored(known ? type : "other");
          case Adapted.Failed(ErrorKind kind, String error) ->
              context.output().deadLetter(kind, error);
        }
      }
    };
  }
}
