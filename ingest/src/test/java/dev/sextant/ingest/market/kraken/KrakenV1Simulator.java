package dev.sextant.ingest.market.kraken;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sextant.ingest.market.book.BookSide;
import dev.sextant.ingest.market.book.OrderBook;
import java.math.BigDecimal;
import java.math.RoundingMode;
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
 * Plays a Kraken v1 connection, deterministically from a seed: subscription statuses, book
 * snapshots and checksummed updates, trades, tickers and heartbeats, in Kraken's documented array
 * format; and, on demand, the faults a client must survive.
 */
final class KrakenV1Simulator {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int PRICE_DECIMALS = 5;
  private static final int VOLUME_DECIMALS = 8;

  private final SimMarket market;
  private final Deque<String> pending = new ArrayDeque<>();
  private final Set<String> bookSubscribed = new LinkedHashSet<>();
  private final Set<String> tradeSubscribed = new LinkedHashSet<>();
  private final Set<String> tickerSubscribed = new LinkedHashSet<>();
  private final Map<String, Integer> channelIds = new HashMap<>();
  private final Map<String, String> lastTop = new HashMap<>();
  private final List<String> tradeFrames = new ArrayList<>();
  private long nanos;
  private long sinceHeartbeat;
  private boolean corruptNext;
  private boolean dropNext;

  /**
   * @param pairs v1 pair names ("XBT/USD") with their mid prices
   * @param startNanos the clock's start, epoch nanoseconds
   */
  KrakenV1Simulator(long seed, Map<String, Double> pairs, int depth, long startNanos) {
    this.market = new SimMarket(seed, pairs, depth);
    this.nanos = startNanos;
  }

  /** BTC near 65,000 and ETH near 1,900, at depth 25. */
  static KrakenV1Simulator btcEth(long seed, long startNanos) {
    Map<String, Double> pairs = new LinkedHashMap<>();
    pairs.put("XBT/USD", 65_000.0);
    pairs.put("ETH/USD", 1_900.0);
    return new KrakenV1Simulator(seed, pairs, KrakenV1Protocol.BOOK_DEPTH, startNanos);
  }

  /** The simulated clock: the receive time of the last frame. */
  long now() {
    return nanos;
  }

  /** What the venue sends as the connection opens. */
  List<String> connected() {
    return List.of(
        "{\"connectionID\":1234567890123456789,\"event\":\"systemStatus\",\"status\":\"online\","
            + "\"version\":\"1.9.2\"}");
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
    String event = request.path("event").asText();
    if (event.equals("ping")) {
      out.add("{\"event\":\"pong\",\"reqid\":" + request.path("reqid").asLong() + "}");
      return out;
    }
    String name = request.path("subscription").path("name").asText();
    int depth = request.path("subscription").path("depth").asInt(10);
    for (JsonNode pairNode : request.path("pair")) {
      String pair = pairNode.asText();
      String channelName = name.equals("book") ? "book-" + depth : name;
      ObjectNode status = JSON.createObjectNode();
      status.put("channelID", channelId(channelName, pair));
      status.put("channelName", channelName);
      status.put("event", "subscriptionStatus");
      status.put("pair", pair);
      status.put("reqid", request.path("reqid").asLong());
      status.put("status", event.equals("subscribe") ? "subscribed" : "unsubscribed");
      status.set("subscription", request.path("subscription"));
      out.add(status.toString());
      Set<String> set =
          switch (name) {
            case "book" -> bookSubscribed;
            case "trade" -> tradeSubscribed;
            default -> tickerSubscribed;
          };
      if (event.equals("unsubscribe")) {
        set.remove(pair);
        continue;
      }
      set.add(pair);
      if (name.equals("book")) {
        out.add(snapshot(market.book(pair)));
      } else if (name.equals("ticker")) {
        lastTop.remove(pair);
        out.add(ticker(market.book(pair)));
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
      return "{\"event\":\"heartbeat\"}";
    }
    SimMarket.Book book = market.book(live.get(market.random().nextInt(live.size())));
    int roll = market.random().nextInt(100);
    List<SimMarket.Change> changes = new ArrayList<>();
    if (roll < 25 && tradeSubscribed.contains(book.pair)) {
      SimMarket.Fill fill = market.trade(book, nanos, changes);
      String trade = trade(fill);
      tradeFrames.add(trade);
      String update = bookUpdate(book, changes);
      if (update != null) {
        pending.addLast(update);
      }
    } else if (roll < 30 && tickerSubscribed.contains(book.pair)) {
      // Kraken re-sends tickers whose best prices did not change.
      lastTop.remove(book.pair);
      return ticker(book);
    } else {
      changes = market.mutate(book);
      String update = bookUpdate(book, changes);
      if (update == null) {
        return nextFrame();
      }
      return update;
    }
    String top = top(book);
    if (tickerSubscribed.contains(book.pair) && !top.equals(lastTop.get(book.pair))) {
      pending.addLast(ticker(book));
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

  /** The next book update is lost on the way (the client's book silently diverges). */
  void dropNextBookUpdate() {
    dropNext = true;
  }

  // --- frames -------------------------------------------------------------------------------

  private String snapshot(SimMarket.Book book) {
    ArrayNode frame = JSON.createArrayNode();
    frame.add(channelId("book-" + market.depth(), book.pair));
    ObjectNode payload = frame.addObject();
    ArrayNode as = payload.putArray("as");
    book.asks.forEach((p, q) -> level(as, p, q, false));
    ArrayNode bs = payload.putArray("bs");
    book.bids.forEach((p, q) -> level(bs, p, q, false));
    frame.add("book-" + market.depth());
    frame.add(book.pair);
    return frame.toString();
  }

  /** An update frame, or null when the update was dropped (the fault). */
  private String bookUpdate(SimMarket.Book book, List<SimMarket.Change> changes) {
    if (!bookSubscribed.contains(book.pair) || changes.isEmpty()) {
      return null;
    }
    if (dropNext) {
      dropNext = false;
      return null;
    }
    ArrayNode frame = JSON.createArrayNode();
    frame.add(channelId("book-" + market.depth(), book.pair));
    ArrayNode a = JSON.createArrayNode();
    ArrayNode b = JSON.createArrayNode();
    for (SimMarket.Change c : changes) {
      level(c.bid() ? b : a, c.price(), c.qty(), c.republish());
    }
    long checksum = SimMarket.checksum(book, (bid, p) -> price(p), KrakenV1Simulator::volume);
    if (corruptNext) {
      corruptNext = false;
      checksum = (checksum + 1) & 0xFFFF_FFFFL;
    }
    ObjectNode last = null;
    if (!a.isEmpty()) {
      last = frame.addObject();
      last.set("a", a);
    }
    if (!b.isEmpty()) {
      last = frame.addObject();
      last.set("b", b);
    }
    last.put("c", Long.toString(checksum));
    frame.add("book-" + market.depth());
    frame.add(book.pair);
    return frame.toString();
  }

  private String trade(SimMarket.Fill fill) {
    ArrayNode frame = JSON.createArrayNode();
    frame.add(channelId("trade", fill.pair()));
    ArrayNode entry = frame.addArray().addArray();
    entry.add(price(fill.price()));
    entry.add(volume(fill.qty()));
    entry.add(seconds(fill.nanos()));
    entry.add(fill.buy() ? "b" : "s");
    entry.add(market.random().nextInt(4) == 0 ? "m" : "l");
    entry.add("");
    frame.add("trade");
    frame.add(fill.pair());
    return frame.toString();
  }

  private String ticker(SimMarket.Book book) {
    lastTop.put(book.pair, top(book));
    ArrayNode frame = JSON.createArrayNode();
    frame.add(channelId("ticker", book.pair));
    ObjectNode t = frame.addObject();
    var ask = book.asks.firstEntry();
    var bid = book.bids.firstEntry();
    t.putArray("a")
        .add(price(ask.getKey()))
        .add(ask.getValue().intValue())
        .add(volume(ask.getValue()));
    t.putArray("b")
        .add(price(bid.getKey()))
        .add(bid.getValue().intValue())
        .add(volume(bid.getValue()));
    t.putArray("c").add(price(bid.getKey())).add("0.10000000");
    t.putArray("v").add("1234.56789000").add("5678.12345000");
    frame.add("ticker");
    frame.add(book.pair);
    return frame.toString();
  }

  private void level(ArrayNode side, BigDecimal price, BigDecimal qty, boolean republish) {
    ArrayNode level = side.addArray().add(price(price)).add(volume(qty)).add(seconds(nanos));
    if (republish) {
      level.add("r");
    }
  }

  private static String top(SimMarket.Book book) {
    return book.bids.firstEntry() + "/" + book.asks.firstEntry();
  }

  private int channelId(String channelName, String pair) {
    return channelIds.computeIfAbsent(channelName + " " + pair, k -> 300 + channelIds.size());
  }

  static String price(BigDecimal price) {
    return price.setScale(PRICE_DECIMALS, RoundingMode.UNNECESSARY).toPlainString();
  }

  static String volume(BigDecimal volume) {
    return volume.setScale(VOLUME_DECIMALS, RoundingMode.UNNECESSARY).toPlainString();
  }

  static String seconds(long nanos) {
    return BigDecimal.valueOf(nanos / 1000, 6).toPlainString();
  }
}
