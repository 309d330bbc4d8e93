package dev.sextant.ingest.market.coinbase;

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

/** The Coinbase Advanced Trade simulator as a local venue. */
public final class CoinbaseAdvancedHarness implements VenueHarness {

  private static final List<String> PRODUCTS = List.of("BTC-USD", "ETH-USD");

  private final CoinbaseAdvancedSimulator venue;

  public CoinbaseAdvancedHarness(long seed) {
    this.venue = new CoinbaseAdvancedSimulator(seed, PRODUCTS, DemoCapture.START);
  }

  @Override
  public String protocol() {
    return "coinbase-advanced";
  }

  @Override
  public List<Instrument> instruments() {
    return PRODUCTS.stream().map(p -> Instrument.parse("coinbase:" + p)).toList();
  }

  @Override
  public List<String> connected(String channel) {
    venue.disconnect();
    return List.of();
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
    JsonNode root = CoinbaseExchangeHarness.read(frame);
    if (!root.path("channel").asText().equals("market_trades")) {
      return List.of();
    }
    List<ExpectedTrade> trades = new ArrayList<>();
    for (JsonNode event : root.path("events")) {
      for (JsonNode t : event.path("trades")) {
        trades.add(
            new ExpectedTrade(
                "coinbase:" + t.get("product_id").asText(),
                t.get("trade_id").asText(),
                new BigDecimal(t.get("price").asText()),
                new BigDecimal(t.get("size").asText()),
                // The maker's side, as on the Exchange feed: the aggressor took the other.
                t.get("side").asText().equals("BUY") ? Side.SIDE_SELL : Side.SIDE_BUY,
                Instant.parse(t.get("time").asText())));
      }
    }
    return trades;
  }

  @Override
  public Map<String, OrderBook> books() {
    Map<String, OrderBook> books = new LinkedHashMap<>();
    for (String id : PRODUCTS) {
      books.put("coinbase:" + id, CoinbaseExchangeHarness.book(venue.product(id)));
    }
    return books;
  }

  @Override
  public TradeReplay replay() {
    return TradeReplay.RECENT;
  }

  @Override
  public String symbol(String instrument) {
    return Instrument.parse(instrument).base() + "-" + Instrument.parse(instrument).quote();
  }

  @Override
  public String unknown() {
    return "{\"channel\":\"futures_balance_summary\",\"client_id\":\"\","
        + "\"timestamp\":\"2026-08-09T12:00:00.000000000Z\",\"events\":[]}";
  }

  @Override
  public BookFault.Recovery lostFrameRecovery() {
    return BookFault.Recovery.RECONNECT;
  }

  @Override
  public List<BookFault> faults() {
    // One sequence_num numbers the whole connection: a skip can only be mended by a new one.
    return List.of(
        new BookFault(
            "a skipped sequence_num",
            "",
            GapKind.SEQUENCE,
            BookFault.Recovery.RECONNECT,
            Optional.empty(),
            venue::skipNextSequence));
  }
}
