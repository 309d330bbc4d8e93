package dev.sextant.ingest.market.binance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sextant.ingest.deadletter.ErrorKind;
import dev.sextant.ingest.market.GapKind;
import dev.sextant.ingest.market.RestFrame;
import dev.sextant.ingest.market.book.OrderBook;
import dev.sextant.ingest.market.testing.BookFault;
import dev.sextant.ingest.market.testing.ExpectedTrade;
import dev.sextant.ingest.market.testing.VenueHarness;
import dev.sextant.ingest.market.testing.VenueServer;
import dev.sextant.schemas.registry.Instrument;
import dev.sextant.schemas.v1.Side;
import java.math.BigDecimal;
import java.net.URI;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/** The Binance spot or USD-M simulator as a local venue, REST depth snapshots included. */
public final class BinanceHarness implements VenueHarness {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long START_MILLIS = 1_764_000_000_000L;
  private static final List<String> SYMBOLS = List.of("BTCUSDT", "ETHUSDT");

  private final boolean futures;
  private final BinanceSimulator venue;

  private BinanceHarness(boolean futures, long seed) {
    this.futures = futures;
    this.venue =
        futures
            ? BinanceSimulator.futures(seed, START_MILLIS, "BTCUSDT", "ETHUSDT")
            : BinanceSimulator.spot(seed, START_MILLIS, "BTCUSDT", "ETHUSDT");
  }

  public static BinanceHarness spot(long seed) {
    return new BinanceHarness(false, seed);
  }

  public static BinanceHarness futures(long seed) {
    return new BinanceHarness(true, seed);
  }

  @Override
  public String protocol() {
    return futures ? "binance-futures" : "binance";
  }

  @Override
  public List<Instrument> instruments() {
    return SYMBOLS.stream().map(s -> Instrument.parse(instrument(s))).toList();
  }

  private String instrument(String symbol) {
    String pair = symbol.substring(0, 3) + "-" + symbol.substring(3);
    return futures ? "binance-futures:" + pair + "-PERP" : "binance:" + pair;
  }

  @Override
  public void routes(VenueServer server, Object lock) {
    String path = futures ? "/fapi/v1/depth" : "/api/v3/depth";
    server.rest(
        path,
        query -> {
          RestFrame answer;
          synchronized (lock) {
            answer = venue.restAnswer(URI.create("http://venue" + path + "?" + query));
          }
          return new VenueServer.RestAnswer(answer.status(), answer.body());
        });
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
    JsonNode root;
    try {
      root = JSON.readTree(frame);
    } catch (Exception e) {
      throw new IllegalArgumentException("the simulator wrote bad JSON: " + frame, e);
    }
    JsonNode data = root.path("data");
    String event = data.path("e").asText();
    if (!event.equals("trade") && !event.equals("aggTrade")) {
      return List.of();
    }
    return List.of(
        new ExpectedTrade(
            instrument(data.get("s").asText()),
            // Aggregate trade ids live in their own space, published with an "a".
            futures ? "a" + data.get("a").asLong() : Long.toString(data.get("t").asLong()),
            new BigDecimal(data.get("p").asText()),
            new BigDecimal(data.get("q").asText()),
            // m: the buyer was the maker, so the aggressor sold.
            data.get("m").asBoolean() ? Side.SIDE_SELL : Side.SIDE_BUY,
            Instant.ofEpochMilli(data.get("T").asLong())));
  }

  @Override
  public Map<String, OrderBook> books() {
    Map<String, OrderBook> books = new LinkedHashMap<>();
    for (String symbol : SYMBOLS) {
      books.put(instrument(symbol), venue.book(symbol));
    }
    return books;
  }

  @Override
  public TradeReplay replay() {
    return TradeReplay.NONE;
  }

  @Override
  public String symbol(String instrument) {
    Instrument i = Instrument.parse(instrument);
    return (i.base() + i.quote()).toLowerCase(Locale.ROOT);
  }

  @Override
  public String unknown() {
    return "{\"stream\":\"btcusdt@rpiDepth\",\"data\":{\"e\":\"rpiDepthUpdate\","
        + "\"E\":1764000000000,\"s\":\"BTCUSDT\"}}";
  }

  @Override
  public BookFault.Recovery lostFrameRecovery() {
    return BookFault.Recovery.REST;
  }

  @Override
  public List<BookFault> faults() {
    return List.of(
        new BookFault(
            "a skipped depth update",
            "",
            GapKind.SEQUENCE,
            BookFault.Recovery.REST,
            Optional.empty(),
            () -> venue.skipSequence("BTCUSDT")),
        new BookFault(
            "a skipped depth update whose first snapshot fetch fails",
            "",
            GapKind.SEQUENCE,
            BookFault.Recovery.REST,
            Optional.of(ErrorKind.VENUE_ERROR),
            () -> {
              venue.skipSequence("ETHUSDT");
              venue.failNextSnapshots(1);
            }));
  }
}
