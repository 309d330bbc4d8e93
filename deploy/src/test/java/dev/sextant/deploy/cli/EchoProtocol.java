package dev.sextant.deploy.cli;

import dev.sextant.ingest.deadletter.ErrorKind;
import dev.sextant.ingest.market.ConnectionPlan;
import dev.sextant.ingest.market.Heartbeat;
import dev.sextant.ingest.market.MarketProtocol;
import dev.sextant.ingest.market.ProtocolSession;
import dev.sextant.ingest.market.SessionContext;
import dev.sextant.schemas.decimal.Decimals;
import dev.sextant.schemas.registry.Instrument;
import dev.sextant.schemas.v1.Trade;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A protocol of the tests' own: a frame {@code
 * {"trade":"<instrument>","id":"..","p":"..","s":".."}} is a trade; {@code {"ack":1}} is ignored;
 * anything else is a malformed frame.
 */
final class EchoProtocol implements MarketProtocol {

  private static final Pattern TRADE =
      Pattern.compile(
          "\\{\"trade\":\"([^\"]+)\",\"id\":\"([^\"]+)\",\"p\":\"([^\"]+)\",\"s\":\"([^\"]+)\"}");

  @Override
  public String name() {
    return "echo";
  }

  @Override
  public String venue() {
    return "kraken";
  }

  @Override
  public URI defaultEndpoint() {
    return URI.create("ws://127.0.0.1:1/echo");
  }

  @Override
  public Heartbeat heartbeat() {
    return new Heartbeat(Duration.ofSeconds(10), Duration.ofSeconds(30));
  }

  @Override
  public List<ConnectionPlan> plan(URI endpoint, List<Instrument> instruments) {
    for (Instrument instrument : instruments) {
      if (!instrument.venue().equals("kraken")) {
        throw new IllegalArgumentException(instrument.id() + " is not a kraken instrument");
      }
    }
    return List.of(new ConnectionPlan("", endpoint, instruments));
  }

  @Override
  public ProtocolSession newSession(SessionContext context) {
    return new ProtocolSession() {
      @Override
      public List<String> onOpen(long epochNanos) {
        return List.of();
      }

      @Override
      public void onFrame(String frame, long receivedEpochNanos) {
        if (frame.equals("{\"ack\":1}")) {
          context.output().ignored("ack");
          return;
        }
        Matcher m = TRADE.matcher(frame);
        if (!m.matches()) {
          context.output().deadLetter(ErrorKind.MALFORMED_FRAME, "not an echo frame");
          return;
        }
        context
            .output()
            .trade(
                Trade.newBuilder()
                    .setInstrument(m.group(1))
                    .setVenue("kraken")
                    .setTradeId(m.group(2))
                    .setPrice(Decimals.of(m.group(3)))
                    .setSize(Decimals.of(m.group(4)))
                    .build());
      }
    };
  }
}
