package dev.sextant.ingest.market.coinbase;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sextant.ingest.deadletter.ErrorKind;
import dev.sextant.ingest.market.GapKind;
import dev.sextant.ingest.market.book.BookSide;
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

/** The Coinbase Exchange simulator as a local venue. */
public final class CoinbaseExchangeHarness implements VenueHarness {

  static final ObjectMapper JSON = new ObjectMapper();
  private static final List<String> PRODUCTS = List.of("BTC-USD", "ETH-USD");

  private final CoinbaseExchangeSimulator venue;

  public CoinbaseExchangeHarness(long seed) {
    this.venue = new CoinbaseExchangeSimulator(seed, PRODUCTS, DemoCapture.START);
  }

  @Override
  public String protocol() {
    return "coinbase-exchange";
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
    JsonNode root = read(frame);
    String type = root.path("type").asText();
    if (!type.equals("match") && !type.equals("last_match")) {
      return List.of();
    }
    return List.of(
        new ExpectedTrade(
            "coinbase:" + root.get("product_id").asText(),
            root.get("trade_id").asText(),
            new BigDecimal(root.get("price").asText()),
            new BigDecimal(root.get("size").asText()),
            // The venue names the maker's side: a resting buy was hit by a seller.
            root.get("side").asText().equals("buy") ? Side.SIDE_SELL : Side.SIDE_BUY,
            Instant.parse(root.get("time").asText())));
  }

  @Override
  public Map<String, OrderBook> books() {
    Map<String, OrderBook> books = new LinkedHashMap<>();
    for (String id : PRODUCTS) {
      books.put("coinbase:" + id, book(venue.product(id)));
    }
    return books;
  }

  static OrderBook book(SimulatedMarket.Product product) {
    OrderBook book = new OrderBook();
    product.levels(true).forEach(l -> book.set(BookSide.BID, l[0], l[1]));
    product.levels(false).forEach(l -> book.set(BookSide.ASK, l[0], l[1]));
    return book;
  }

  @Override
  public TradeReplay replay() {
    return TradeReplay.LAST;
  }

  @Override
  public String symbol(String instrument) {
    return Instrument.parse(instrument).base() + "-" + Instrument.parse(instrument).quote();
  }

  @Override
  public String unknown() {
    return "{\"type\":\"auction\",\"product_id\":\"BTC-USD\",\"sequence\":1}";
  }

  @Override
  public List<BookFault> faults() {
    List<BookFault> faults = new ArrayList<>();
    // Matches carry contiguous trade ids: a lost one is a counted gap (nothing to fetch again).
    faults.add(
        new BookFault(
            "a lost match",
            "",
            GapKind.SEQUENCE,
            BookFault.Recovery.NONE,
            Optional.empty(),
            venue::dropNextMatch));
    // level2_batch has no sequence: an unusable update resyncs the book by resubscribing.
    faults.add(
        new BookFault(
            "an l2update with a negative size",
            "",
            GapKind.SEQUENCE,
            BookFault.Recovery.RESUBSCRIBE,
            Optional.of(ErrorKind.BAD_NUMBER),
            venue::corruptNextUpdate));
    return faults;
  }

  static JsonNode read(String frame) {
    try {
      return JSON.readTree(frame);
    } catch (Exception e) {
      throw new IllegalArgumentException("the simulator wrote bad JSON: " + frame, e);
    }
  }
}
