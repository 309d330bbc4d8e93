package dev.sextant.ingest.market.okx;

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

/**
 * The OKX simulator as a local venue. OKX itself does not push trades again after a reconnect; the
 * simulator models a re-push of the last few, which this venue sends after a resubscribe so that
 * the feed's dedupe across connections is exercised.
 */
public final class OkxHarness implements VenueHarness {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Map<String, String> INSTRUMENTS =
      Map.of(
          "BTC-USDT",
          "okx:BTC-USDT",
          "ETH-USDT",
          "okx:ETH-USDT",
          "BTC-USDT-SWAP",
          "okx:BTC-USDT-PERP");
  private static final List<String> INST_IDS = List.of("BTC-USDT", "ETH-USDT", "BTC-USDT-SWAP");

  private final OkxSimulator venue;
  private int connections;

  public OkxHarness(long seed) {
    this.venue = new OkxSimulator(seed, 1_764_000_000_000L, INST_IDS);
  }

  @Override
  public String protocol() {
    return "okx";
  }

  @Override
  public List<Instrument> instruments() {
    return INST_IDS.stream().map(id -> Instrument.parse(INSTRUMENTS.get(id))).toList();
  }

  @Override
  public List<String> connected(String channel) {
    venue.disconnect();
    connections++;
    return List.of();
  }

  @Override
  public List<String> answer(String channel, String clientFrame) {
    List<String> frames = new ArrayList<>(venue.afterSubscribe(clientFrame));
    if (connections > 1
        && clientFrame.contains("\"trades\"")
        && clientFrame.contains("\"subscribe\"")) {
      for (String instId : INST_IDS) {
        frames.addAll(venue.resendRecentTrades(instId));
      }
    }
    return frames;
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
    if (!frame.startsWith("{\"arg\":{\"channel\":\"trades\"")) {
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
              INSTRUMENTS.get(t.get("instId").asText()),
              t.get("tradeId").asText(),
              new BigDecimal(t.get("px").asText()),
              new BigDecimal(t.get("sz").asText()),
              t.get("side").asText().equals("buy") ? Side.SIDE_BUY : Side.SIDE_SELL,
              Instant.ofEpochMilli(Long.parseLong(t.get("ts").asText()))));
    }
    return trades;
  }

  @Override
  public Map<String, OrderBook> books() {
    Map<String, OrderBook> books = new LinkedHashMap<>();
    for (String instId : INST_IDS) {
      books.put(INSTRUMENTS.get(instId), venue.book(instId));
    }
    return books;
  }

  @Override
  public TradeReplay replay() {
    return TradeReplay.RECENT;
  }

  @Override
  public String symbol(String instrument) {
    return INSTRUMENTS.entrySet().stream()
        .filter(e -> e.getValue().equals(instrument))
        .findFirst()
        .orElseThrow()
        .getKey();
  }

  @Override
  public String unknown() {
    return "{\"event\":\"surprise\",\"connId\":\"5f3e2a1b\"}";
  }

  @Override
  public List<BookFault> faults() {
    return List.of(
        new BookFault(
            "a skipped seqId",
            "",
            GapKind.SEQUENCE,
            BookFault.Recovery.RESUBSCRIBE,
            Optional.empty(),
            venue::skipSequence),
        new BookFault(
            "a wrong checksum",
            "",
            GapKind.CHECKSUM,
            BookFault.Recovery.RESUBSCRIBE,
            Optional.empty(),
            venue::corruptChecksum));
  }
}
