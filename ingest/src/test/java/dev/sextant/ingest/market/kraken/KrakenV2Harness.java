package dev.sextant.ingest.market.kraken;

import com.fasterxml.jackson.databind.JsonNode;
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

/** The Kraken v2 simulator as a local venue. */
public final class KrakenV2Harness implements VenueHarness {

  private final KrakenV2Simulator venue;

  public KrakenV2Harness(long seed) {
    this.venue = KrakenV2Simulator.btcEth(seed, 1_786_276_800_000_000_000L);
  }

  @Override
  public String protocol() {
    return "kraken-v2";
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
    JsonNode root = KrakenV1Harness.read(frame);
    if (!root.path("channel").asText().equals("trade")) {
      return List.of();
    }
    List<ExpectedTrade> trades = new ArrayList<>();
    for (JsonNode t : root.path("data")) {
      trades.add(
          new ExpectedTrade(
              "kraken:" + t.get("symbol").asText().replace('/', '-'),
              t.get("trade_id").asText(),
              new BigDecimal(t.get("price").asText()),
              new BigDecimal(t.get("qty").asText()),
              t.get("side").asText().equals("buy") ? Side.SIDE_BUY : Side.SIDE_SELL,
              Instant.parse(t.get("timestamp").asText())));
    }
    return trades;
  }

  @Override
  public Map<String, OrderBook> books() {
    Map<String, OrderBook> books = new LinkedHashMap<>();
    books.put("kraken:BTC-USD", venue.book("BTC/USD"));
    books.put("kraken:ETH-USD", venue.book("ETH/USD"));
    return books;
  }

  @Override
  public TradeReplay replay() {
    return TradeReplay.RECENT;
  }

  @Override
  public String symbol(String instrument) {
    return instrument.substring("kraken:".length()).replace('-', '/');
  }

  @Override
  public String unknown() {
    return "{\"channel\":\"level3\",\"type\":\"update\",\"data\":[]}";
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
        new BookFault(
            "a lost book update",
            "",
            GapKind.CHECKSUM,
            BookFault.Recovery.RESUBSCRIBE,
            Optional.empty(),
            venue::dropNextBookUpdate));
  }
}
