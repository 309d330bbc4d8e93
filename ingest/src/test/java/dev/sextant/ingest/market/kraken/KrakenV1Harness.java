package dev.sextant.ingest.market.kraken;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sextant.ingest.market.GapKind;
import dev.sextant.ingest.market.book.OrderBook;
import dev.sextant.ingest.market.testing.BookFault;
import dev.sextant.ingest.market.testing.ExpectedTrade;
import dev.sextant.ingest.market.testing.VenueHarness;
import dev.sextant.schemas.registry.Instrument;
import dev.sextant.schemas.v1.Side;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The Kraken v1 simulator as a local venue. */
public final class KrakenV1Harness implements VenueHarness {

  static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, String> PAIRS =
      Map.of("XBT/USD", "kraken:BTC-USD", "ETH/USD", "kraken:ETH-USD");

  private final KrakenV1Simulator venue;

  public KrakenV1Harness(long seed) {
    this.venue = KrakenV1Simulator.btcEth(seed, 1_786_276_800_000_000_000L);
  }

  @Override
  public String protocol() {
    return "kraken-v1";
  }

  @Override
  public List<Instrument> instruments() {
    return List.of(Instrument.parse("kraken:BTC-USD"), Instrument.parse("kraken:ETH-USD"));
  }

  @Override
  public List<String> connected(String channel) {
    venue.disconnect();
    return venue.connected();
  }

  @Override
  public List<String> answer(String channel, String clientFrame) {
    return venue.afterSubscribe(clientFrame);
  }

  @Override
  public String next(String channel) {
    return venue.nextFrame();
  }

  @Override
  public boolean atBoundary(String channel) {
    return !venue.hasPending();
  }

  @Override
  public List<ExpectedTrade> trades(String channel, String frame) {
    JsonNode root = read(frame);
    if (!root.isArray() || !root.path(root.size() - 2).asText().equals("trade")) {
      return List.of();
    }
    String instrument = PAIRS.get(root.get(root.size() - 1).asText());
    List<ExpectedTrade> trades = new ArrayList<>();
    for (JsonNode t : root.get(1)) {
      String price = t.get(0).asText();
      String volume = t.get(1).asText();
      String time = t.get(2).asText();
      String side = t.get(3).asText();
      BigDecimal seconds = new BigDecimal(time);
      trades.add(
          new ExpectedTrade(
              instrument,
              // v1 trades have no id: Sextant keys them by time, price, volume and side.
              time + "-" + price + "-" + volume + "-" + side,
              new BigDecimal(price),
              new BigDecimal(volume),
              side.equals("b") ? Side.SIDE_BUY : Side.SIDE_SELL,
              Instant.ofEpochSecond(
                  seconds.longValue(),
                  seconds.remainder(BigDecimal.ONE).movePointRight(9).longValueExact())));
    }
    return trades;
  }

  @Override
  public Map<String, OrderBook> books() {
    Map<String, OrderBook> books = new LinkedHashMap<>();
    books.put("kraken:BTC-USD", venue.book("XBT/USD"));
    books.put("kraken:ETH-USD", venue.book("ETH/USD"));
    return books;
  }

  @Override
  public TradeReplay replay() {
    return TradeReplay.NONE;
  }

  @Override
  public String symbol(String instrument) {
    return instrument.equals("kraken:BTC-USD") ? "XBT/USD" : "ETH/USD";
  }

  @Override
  public String unknown() {
    return "{\"event\":\"surprise\"}";
  }

  @Override
  public List<BookFault> faults() {
    return List.of(
        new BookFault(
            "a wrong checksum",
            "",
            GapKind.CHECKSUM,
            BookFault.Recovery.RESUBSCRIBE,
            Optional.empty(),
            venue::corruptNextChecksum),
        // Kraken has no sequence numbers: a lost update shows in the next checksum.
        new BookFault(
            "a lost book update",
            "",
            GapKind.CHECKSUM,
            BookFault.Recovery.RESUBSCRIBE,
            Optional.empty(),
            venue::dropNextBookUpdate));
  }

  static JsonNode read(String frame) {
    try {
      return JSON.readTree(frame);
    } catch (Exception e) {
      throw new IllegalArgumentException("the simulator wrote bad JSON: " + frame, e);
    }
  }
}
