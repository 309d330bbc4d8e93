package dev.sextant.ingest.market.binance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.sextant.ingest.market.RestFrame;
import dev.sextant.ingest.market.book.BookSide;
import dev.sextant.ingest.market.book.OrderBook;
import java.math.BigDecimal;
import java.net.URI;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

/**
 * A deterministic (seeded) Binance spot or USD-M venue in the documented format, faults included.
 */
final class BinanceSimulator {

  // Use: afterSubscribe for each subscribe frame the client sends, then nextFrame (received at
  // lastFrameNanos); answer each snapshot fetch with restAnswer. It sends subscribe answers,
  // trades (spot trade, futures aggTrade), bookTicker, depth@100ms deltas and REST snapshots.
  // Binance's heartbeats are WebSocket pings, so no text heartbeat is generated.

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long STEP_MILLIS = 100;

  private record Frame(long nanos, String text) {}

  private final boolean futures;
  private final Random random;
  private final Map<String, SimMarket> markets = new LinkedHashMap<>();
  private final Set<String> subscribed = new HashSet<>();
  private final ArrayDeque<Frame> pending = new ArrayDeque<>();
  private final ArrayDeque<String> recentTrades = new ArrayDeque<>();
  private long nowMillis;
  private long frameNanos;
  private int failSnapshots;

  private BinanceSimulator(boolean futures, long seed, long startEpochMillis, String... symbols) {
    this.futures = futures;
    this.random = new Random(seed);
    this.nowMillis = startEpochMillis;
    this.frameNanos = startEpochMillis * 1_000_000L;
    for (String symbol : symbols) {
      markets.put(symbol.toLowerCase(Locale.ROOT), new SimMarket(symbol.toUpperCase(Locale.ROOT)));
    }
  }

  /** A spot venue for symbols like {@code BTCUSDT}: BTC near 65,000, ETH near 1,900. */
  static BinanceSimulator spot(long seed, long startEpochMillis, String... symbols) {
    return new BinanceSimulator(false, seed, startEpochMillis, symbols);
  }

  /** A USD-M futures venue for perpetual symbols like {@code BTCUSDT}. */
  static BinanceSimulator futures(long seed, long startEpochMillis, String... symbols) {
    return new BinanceSimulator(true, seed, startEpochMillis, symbols);
  }

  /** The answers to one subscribe frame: {@code {"result":null,"id":N}} or an error answer. */
  List<String> afterSubscribe(String subscribeFrame) {
    JsonNode request;
    try {
      request = JSON.readTree(subscribeFrame);
    } catch (Exception e) {
      return List.of("{\"error\":{\"code\":3,\"msg\":\"Invalid JSON\"},\"id\":null}");
    }
    String id = request.path("id").toString();
    if (!"SUBSCRIBE".equals(request.path("method").asText()) || !request.path("params").isArray()) {
      return List.of(
          "{\"error\":{\"code\":2,\"msg\":\"Invalid request: unknown method\"},\"id\":" + id + "}");
    }
    request.path("params").forEach(p -> subscribed.add(p.asText()));
    return List.of("{\"result\":null,\"id\":" + id + "}");
  }

  /** The next frame the venue sends. */
  String nextFrame() {
    while (pending.isEmpty()) {
      step();
    }
    Frame frame = pending.removeFirst();
    frameNanos = frame.nanos();
    return frame.text();
  }

  /** True while frames of the current 100 ms step are still to be sent. */
  boolean hasPending() {
    return !pending.isEmpty();
  }

  /** When the last frame from {@link #nextFrame} was received, nanoseconds since the epoch. */
  long lastFrameNanos() {
    return frameNanos;
  }

  /** The REST answer to a depth snapshot request, as the session receives it. */
  RestFrame restAnswer(URI uri) {
    String query = uri.getRawQuery() == null ? "" : uri.getRawQuery();
    String symbol = "";
    for (String pair : query.split("&")) {
      if (pair.startsWith("symbol=")) {
        symbol = pair.substring("symbol=".length());
      }
    }
    SimMarket market = markets.get(symbol.toLowerCase(Locale.ROOT));
    if (market == null) {
      return new RestFrame(uri, 400, "{\"code\":-1121,\"msg\":\"Invalid symbol.\"}");
    }
    if (failSnapshots > 0) {
      failSnapshots--;
      return new RestFrame(uri, 429, "{\"code\":-1003,\"msg\":\"Too many requests.\"}");
    }
    return new RestFrame(uri, 200, market.snapshot());
  }

  /** The venue's current book of {@code symbol}, to compare with a client's. */
  OrderBook book(String symbol) {
    SimMarket market = markets.get(symbol.toLowerCase(Locale.ROOT));
    OrderBook book = new OrderBook();
    market.bids.forEach((p, q) -> book.set(BookSide.BID, market.price(p), market.size(q)));
    market.asks.forEach((p, q) -> book.set(BookSide.ASK, market.price(p), market.size(q)));
    return book;
  }

  /** The next depth delta of {@code symbol} follows an update that is never sent. */
  void skipSequence(String symbol) {
    markets.get(symbol.toLowerCase(Locale.ROOT)).skipNext = true;
  }

  /** The next {@code count} snapshot requests fail with HTTP 429. */
  void failNextSnapshots(int count) {
    failSnapshots += count;
  }

  /** The last {@code count} trade frames again, as a venue replays them after a reconnect. */
  List<String> resendRecentTrades(int count) {
    List<String> all = new ArrayList<>(recentTrades);
    return all.subList(Math.max(0, all.size() - count), all.size());
  }

  /** The connection dropped: subscriptions and frames in flight are gone. */
  void disconnect() {
    subscribed.clear();
    pending.clear();
  }

  private void step() {
    nowMillis += STEP_MILLIS;
    int offset = 0;
    for (SimMarket market : markets.values()) {
      for (String frame : market.step()) {
        if (frame == null) {
          continue; // a stream nobody subscribed to
        }
        offset += 1 + random.nextInt(4);
        pending.addLast(new Frame((nowMillis + offset) * 1_000_000L + random.nextInt(1000), frame));
      }
    }
  }

  private String wrap(String stream, String payload) {
    return "{\"stream\":\"" + stream + "\",\"data\":" + payload + "}";
  }

  /** One symbol's book, trades and update ids. */
  private final class SimMarket {
    final String symbol;
    final String stream;
    final BigDecimal tick;
    final int priceScale;
    final BigDecimal lot;
    final int sizeScale;
    final TreeMap<Long, Long> bids = new TreeMap<>();
    final TreeMap<Long, Long> asks = new TreeMap<>();
    long mid;
    long lastUpdate;
    long tradeId;
    String lastTicker = "";
    boolean skipNext;

    SimMarket(String symbol) {
      this.symbol = symbol;
      this.stream = symbol.toLowerCase(Locale.ROOT);
      boolean btc = symbol.startsWith("BTC");
      // Futures quote BTC in 0.10 steps and sizes to 0.001; spot writes 8 decimals throughout.
      this.tick = new BigDecimal(futures && btc ? "0.10" : "0.01");
      this.priceScale = futures ? 2 : 8;
      this.lot = new BigDecimal(futures ? "0.001" : "0.00001");
      this.sizeScale = futures ? 3 : 8;
      double price = btc ? 65_000 : 1_900;
      this.mid = Math.round(price / tick.doubleValue());
      this.lastUpdate = (futures ? 5_000_000_000_000L : 40_000_000_000L) + random.nextInt(1 << 20);
      this.tradeId = (futures ? 2_000_000_000L : 3_000_000_000L) + random.nextInt(1 << 20);
      for (int i = 1; i <= 60; i++) {
        bids.put(mid - i, size());
        asks.put(mid + i, size());
      }
    }

    long size() {
      return 1 + random.nextInt(futures ? 4_000 : 200_000);
    }

    List<String> step() {
      List<String> frames = new ArrayList<>();
      Map<Long, Long> bidChanges = new LinkedHashMap<>();
      Map<Long, Long> askChanges = new LinkedHashMap<>();
      if (random.nextInt(10) < 3) {
        mid += random.nextBoolean() ? 1 : -1;
        for (Long price : new ArrayList<>(asks.headMap(mid, true).keySet())) {
          asks.remove(price);
          askChanges.put(price, 0L);
        }
        for (Long price : new ArrayList<>(bids.tailMap(mid, true).keySet())) {
          bids.remove(price);
          bidChanges.put(price, 0L);
        }
      }
      int trades = random.nextInt(20);
      trades = trades < 11 ? 0 : trades < 17 ? 1 : 2;
      for (int i = 0; i < trades; i++) {
        boolean buy = random.nextBoolean();
        TreeMap<Long, Long> side = buy ? asks : bids;
        if (side.isEmpty()) {
          continue;
        }
        long price = buy ? side.firstKey() : side.lastKey();
        long available = side.get(price);
        long taken = Math.min(available, 1 + random.nextInt(futures ? 500 : 20_000));
        if (taken == available) {
          side.remove(price);
        } else {
          side.put(price, available - taken);
        }
        (buy ? askChanges : bidChanges).put(price, available - taken);
        frames.add(trade(price, taken, buy));
      }
      int changes = 1 + random.nextInt(3);
      for (int i = 0; i < changes; i++) {
        boolean bid = random.nextBoolean();
        long price = bid ? mid - 1 - random.nextInt(12) : mid + 1 + random.nextInt(12);
        long size = random.nextInt(5) == 0 ? 0 : size();
        TreeMap<Long, Long> side = bid ? bids : asks;
        if (size == 0) {
          side.remove(price);
        } else {
          side.put(price, size);
        }
        (bid ? bidChanges : askChanges).put(price, size);
      }
      if (skipNext) {
        // An update the client never sees: its change makes the client's book wrong until resync.
        skipNext = false;
        lastUpdate += 7;
        bids.put(mid - 30, size());
      }
      frames.add(depth(bidChanges, askChanges, changes + trades));
      String ticker = ticker();
      if (ticker != null) {
        frames.add(ticker);
      }
      return frames;
    }

    String trade(long price, long size, boolean buy) {
      tradeId++;
      long time = nowMillis - 1 - random.nextInt(5);
      String payload =
          futures
              ? "{\"e\":\"aggTrade\",\"E\":"
                  + (time + 3)
                  + ",\"a\":"
                  + tradeId
                  + ",\"s\":\""
                  + symbol
                  + "\",\"p\":\""
                  + price(price)
                  + "\",\"q\":\""
                  + size(size)
                  + "\",\"f\":"
                  + (tradeId * 3)
                  + ",\"l\":"
                  + (tradeId * 3 + random.nextInt(3))
                  + ",\"T\":"
                  + time
                  + ",\"m\":"
                  + !buy
                  + "}"
              : "{\"e\":\"trade\",\"E\":"
                  + (time + 1)
                  + ",\"s\":\""
                  + symbol
                  + "\",\"t\":"
                  + tradeId
                  + ",\"p\":\""
                  + price(price)
                  + "\",\"q\":\""
                  + size(size)
                  + "\",\"T\":"
                  + time
                  + ",\"m\":"
                  + !buy
                  + ",\"M\":true}";
      String frame = wrap(stream + (futures ? "@aggTrade" : "@trade"), payload);
      recentTrades.addLast(frame);
      if (recentTrades.size() > 50) {
        recentTrades.removeFirst();
      }
      return subscribed.contains(stream + (futures ? "@aggTrade" : "@trade")) ? frame : null;
    }

    String depth(Map<Long, Long> bidChanges, Map<Long, Long> askChanges, int changes) {
      long prev = lastUpdate;
      long first = futures ? prev + 1 + random.nextInt(40) : prev + 1;
      long last = first + changes - 1 + random.nextInt(3);
      lastUpdate = last;
      long event = nowMillis;
      StringBuilder payload = new StringBuilder("{\"e\":\"depthUpdate\",\"E\":").append(event);
      if (futures) {
        payload.append(",\"T\":").append(event - 2);
      }
      payload.append(",\"s\":\"").append(symbol).append("\",\"U\":").append(first);
      payload.append(",\"u\":").append(last);
      if (futures) {
        payload.append(",\"pu\":").append(prev);
      }
      payload.append(",\"b\":").append(levels(bidChanges));
      payload.append(",\"a\":").append(levels(askChanges)).append('}');
      return subscribed.contains(stream + "@depth@100ms")
          ? wrap(stream + "@depth@100ms", payload.toString())
          : null;
    }

    String ticker() {
      if (bids.isEmpty() || asks.isEmpty()) {
        return null;
      }
      String body =
          "\"s\":\""
              + symbol
              + "\",\"b\":\""
              + price(bids.lastKey())
              + "\",\"B\":\""
              + size(bids.lastEntry().getValue())
              + "\",\"a\":\""
              + price(asks.firstKey())
              + "\",\"A\":\""
              + size(asks.firstEntry().getValue())
              + "\"";
      // Binance re-sends an unchanged best bid/ask now and then; so does the simulator.
      if (body.equals(lastTicker) && random.nextInt(20) != 0) {
        return null;
      }
      lastTicker = body;
      String payload =
          futures
              ? "{\"e\":\"bookTicker\",\"u\":"
                  + lastUpdate
                  + ","
                  + body
                  + ",\"T\":"
                  + (nowMillis - 2)
                  + ",\"E\":"
                  + nowMillis
                  + "}"
              : "{\"u\":" + lastUpdate + "," + body + "}";
      return subscribed.contains(stream + "@bookTicker")
          ? wrap(stream + "@bookTicker", payload)
          : null;
    }

    String snapshot() {
      StringBuilder body = new StringBuilder("{\"lastUpdateId\":").append(lastUpdate);
      if (futures) {
        body.append(",\"E\":").append(nowMillis).append(",\"T\":").append(nowMillis - 1);
      }
      body.append(",\"bids\":").append(levels(bids.descendingMap()));
      body.append(",\"asks\":").append(levels(asks)).append('}');
      return body.toString();
    }

    String levels(Map<Long, Long> levels) {
      StringBuilder out = new StringBuilder("[");
      int n = 0;
      for (Map.Entry<Long, Long> level : levels.entrySet()) {
        if (n++ == 1000) {
          break;
        }
        if (out.length() > 1) {
          out.append(',');
        }
        out.append("[\"")
            .append(price(level.getKey()))
            .append("\",\"")
            .append(size(level.getValue()))
            .append("\"]");
      }
      return out.append(']').toString();
    }

    String price(long ticks) {
      return tick.multiply(BigDecimal.valueOf(ticks)).setScale(priceScale).toPlainString();
    }

    String size(long lots) {
      return lot.multiply(BigDecimal.valueOf(lots)).setScale(sizeScale).toPlainString();
    }
  }
}
