package dev.sextant.ingest.market.okx;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sextant.ingest.market.book.BookSide;
import dev.sextant.ingest.market.book.OrderBook;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.zip.CRC32;

/**
 * A deterministic OKX v5 public server in frames: subscribe acks, checksummed book snapshots and
 * updates linked by seqId, trades and bbo-tbt in the documented format, BTC near 65,000 and ETH
 * near 1,900; and each fault on demand.
 */
public final class OkxSimulator {

  private static final ObjectMapper JSON = new ObjectMapper();

  /** One simulated instrument: its book, its sequence and its trade ids. */
  private final class Market {
    final String instId;
    final BigDecimal tick;
    final boolean contracts;
    final TreeMap<BigDecimal, String> bids = new TreeMap<>(Comparator.reverseOrder());
    final TreeMap<BigDecimal, String> asks = new TreeMap<>();
    BigDecimal mid;
    long seqId;
    long tradeId;
    boolean books;
    boolean trades;
    boolean bbo;
    String lastTop = "";
    final Deque<String> recentTrades = new ArrayDeque<>();

    Market(String instId) {
      this.instId = instId;
      boolean btc = instId.startsWith("BTC");
      this.tick = btc ? new BigDecimal("0.1") : new BigDecimal("0.01");
      this.contracts = instId.endsWith("-SWAP");
      this.mid = btc ? new BigDecimal("65000.00") : new BigDecimal("1900.000");
      this.mid = mid.setScale(tick.scale(), RoundingMode.HALF_EVEN);
      this.seqId = 1000L + random.nextInt(100_000);
      this.tradeId = 100_000_000L + random.nextInt(1_000_000);
      for (int i = 1; i <= 40; i++) {
        bids.put(mid.subtract(tick.multiply(BigDecimal.valueOf(i))), size());
        asks.put(mid.add(tick.multiply(BigDecimal.valueOf(i))), size());
      }
    }

    String size() {
      if (contracts) {
        return Integer.toString(1 + random.nextInt(400));
      }
      return BigDecimal.valueOf(1 + random.nextInt(2_000_000), 6)
          .stripTrailingZeros()
          .toPlainString();
    }
  }

  private final Random random;
  private final Map<String, Market> markets = new LinkedHashMap<>();
  private final Deque<String> queued = new ArrayDeque<>();
  private long nowMillis;
  private boolean skipNext;
  private boolean corruptNext;

  /**
   * @param seed the random seed: the same seed gives the same frames
   * @param startMillis the venue time of the first frame
   * @param instIds the OKX instruments it serves, e.g. BTC-USDT, BTC-USDT-SWAP
   */
  public OkxSimulator(long seed, long startMillis, List<String> instIds) {
    this.random = new Random(seed);
    this.nowMillis = startMillis;
    for (String instId : instIds) {
      markets.put(instId, new Market(instId));
    }
  }

  /** The venue time of the last frame. */
  public long nowMillis() {
    return nowMillis;
  }

  /**
   * The server's answer to a client frame: {@code pong} to {@code ping}; acks, then book snapshots,
   * to subscribe and unsubscribe requests.
   */
  public List<String> afterSubscribe(String clientFrame) {
    if (clientFrame.equals("ping")) {
      return List.of("pong");
    }
    List<String> frames = new ArrayList<>();
    JsonNode request;
    try {
      request = JSON.readTree(clientFrame);
    } catch (Exception e) {
      return List.of(
          "{\"event\":\"error\",\"code\":\"60012\",\"msg\":\"Invalid request\",\"connId\":\"5f3e2a1b\"}");
    }
    String op = request.path("op").asText();
    boolean on = op.equals("subscribe");
    for (JsonNode arg : request.path("args")) {
      String channel = arg.path("channel").asText();
      String instId = arg.path("instId").asText();
      Market market = markets.get(instId);
      if (market == null) {
        frames.add(
            "{\"event\":\"error\",\"code\":\"60018\",\"msg\":\"Wrong URL or channel:"
                + channel
                + ",instId:"
                + instId
                + " doesn't exist.\",\"connId\":\"5f3e2a1b\"}");
        continue;
      }
      frames.add(
          "{\"event\":\""
              + op
              + "\",\"arg\":{\"channel\":\""
              + channel
              + "\",\"instId\":\""
              + instId
              + "\"},\"connId\":\"5f3e2a1b\"}");
      switch (channel) {
        case "books" -> {
          market.books = on;
          if (on) {
            frames.add(snapshot(market));
          }
        }
        case "trades" -> market.trades = on;
        case "bbo-tbt" -> market.bbo = on;
        default -> {}
      }
    }
    return frames;
  }

  /** The next pushed frame: a book update, a trade or a best bid/offer change. */
  public String nextFrame() {
    if (!queued.isEmpty()) {
      return queued.removeFirst();
    }
    nowMillis += 10 + random.nextInt(60);
    List<Market> open = markets.values().stream().filter(m -> m.books || m.trades).toList();
    if (open.isEmpty()) {
      return "pong";
    }
    Market market = open.get(random.nextInt(open.size()));
    int roll = random.nextInt(100);
    if (roll < 25 && market.trades) {
      return trade(market);
    }
    if (market.books) {
      String update = update(market);
      if (market.bbo) {
        String top = top(market);
        if (!top.equals(market.lastTop)) {
          market.lastTop = top;
          queued.add(bbo(market));
        }
      }
      return update;
    }
    return trade(market);
  }

  /** True while a frame of the last event is still to come. */
  public boolean hasPending() {
    return !queued.isEmpty();
  }

  /** The venue's book of {@code instId}, to compare with a client's. */
  public OrderBook book(String instId) {
    Market market = markets.get(instId);
    OrderBook book = new OrderBook();
    market.bids.forEach((p, q) -> book.set(BookSide.BID, text(p), q));
    market.asks.forEach((p, q) -> book.set(BookSide.ASK, text(p), q));
    return book;
  }

  /** The next book update skips a seqId: its prevSeqId is not the last update's seqId. */
  public void skipSequence() {
    skipNext = true;
  }

  /** The next book update carries a wrong checksum. */
  public void corruptChecksum() {
    corruptNext = true;
  }

  /** The trades pushed last on {@code instId}, pushed again as after a reconnect. */
  public List<String> resendRecentTrades(String instId) {
    return List.copyOf(markets.get(instId).recentTrades);
  }

  /** The socket dropped: every subscription is gone. */
  public void disconnect() {
    queued.clear();
    for (Market market : markets.values()) {
      market.books = false;
      market.trades = false;
      market.bbo = false;
      market.lastTop = "";
    }
  }

  // ---- frames

  private String snapshot(Market market) {
    market.seqId += 1 + random.nextInt(3);
    return "{\"arg\":{\"channel\":\"books\",\"instId\":\""
        + market.instId
        + "\"},\"action\":\"snapshot\",\"data\":[{\"asks\":"
        + levels(
            market.asks.entrySet().stream()
                .map(e -> new String[] {text(e.getKey()), e.getValue()})
                .toList())
        + ",\"bids\":"
        + levels(
            market.bids.entrySet().stream()
                .map(e -> new String[] {text(e.getKey()), e.getValue()})
                .toList())
        + ",\"ts\":\""
        + nowMillis
        + "\",\"checksum\":"
        + checksum(market)
        + ",\"prevSeqId\":-1,\"seqId\":"
        + market.seqId
        + "}]}";
  }

  private String update(Market market) {
    List<String[]> bids = new ArrayList<>();
    List<String[]> asks = new ArrayList<>();
    int changes = 1 + random.nextInt(4);
    for (int i = 0; i < changes; i++) {
      boolean bid = random.nextBoolean();
      TreeMap<BigDecimal, String> side = bid ? market.bids : market.asks;
      List<String[]> out = bid ? bids : asks;
      int action = random.nextInt(10);
      if (action < 3 && side.size() > 30) {
        BigDecimal price = nth(side, random.nextInt(Math.min(side.size(), 30)));
        side.remove(price);
        out.add(new String[] {text(price), "0"});
      } else {
        int distance = 1 + random.nextInt(45);
        BigDecimal step = market.tick.multiply(BigDecimal.valueOf(distance));
        BigDecimal price = bid ? market.mid.subtract(step) : market.mid.add(step);
        String size = market.size();
        side.put(price, size);
        out.add(new String[] {text(price), size});
      }
    }
    long prev = market.seqId;
    market.seqId += 1 + random.nextInt(3);
    if (skipNext) {
      skipNext = false;
      prev -= 1;
    }
    int checksum = checksum(market);
    if (corruptNext) {
      corruptNext = false;
      checksum ^= 0x5a5a;
    }
    return "{\"arg\":{\"channel\":\"books\",\"instId\":\""
        + market.instId
        + "\"},\"action\":\"update\",\"data\":[{\"asks\":"
        + levels(asks)
        + ",\"bids\":"
        + levels(bids)
        + ",\"ts\":\""
        + nowMillis
        + "\",\"checksum\":"
        + checksum
        + ",\"prevSeqId\":"
        + prev
        + ",\"seqId\":"
        + market.seqId
        + "}]}";
  }

  private String trade(Market market) {
    boolean buy = random.nextBoolean();
    BigDecimal px = buy ? market.asks.firstKey() : market.bids.firstKey();
    String frame =
        "{\"arg\":{\"channel\":\"trades\",\"instId\":\""
            + market.instId
            + "\"},\"data\":[{\"instId\":\""
            + market.instId
            + "\",\"tradeId\":\""
            + ++market.tradeId
            + "\",\"px\":\""
            + text(px)
            + "\",\"sz\":\""
            + market.size()
            + "\",\"side\":\""
            + (buy ? "buy" : "sell")
            + "\",\"ts\":\""
            + nowMillis
            + "\",\"count\":\"1\"}]}";
    market.recentTrades.addLast(frame);
    if (market.recentTrades.size() > 5) {
      market.recentTrades.removeFirst();
    }
    return frame;
  }

  private String bbo(Market market) {
    var bid = market.bids.firstEntry();
    var ask = market.asks.firstEntry();
    return "{\"arg\":{\"channel\":\"bbo-tbt\",\"instId\":\""
        + market.instId
        + "\"},\"data\":[{\"asks\":[[\""
        + text(ask.getKey())
        + "\",\""
        + ask.getValue()
        + "\",\"0\",\""
        + (1 + random.nextInt(9))
        + "\"]],\"bids\":[[\""
        + text(bid.getKey())
        + "\",\""
        + bid.getValue()
        + "\",\"0\",\""
        + (1 + random.nextInt(9))
        + "\"]],\"ts\":\""
        + nowMillis
        + "\",\"seqId\":"
        + market.seqId
        + "}]}";
  }

  private static String top(Market market) {
    return market.bids.firstEntry() + "|" + market.asks.firstEntry();
  }

  private String levels(List<String[]> levels) {
    StringBuilder json = new StringBuilder("[");
    for (String[] level : levels) {
      if (json.length() > 1) {
        json.append(',');
      }
      json.append("[\"")
          .append(level[0])
          .append("\",\"")
          .append(level[1])
          .append("\",\"0\",\"")
          .append(level[1].equals("0") ? 0 : 1 + random.nextInt(5))
          .append("\"]");
    }
    return json.append(']').toString();
  }

  private static BigDecimal nth(TreeMap<BigDecimal, String> side, int n) {
    return side.keySet().stream().skip(n).findFirst().orElseThrow();
  }

  /** OKX writes prices without trailing zeros: "65000", "65000.1". */
  private static String text(BigDecimal price) {
    return price.stripTrailingZeros().toPlainString();
  }

  /** The checksum as OKX computes it, independently of the session's code. */
  private static int checksum(Market market) {
    List<String> bids =
        market.bids.entrySet().stream()
            .limit(25)
            .map(e -> text(e.getKey()) + ":" + e.getValue())
            .toList();
    List<String> asks =
        market.asks.entrySet().stream()
            .limit(25)
            .map(e -> text(e.getKey()) + ":" + e.getValue())
            .toList();
    List<String> parts = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      if (i < bids.size()) {
        parts.add(bids.get(i));
      }
      if (i < asks.size()) {
        parts.add(asks.get(i));
      }
    }
    CRC32 crc = new CRC32();
    crc.update(String.join(":", parts).getBytes(StandardCharsets.UTF_8));
    return (int) crc.getValue();
  }
}
