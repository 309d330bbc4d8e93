package dev.sextant.ingest.market.bybit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sextant.ingest.market.book.BookSide;
import dev.sextant.ingest.market.book.OrderBook;
import java.math.BigDecimal;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * A deterministic Bybit v5 public server of one kind (spot or linear) in frames: subscribe acks,
 * book snapshots and deltas linked by {@code u}, trades, tickers and pongs in the documented
 * format, BTC near 65,000 and ETH near 1,900; and each fault on demand.
 */
public final class BybitSimulator {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One simulated symbol: its book, update id, cross sequence and trades. */
  private final class Market {
    final String symbol;
    final BigDecimal tick;
    final int priceScale;
    final int sizeScale;
    final TreeMap<BigDecimal, String> bids = new TreeMap<>(Comparator.reverseOrder());
    final TreeMap<BigDecimal, String> asks = new TreeMap<>();
    final BigDecimal mid;
    String bookTopic;
    int depth;
    boolean trades;
    boolean tickers;
    long updateId;
    long tradeId;
    String lastTop = "";
    final Deque<String> recentTrades = new ArrayDeque<>();

    Market(String symbol) {
      this.symbol = symbol;
      boolean btc = symbol.startsWith("BTC");
      this.tick = btc ? new BigDecimal("0.1") : new BigDecimal("0.01");
      this.priceScale = linear ? 2 : tick.scale();
      this.sizeScale = linear ? (btc ? 3 : 2) : (btc ? 6 : 5);
      this.mid = btc ? new BigDecimal("65000.0") : new BigDecimal("1900.00");
      this.updateId = 10_000_000L + random.nextInt(10_000_000);
      this.tradeId = 2_280_000_001_739_000_000L + random.nextInt(1_000_000);
    }

    void fill(int levels) {
      bids.clear();
      asks.clear();
      for (int i = 1; i <= levels; i++) {
        bids.put(mid.subtract(tick.multiply(BigDecimal.valueOf(i))), size());
        asks.put(mid.add(tick.multiply(BigDecimal.valueOf(i))), size());
      }
    }

    String size() {
      // Up to 2 BTC or ETH, in the venue's size precision.
      return BigDecimal.valueOf(1 + random.nextInt(2 * (int) Math.pow(10, sizeScale)), sizeScale)
          .toPlainString();
    }

    String price(BigDecimal price) {
      return price.setScale(priceScale).toPlainString();
    }
  }

  private final Random random;
  private final boolean linear;
  private final Map<String, Market> markets = new LinkedHashMap<>();
  private long nowMillis;
  private long crossSeq;
  private boolean skipNext;

  /**
   * @param seed the random seed: the same seed gives the same frames
   * @param label {@code spot} or {@code linear}, the connection kind, which decides the frames'
   *     details
   * @param startMillis the venue time of the first frame
   * @param symbols the Bybit symbols it serves, e.g. BTCUSDT
   */
  public BybitSimulator(long seed, String label, long startMillis, List<String> symbols) {
    if (!label.equals("spot") && !label.equals("linear")) {
      throw new IllegalArgumentException("label must be spot or linear: " + label);
    }
    this.random = new Random(seed);
    this.linear = label.equals("linear");
    this.nowMillis = startMillis;
    this.crossSeq = 100_000_000_000L + random.nextInt(1_000_000);
    for (String symbol : symbols) {
      markets.put(symbol, new Market(symbol));
    }
  }

  /** The venue time of the last frame. */
  public long nowMillis() {
    return nowMillis;
  }

  /**
   * The server's answer to a client frame: the pong of this kind to a ping; an ack, then book and
   * ticker snapshots, to a subscribe; an ack to an unsubscribe.
   */
  public List<String> afterSubscribe(String clientFrame) {
    JsonNode request;
    try {
      request = JSON.readTree(clientFrame);
    } catch (Exception e) {
      return List.of(ack("", "", false, "error:request not json"));
    }
    String op = request.path("op").asText();
    String reqId = request.path("req_id").asText("");
    if (op.equals("ping")) {
      return List.of(
          linear
              ? "{\"req_id\":\""
                  + reqId
                  + "\",\"op\":\"pong\",\"args\":[\""
                  + nowMillis
                  + "\"],\"conn_id\":\"sim-linear-0001\"}"
              : "{\"success\":true,\"ret_msg\":\"pong\",\"conn_id\":\"sim-spot-0001\",\"req_id\":\""
                  + reqId
                  + "\",\"op\":\"ping\"}");
    }
    boolean on = op.equals("subscribe");
    List<String> frames = new ArrayList<>();
    List<String> after = new ArrayList<>();
    for (JsonNode arg : request.path("args")) {
      String topic = arg.asText();
      String[] parts = topic.split("\\.");
      Market market = markets.get(parts[parts.length - 1]);
      if (market == null) {
        return List.of(ack(op, reqId, false, "error:handler not found,topic:" + topic));
      }
      switch (parts[0]) {
        case "orderbook" -> {
          market.bookTopic = on ? topic : null;
          if (on) {
            market.depth = Integer.parseInt(parts[1]);
            market.fill(Math.min(market.depth, 40));
            after.add(bookSnapshot(market));
          }
        }
        case "publicTrade" -> market.trades = on;
        case "tickers" -> {
          market.tickers = on;
          if (on) {
            after.add(ticker(market, true));
          }
        }
        default -> {}
      }
    }
    frames.add(ack(op, reqId, true, linear ? "" : op));
    frames.addAll(after);
    return frames;
  }

  /** The next pushed frame: a book delta, a trade or a ticker. */
  public String nextFrame() {
    nowMillis += 15 + random.nextInt(70);
    List<Market> open =
        markets.values().stream().filter(m -> m.bookTopic != null || m.trades).toList();
    if (open.isEmpty()) {
      return ack("ping", "", true, "pong");
    }
    Market market = open.get(random.nextInt(open.size()));
    int roll = random.nextInt(100);
    if (roll < 20 && market.trades) {
      return trades(market);
    }
    if (roll < 35 && market.tickers) {
      return ticker(market, !linear);
    }
    if (market.bookTopic != null) {
      return delta(market);
    }
    return trades(market);
  }

  /** The venue's book of {@code symbol}, to compare with a client's. */
  public OrderBook book(String symbol) {
    Market market = markets.get(symbol);
    OrderBook book = new OrderBook();
    market.bids.forEach((p, q) -> book.set(BookSide.BID, market.price(p), q));
    market.asks.forEach((p, q) -> book.set(BookSide.ASK, market.price(p), q));
    return book;
  }

  /** The next book delta skips an update id. */
  public void skipSequence() {
    skipNext = true;
  }

  /** The u=1 snapshot Bybit sends after a service restart, with a fresh book. */
  public String restartSnapshot(String symbol) {
    Market market = markets.get(symbol);
    market.fill(Math.min(market.depth, 40));
    market.updateId = 0;
    return bookSnapshot(market);
  }

  /** The trades pushed last on {@code symbol}, pushed again as after a reconnect. */
  public List<String> resendRecentTrades(String symbol) {
    return List.copyOf(markets.get(symbol).recentTrades);
  }

  /** The socket dropped: every subscription is gone. */
  public void disconnect() {
    for (Market market : markets.values()) {
      market.bookTopic = null;
      market.trades = false;
      market.tickers = false;
      market.lastTop = "";
    }
  }

  // ---- frames

  private String ack(String op, String reqId, boolean success, String message) {
    return "{\"success\":"
        + success
        + ",\"ret_msg\":\""
        + message
        + "\",\"conn_id\":\"sim-"
        + (linear ? "linear" : "spot")
        + "-0001\",\"req_id\":\""
        + reqId
        + "\",\"op\":\""
        + op
        + "\"}";
  }

  private String bookSnapshot(Market market) {
    market.updateId++;
    return "{\"topic\":\""
        + market.bookTopic
        + "\",\"type\":\"snapshot\",\"ts\":"
        + nowMillis
        + ",\"data\":{\"s\":\""
        + market.symbol
        + "\",\"b\":"
        + levels(
            market,
            market.bids.entrySet().stream()
                .map(e -> new String[] {market.price(e.getKey()), e.getValue()})
                .toList())
        + ",\"a\":"
        + levels(
            market,
            market.asks.entrySet().stream()
                .map(e -> new String[] {market.price(e.getKey()), e.getValue()})
                .toList())
        + ",\"u\":"
        + market.updateId
        + ",\"seq\":"
        + ++crossSeq
        + "},\"cts\":"
        + (nowMillis - 1)
        + "}";
  }

  private String delta(Market market) {
    List<String[]> bids = new ArrayList<>();
    List<String[]> asks = new ArrayList<>();
    int changes = 1 + random.nextInt(4);
    for (int i = 0; i < changes; i++) {
      boolean bid = random.nextBoolean();
      TreeMap<BigDecimal, String> side = bid ? market.bids : market.asks;
      List<String[]> out = bid ? bids : asks;
      int action = random.nextInt(10);
      if (action < 3 && side.size() > 20) {
        BigDecimal price =
            side.keySet().stream().skip(random.nextInt(20)).findFirst().orElseThrow();
        side.remove(price);
        out.add(new String[] {market.price(price), "0"});
      } else {
        BigDecimal step = market.tick.multiply(BigDecimal.valueOf(1 + random.nextInt(60)));
        BigDecimal price = bid ? market.mid.subtract(step) : market.mid.add(step);
        String size = market.size();
        side.put(price, size);
        out.add(new String[] {market.price(price), size});
        // A level pushed out of the subscribed depth is deleted, as Bybit does.
        if (side.size() > market.depth) {
          BigDecimal worst = side.lastKey();
          side.remove(worst);
          out.add(new String[] {market.price(worst), "0"});
        }
      }
    }
    market.updateId += skipNext ? 2 : 1;
    skipNext = false;
    return "{\"topic\":\""
        + market.bookTopic
        + "\",\"type\":\"delta\",\"ts\":"
        + nowMillis
        + ",\"data\":{\"s\":\""
        + market.symbol
        + "\",\"b\":"
        + levels(market, bids)
        + ",\"a\":"
        + levels(market, asks)
        + ",\"u\":"
        + market.updateId
        + ",\"seq\":"
        + ++crossSeq
        + "},\"cts\":"
        + (nowMillis - 1)
        + "}";
  }

  private String trades(Market market) {
    StringBuilder data = new StringBuilder();
    int count = 1 + random.nextInt(3);
    for (int i = 0; i < count; i++) {
      boolean buy = random.nextBoolean();
      BigDecimal price = buy ? market.asks.firstKey() : market.bids.firstKey();
      String id =
          linear
              ? String.format(
                  "%08x-%04x-5%03x-%04x-%012x",
                  random.nextInt() & 0xffffffffL,
                  random.nextInt(0x10000),
                  random.nextInt(0x1000),
                  0x8000 | random.nextInt(0x4000),
                  random.nextLong() & 0xffffffffffffL)
              : Long.toString(++market.tradeId);
      if (i > 0) {
        data.append(',');
      }
      data.append("{\"T\":")
          .append(nowMillis)
          .append(",\"s\":\"")
          .append(market.symbol)
          .append("\",\"S\":\"")
          .append(buy ? "Buy" : "Sell")
          .append("\",\"v\":\"")
          .append(market.size())
          .append("\",\"p\":\"")
          .append(market.price(price))
          .append("\",\"L\":\"ZeroPlusTick\",\"i\":\"")
          .append(id)
          .append("\",\"BT\":false,\"RPI\":false,\"seq\":")
          .append(++crossSeq)
          .append('}');
    }
    String frame =
        "{\"topic\":\"publicTrade."
            + market.symbol
            + "\",\"type\":\"snapshot\",\"ts\":"
            + nowMillis
            + ",\"data\":["
            + data
            + "]}";
    market.recentTrades.addLast(frame);
    if (market.recentTrades.size() > 5) {
      market.recentTrades.removeFirst();
    }
    return frame;
  }

  /** Linear: a snapshot, then deltas of what changed; spot: always a snapshot, with no bid/ask. */
  private String ticker(Market market, boolean snapshot) {
    String last = market.price(market.bids.firstKey());
    StringBuilder data = new StringBuilder("{\"symbol\":\"").append(market.symbol).append('"');
    if (snapshot || !linear) {
      data.append(",\"lastPrice\":\"")
          .append(last)
          .append("\",\"highPrice24h\":\"")
          .append(market.price(market.mid.add(market.tick.multiply(BigDecimal.valueOf(900)))))
          .append("\",\"lowPrice24h\":\"")
          .append(market.price(market.mid.subtract(market.tick.multiply(BigDecimal.valueOf(1100)))))
          .append("\",\"volume24h\":\"17573.912\",\"turnover24h\":\"1142118412.9021\"");
    }
    if (linear) {
      data.append(",\"markPrice\":\"").append(last).append('"');
      var bid = market.bids.firstEntry();
      var ask = market.asks.firstEntry();
      String top = bid + "|" + ask;
      if (snapshot || !top.equals(market.lastTop)) {
        market.lastTop = top;
        data.append(",\"bid1Price\":\"")
            .append(market.price(bid.getKey()))
            .append("\",\"bid1Size\":\"")
            .append(bid.getValue())
            .append("\",\"ask1Price\":\"")
            .append(market.price(ask.getKey()))
            .append("\",\"ask1Size\":\"")
            .append(ask.getValue())
            .append('"');
      }
    } else {
      data.append(",\"usdIndexPrice\":\"").append(last).append('"');
    }
    data.append('}');
    return "{\"topic\":\"tickers."
        + market.symbol
        + "\",\"type\":\""
        + (snapshot ? "snapshot" : "delta")
        + "\",\"data\":"
        + data
        + ",\"cs\":"
        + ++crossSeq
        + ",\"ts\":"
        + nowMillis
        + "}";
  }

  private static String levels(Market market, List<String[]> levels) {
    StringBuilder json = new StringBuilder("[");
    for (String[] level : levels) {
      if (json.length() > 1) {
        json.append(',');
      }
      json.append("[\"").append(level[0]).append("\",\"").append(level[1]).append("\"]");
    }
    return json.append(']').toString();
  }
}
