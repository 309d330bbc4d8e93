package dev.sextant.ingest.market.coinbase;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * A deterministic (seeded) market of a few products: an order book per product around a drifting
 * mid (BTC near 65,000, ETH near 1,900, others near 100), level changes and trades against the top
 * of the book. The Coinbase simulators write its events in each feed's format.
 */
final class SimulatedMarket {

  /** A level change: {@code size} "0" removes the level. */
  record Change(boolean bid, String price, String size) {}

  /** A trade: {@code makerSide} is "buy" when a seller hit a resting bid. */
  record Fill(long tradeId, String price, String size, boolean makerBuy, long epochNanos) {}

  /** One product's book and trade history. */
  static final class Product {
    final String id;
    final long tickCents;
    final TreeMap<Long, BigDecimal> bids = new TreeMap<>(Collections.reverseOrder());
    final TreeMap<Long, BigDecimal> asks = new TreeMap<>();
    final Deque<Fill> recent = new ArrayDeque<>();
    long nextTradeId;
    long sequence;

    Product(String id, long midCents, long tickCents, long firstTradeId, long firstSequence) {
      this.id = id;
      this.tickCents = tickCents;
      this.nextTradeId = firstTradeId;
      this.sequence = firstSequence;
      for (int i = 0; i < 40; i++) {
        bids.put(midCents - tickCents * (1 + i * 3L), new BigDecimal("0.50000000"));
        asks.put(midCents + tickCents * (1 + i * 3L), new BigDecimal("0.50000000"));
      }
    }

    String bestBid() {
      return price(bids.firstKey());
    }

    String bestBidSize() {
      return bids.firstEntry().getValue().toPlainString();
    }

    String bestAsk() {
      return price(asks.firstKey());
    }

    String bestAskSize() {
      return asks.firstEntry().getValue().toPlainString();
    }

    List<String[]> levels(boolean bid) {
      List<String[]> out = new ArrayList<>();
      for (Map.Entry<Long, BigDecimal> e : (bid ? bids : asks).entrySet()) {
        out.add(new String[] {price(e.getKey()), e.getValue().toPlainString()});
      }
      return out;
    }
  }

  private final Random random;
  private final List<Product> products = new ArrayList<>();
  private long nowNanos;

  SimulatedMarket(long seed, List<String> productIds, long startEpochNanos) {
    this.random = new Random(seed);
    this.nowNanos = startEpochNanos;
    long firstTradeId = 480_000_000L;
    for (String id : productIds) {
      long mid = id.startsWith("BTC-") ? 6_500_000L : id.startsWith("ETH-") ? 190_000L : 10_000L;
      products.add(new Product(id, mid, 1, firstTradeId, 31_000_000_000L + firstTradeId));
      firstTradeId += 100_000_000L;
    }
  }

  List<Product> products() {
    return products;
  }

  long now() {
    return nowNanos;
  }

  /** Moves the clock on by a random 1 to {@code maxMillis} milliseconds. */
  void advance(int maxMillis) {
    nowNanos += (1 + random.nextInt(maxMillis)) * 1_000_000L + random.nextInt(1000) * 1000L;
  }

  Random random() {
    return random;
  }

  Product pick() {
    return products.get(random.nextInt(products.size()));
  }

  /** One to three level changes near the top of a product's book. */
  List<Change> changes(Product p) {
    int n = 1 + random.nextInt(3);
    List<Change> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      boolean bid = random.nextBoolean();
      TreeMap<Long, BigDecimal> side = bid ? p.bids : p.asks;
      long best = side.firstKey();
      long other = (bid ? p.asks : p.bids).firstKey();
      long offset = random.nextInt(60) * p.tickCents;
      long price = bid ? best + p.tickCents * 2 - offset : best - p.tickCents * 2 + offset;
      if (bid ? price >= other : price <= other) {
        price = bid ? other - p.tickCents : other + p.tickCents;
      }
      BigDecimal size;
      if (side.containsKey(price) && side.size() > 10 && random.nextInt(3) == 0) {
        size = BigDecimal.ZERO;
        side.remove(price);
      } else {
        size = BigDecimal.valueOf(1 + random.nextInt(200_000_000), 8);
        side.put(price, size);
      }
      out.add(new Change(bid, price(price), size.signum() == 0 ? "0" : size.toPlainString()));
    }
    return out;
  }

  /** A trade against the top of a product's book, and the change it makes to that level. */
  Fill trade(Product p, List<Change> levelChange) {
    boolean makerBuy = random.nextBoolean();
    TreeMap<Long, BigDecimal> side = makerBuy ? p.bids : p.asks;
    Map.Entry<Long, BigDecimal> top = side.firstEntry();
    BigDecimal size =
        BigDecimal.valueOf(
                1 + random.nextInt(Math.max(1, top.getValue().movePointRight(8).intValue())), 8)
            .min(top.getValue());
    BigDecimal left = top.getValue().subtract(size);
    if (left.signum() == 0 && side.size() > 10) {
      side.remove(top.getKey());
      levelChange.add(new Change(makerBuy, price(top.getKey()), "0"));
    } else {
      if (left.signum() == 0) {
        left = new BigDecimal("0.10000000");
      }
      side.put(top.getKey(), left);
      levelChange.add(new Change(makerBuy, price(top.getKey()), left.toPlainString()));
    }
    Fill fill =
        new Fill(p.nextTradeId++, price(top.getKey()), size.toPlainString(), makerBuy, nowNanos);
    p.recent.addFirst(fill);
    while (p.recent.size() > 50) {
      p.recent.removeLast();
    }
    return fill;
  }

  static String price(long cents) {
    return BigDecimal.valueOf(cents, 2).toPlainString();
  }

  /** RFC 3339 UTC with {@code digits} fraction digits, as the feeds write it. */
  static String time(long epochNanos, int digits) {
    Instant instant = Instant.ofEpochSecond(0, epochNanos);
    LocalDateTime t = LocalDateTime.ofInstant(instant, ZoneOffset.UTC);
    String fraction = String.format("%09d", instant.getNano()).substring(0, digits);
    return String.format(
        "%04d-%02d-%02dT%02d:%02d:%02d.%sZ",
        t.getYear(),
        t.getMonthValue(),
        t.getDayOfMonth(),
        t.getHour(),
        t.getMinute(),
        t.getSecond(),
        fraction);
  }
}
