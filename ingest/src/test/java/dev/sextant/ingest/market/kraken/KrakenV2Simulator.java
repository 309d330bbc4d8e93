package dev.sextant.ingest.market.kraken;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import dev.sextant.ingest.market.book.BookSide;
import dev.sextant.ingest.market.book.OrderBook;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Plays a Kraken v2 connection, deterministically from a seed: acks, the instrument channel's
 * precisions, book snapshots and checksummed updates, trades (with the trade snapshot sent on
 * subscribe), tickers and heartbeats, with prices as JSON numbers; and, on demand, faults.
 */
final class KrakenV2Simulator {

  private static final ObjectMapper JSON = new ObjectMapper();

  private final SimMarket market;
  private final Deque<String> pending = new ArrayDeque<>();
  private final Set<String> bookSubscribed = new LinkedHashSet<>();
  private final Set<String> tradeSubscribed = new LinkedHashSet<>();
  private final Set<String> tickerSubscribed = new LinkedHashSet<>();
  private final Map<String, String> lastTop = new HashMap<>();
  private final List<String> tradeFrames = new ArrayList<>();
  private long nanos;
  private int sinceHeartbeat;
  private boolean corruptNext;
  private boolean dropNext;

  KrakenV2Simulator(long seed, Map<String, Double> symbols, int depth, long startNanos) {
    this.market = new SimMarket(seed, symbols, depth);
    this.nanos = startNanos;
  }

  /** BTC near 65,000 and ETH near 1,900, at depth 25. */
  static KrakenV2Simulator btcEth(long seed, long startNanos) {
    Map<String, Double> symbols = new LinkedHashMap<>();
    symbols.put("BTC/USD", 65_000.0);
    symbols.put("ETH/USD", 1_900.0);
    return new KrakenV2Simulator(seed, symbols, KrakenV2Protocol.BOOK_DEPTH, startNanos);
  }

  long now() {
    return nanos;
  }

  /** What the venue sends as the connection opens. */
  List<String> connected() {
    return List.of(
        "{\"channel\":\"status\",\"type\":\"update\",\"data\":[{\"version\":\"2.0.10\","
            + "\"system\":\"online\",\"api_version\":\"v2\",\"connection_id\":1234567890123456789}]}");
  }

  /** The frames the venue answers a client frame with (subscribe, unsubscribe, ping). */
  List<String> afterSubscribe(String frame) {
    List<String> out = new ArrayList<>();
    JsonNode request;
    try {
      request = JSON.readTree(frame);
    } catch (Exception e) {
      throw new IllegalArgumentException("not JSON: " + frame, e);
    }
    String method = request.path("method").asText();
    long reqId = request.path("req_id").asLong();
    if (method.equals("ping")) {
      out.add(
          "{\"method\":\"pong\",\"req_id\":"
              + reqId
              + ",\"time_in\":\""
              + time()
              + "\",\"time_out\":\""
              + time()
              + "\"}");
      return out;
    }
    JsonNode params = request.path("params");
    String channel = params.path("channel").asText();
    if (channel.equals("instrument")) {
      ObjectNode ack = JSON.createObjectNode();
      ack.put("method", method);
      ack.putObject("result").put("channel", "instrument").put("snapshot", true);
      ack.put("success", true);
      ack.put("time_in", time());
      ack.put("time_out", time());
      ack.put("req_id", reqId);
      out.add(ack.toString());
      out.add(instruments());
      return out;
    }
    for (JsonNode symbolNode : params.path("symbol")) {
      String symbol = symbolNode.asText();
      ObjectNode result = JSON.createObjectNode();
      result.put("channel", channel);
      if (channel.equals("book")) {
        result.put("depth", params.path("depth").asInt(10));
      }
      if (method.equals("subscribe")) {
        result.put("snapshot", true);
      }
      result.put("symbol", symbol);
      ObjectNode ordered = JSON.createObjectNode();
      ordered.put("method", method);
      ordered.set("result", result);
      ordered.put("success", true);
      ordered.put("time_in", time());
      ordered.put("time_out", time());
      ordered.put("req_id", reqId);
      out.add(ordered.toString());
      Set<String> set =
          switch (channel) {
            case "book" -> bookSubscribed;
            case "trade" -> tradeSubscribed;
            default -> tickerSubscribed;
          };
      if (method.equals("unsubscribe")) {
        set.remove(symbol);
        continue;
      }
      set.add(symbol);
      SimMarket.Book book = market.book(symbol);
      switch (channel) {
        case "book" -> out.add(bookFrame("snapshot", book, snapshotLevels(book)));
        case "trade" -> {
          if (!book.recent.isEmpty()) {
            out.add(tradeFrame("snapshot", List.copyOf(book.recent)));
          }
        }
        default -> {
          lastTop.remove(symbol);
          out.add(ticker("snapshot", book));
        }
      }
    }
    return out;
  }

  /** The next frame the venue sends, advancing the clock by 5 to 55 ms. */
  String nextFrame() {
    nanos += (5 + market.random().nextInt(50)) * 1_000_000L;
    sinceHeartbeat++;
    if (!pending.isEmpty()) {
      return pending.removeFirst();
    }
    List<String> live = new ArrayList<>(bookSubscribed);
    if (live.isEmpty() || sinceHeartbeat > 40) {
      sinceHeartbeat = 0;
      return "{\"channel\":\"heartbeat\"}";
    }
    SimMarket.Book book = market.book(live.get(market.random().nextInt(live.size())));
    int roll = market.random().nextInt(100);
    List<SimMarket.Change> changes = new ArrayList<>();
    if (roll < 25 && tradeSubscribed.contains(book.pair)) {
      SimMarket.Fill fill = market.trade(book, nanos, changes);
      String trade = tradeFrame("update", List.of(fill));
      tradeFrames.add(trade);
      String update = bookUpdate(book, changes);
      if (update != null) {
        pending.addLast(update);
      }
    } else if (roll < 30 && tickerSubscribed.contains(book.pair)) {
      lastTop.remove(book.pair); // Kraken re-sends unchanged tickers
      return ticker("update", book);
    } else {
      changes = market.mutate(book);
      String update = bookUpdate(book, changes);
      return update == null ? nextFrame() : update;
    }
    if (tickerSubscribed.contains(book.pair) && !top(book).equals(lastTop.get(book.pair))) {
      pending.addLast(ticker("update", book));
    }
    return tradeFrames.getLast();
  }

  /** The connection dropped: frames of an event not yet sent are gone. */
  void disconnect() {
    pending.clear();
  }

  /** True while frames of the last event are still to come. */
  boolean hasPending() {
    return !pending.isEmpty();
  }

  /** The venue's book of {@code pair}, to compare with a client's. */
  OrderBook book(String pair) {
    SimMarket.Book book = market.book(pair);
    OrderBook levels = new OrderBook();
    book.bids.forEach((p, q) -> levels.set(BookSide.BID, p.toPlainString(), q.toPlainString()));
    book.asks.forEach((p, q) -> levels.set(BookSide.ASK, p.toPlainString(), q.toPlainString()));
    return levels;
  }

  /** The next book update carries a wrong checksum. */
  void corruptNextChecksum() {
    corruptNext = true;
  }

  /** The next book update is lost on the way. */
  void dropNextBookUpdate() {
    dropNext = true;
  }

  /** The last {@code n} trade frames again. */
  List<String> resendRecentTrades(int n) {
    return List.copyOf(
        tradeFrames.subList(Math.max(0, tradeFrames.size() - n), tradeFrames.size()));
  }

  // --- frames -------------------------------------------------------------------------------

  private String instruments() {
    ObjectNode frame = JSON.createObjectNode();
    frame.put("channel", "instrument");
    frame.put("type", "snapshot");
    ObjectNode data = frame.putObject("data");
    ArrayNode assets = data.putArray("assets");
    for (String asset : List.of("BTC", "ETH", "USD")) {
      assets
          .addObject()
          .put("id", asset)
          .put("status", "enabled")
          .put("precision", asset.equals("USD") ? 4 : 10)
          .put("precision_display", 5)
          .put("borrowable", true)
          .put("collateral_value", 1.0)
          .put("margin_rate", 0.02);
    }
    ArrayNode pairs = data.putArray("pairs");
    for (String symbol : market.pairs()) {
      SimMarket.Book book = market.book(symbol);
      ObjectNode pair = pairs.addObject();
      pair.put("symbol", symbol);
      pair.put("base", symbol.substring(0, symbol.indexOf('/')));
      pair.put("quote", "USD");
      pair.put("status", "online");
      pair.put("qty_precision", book.qtyPrecision);
      pair.putRawValue("qty_increment", new RawValue("0.00000001"));
      pair.put("price_precision", book.pricePrecision);
      pair.put("cost_precision", 5);
      pair.put("marginable", true);
      pair.put("has_index", true);
      pair.putRawValue("cost_min", new RawValue("0.5"));
      pair.putRawValue("tick_size", new RawValue(book.tick.toPlainString()));
      pair.putRawValue("price_increment", new RawValue(book.tick.toPlainString()));
      pair.putRawValue("qty_min", new RawValue("0.0001"));
    }
    return frame.toString();
  }

  private static List<SimMarket.Change> snapshotLevels(SimMarket.Book book) {
    List<SimMarket.Change> levels = new ArrayList<>();
    book.bids.forEach((p, q) -> levels.add(new SimMarket.Change(true, p, q, false)));
    book.asks.forEach((p, q) -> levels.add(new SimMarket.Change(false, p, q, false)));
    return levels;
  }

  private String bookUpdate(SimMarket.Book book, List<SimMarket.Change> changes) {
    if (!bookSubscribed.contains(book.pair) || changes.isEmpty()) {
      return null;
    }
    if (dropNext) {
      dropNext = false;
      return null;
    }
    return bookFrame("update", book, changes);
  }

  private String bookFrame(String type, SimMarket.Book book, List<SimMarket.Change> levels) {
    ObjectNode frame = JSON.createObjectNode();
    frame.put("channel", "book");
    frame.put("type", type);
    ObjectNode element = frame.putArray("data").addObject();
    element.put("symbol", book.pair);
    ArrayNode bids = element.putArray("bids");
    ArrayNode asks = element.putArray("asks");
    for (SimMarket.Change c : levels) {
      ObjectNode level = (c.bid() ? bids : asks).addObject();
      level.putRawValue("price", number(c.price()));
      level.putRawValue("qty", number(c.qty()));
    }
    long checksum =
        SimMarket.checksum(
            book,
            (bid, p) -> p.setScale(book.pricePrecision, RoundingMode.UNNECESSARY).toPlainString(),
            q -> q.setScale(book.qtyPrecision, RoundingMode.UNNECESSARY).toPlainString());
    if (corruptNext && type.equals("update")) {
      corruptNext = false;
      checksum = (checksum + 1) & 0xFFFF_FFFFL;
    }
    element.put("checksum", checksum);
    element.put("timestamp", time());
    return frame.toString();
  }

  private String tradeFrame(String type, List<SimMarket.Fill> fills) {
    ObjectNode frame = JSON.createObjectNode();
    frame.put("channel", "trade");
    frame.put("type", type);
    ArrayNode data = frame.putArray("data");
    for (SimMarket.Fill fill : fills) {
      ObjectNode t = data.addObject();
      t.put("symbol", fill.pair());
      t.put("side", fill.buy() ? "buy" : "sell");
      t.putRawValue("price", number(fill.price()));
      t.putRawValue("qty", number(fill.qty()));
      t.put("ord_type", fill.id() % 4 == 0 ? "market" : "limit");
      t.put("trade_id", fill.id());
      t.put("timestamp", time(fill.nanos()));
    }
    return frame.toString();
  }

  private String ticker(String type, SimMarket.Book book) {
    lastTop.put(book.pair, top(book));
    ObjectNode frame = JSON.createObjectNode();
    frame.put("channel", "ticker");
    frame.put("type", type);
    ObjectNode t = frame.putArray("data").addObject();
    var bid = book.bids.firstEntry();
    var ask = book.asks.firstEntry();
    t.put("symbol", book.pair);
    t.putRawValue("bid", number(bid.getKey()));
    t.putRawValue("bid_qty", number(bid.getValue()));
    t.putRawValue("ask", number(ask.getKey()));
    t.putRawValue("ask_qty", number(ask.getValue()));
    t.putRawValue("last", number(bid.getKey()));
    t.putRawValue("volume", new RawValue("1234.56789"));
    t.putRawValue("vwap", number(bid.getKey()));
    t.putRawValue("low", number(bid.getKey()));
    t.putRawValue("high", number(ask.getKey()));
    t.putRawValue("change", new RawValue("0.0"));
    t.putRawValue("change_pct", new RawValue("0.0"));
    t.put("timestamp", time());
    return frame.toString();
  }

  private static String top(SimMarket.Book book) {
    return book.bids.firstEntry() + "/" + book.asks.firstEntry();
  }

  /** A JSON number as Kraken v2 writes it: no trailing zeros ("0.5", "65000"). */
  private static RawValue number(BigDecimal value) {
    return new RawValue(value.stripTrailingZeros().toPlainString());
  }

  private String time() {
    return time(nanos);
  }

  private static String time(long nanos) {
    Instant instant =
        Instant.ofEpochSecond(nanos / 1_000_000_000L, (nanos % 1_000_000_000L) / 1000 * 1000);
    String text = instant.toString();
    // RFC 3339 with microseconds, as Kraken writes it.
    int dot = text.indexOf('.');
    String fraction =
        dot < 0
            ? "000000"
            : (text.substring(dot + 1, text.length() - 1) + "000000").substring(0, 6);
    return (dot < 0 ? text.substring(0, text.length() - 1) : text.substring(0, dot))
        + "."
        + fraction
        + "Z";
  }
}
