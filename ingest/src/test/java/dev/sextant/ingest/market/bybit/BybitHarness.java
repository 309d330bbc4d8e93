package dev.sextant.ingest.market.bybit;

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
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Bybit's spot and linear simulators as one local venue, one connection each. Bybit does not push
 * trades again after a reconnect; the simulators model a re-push of the last few, which this venue
 * sends after a resubscribe so that the feed's dedupe across connections is exercised.
 */
public final class BybitHarness implements VenueHarness {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, List<String>> SYMBOLS =
      Map.of("spot", List.of("BTCUSDT", "ETHUSDT"), "linear", List.of("BTCUSDT"));

  private final Map<String, BybitSimulator> venues = new LinkedHashMap<>();
  private final Map<String, Integer> connections = new HashMap<>();

  public BybitHarness(long seed) {
    venues.put("spot", new BybitSimulator(seed, "spot", 1_764_000_000_000L, SYMBOLS.get("spot")));
    venues.put(
        "linear",
        new BybitSimulator(seed + 1, "linear", 1_764_000_000_000L, SYMBOLS.get("linear")));
  }

  @Override
  public String protocol() {
    return "bybit";
  }

  @Override
  public List<String> channels() {
    return List.of("spot", "linear");
  }

  @Override
  public List<Instrument> instruments() {
    List<Instrument> instruments = new ArrayList<>();
    for (String channel : channels()) {
      SYMBOLS.get(channel).forEach(s -> instruments.add(Instrument.parse(instrument(channel, s))));
    }
    return instruments;
  }

  private static String instrument(String channel, String symbol) {
    String pair = symbol.substring(0, 3) + "-" + symbol.substring(3);
    return "bybit:" + pair + (channel.equals("linear") ? "-PERP" : "");
  }

  @Override
  public List<String> connected(String channel) {
    venues.get(channel).disconnect();
    connections.merge(channel, 1, Integer::sum);
    return List.of();
  }

  @Override
  public List<String> answer(String channel, String clientFrame) {
    BybitSimulator venue = venues.get(channel);
    List<String> frames = new ArrayList<>(venue.afterSubscribe(clientFrame));
    if (connections.get(channel) > 1
        && clientFrame.contains("publicTrade.")
        && clientFrame.contains("\"subscribe\"")) {
      for (String symbol : SYMBOLS.get(channel)) {
        frames.addAll(venue.resendRecentTrades(symbol));
      }
    }
    return frames;
  }

  @Override
  public String next(String channel) {
    return venues.get(channel).nextFrame();
  }

  @Override
  public boolean atBoundary(String channel) {
    return true;
  }

  @Override
  public List<ExpectedTrade> trades(String channel, String frame) {
    if (!frame.startsWith("{\"topic\":\"publicTrade.")) {
      return List.of();
    }
    JsonNode root;
    try {
      root = JSON.readTree(frame);
    } catch (Exception e) {
      throw new IllegalArgumentException("the simulator wrote bad JSON: " + frame, e);
    }
    List<ExpectedTrade> trades = new ArrayList<>();
    for (JsonNode t : root.path("data")) {
      trades.add(
          new ExpectedTrade(
              instrument(channel, t.get("s").asText()),
              t.get("i").asText(),
              new BigDecimal(t.get("p").asText()),
              new BigDecimal(t.get("v").asText()),
              t.get("S").asText().equals("Buy") ? Side.SIDE_BUY : Side.SIDE_SELL,
              Instant.ofEpochMilli(t.get("T").asLong())));
    }
    return trades;
  }

  @Override
  public Map<String, OrderBook> books() {
    Map<String, OrderBook> books = new LinkedHashMap<>();
    for (String channel : channels()) {
      for (String symbol : SYMBOLS.get(channel)) {
        books.put(instrument(channel, symbol), venues.get(channel).book(symbol));
      }
    }
    return books;
  }

  @Override
  public TradeReplay replay() {
    return TradeReplay.RECENT;
  }

  @Override
  public String symbol(String instrument) {
    Instrument i = Instrument.parse(instrument);
    return i.base() + i.quote();
  }

  @Override
  public String unknown() {
    return "{\"topic\":\"adl.BTCUSDT\",\"type\":\"snapshot\",\"ts\":1764000000000,\"data\":[]}";
  }

  @Override
  public List<BookFault> faults() {
    return List.of(
        new BookFault(
            "a skipped update id on spot",
            "spot",
            GapKind.SEQUENCE,
            BookFault.Recovery.RESUBSCRIBE,
            Optional.empty(),
            venues.get("spot")::skipSequence),
        new BookFault(
            "a skipped update id on linear",
            "linear",
            GapKind.SEQUENCE,
            BookFault.Recovery.RESUBSCRIBE,
            Optional.empty(),
            venues.get("linear")::skipSequence));
  }
}
