package dev.sextant.ingest.market.kraken;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.zip.CRC32;

/**
 * A seeded random market behind the Kraken simulators: one book per pair kept at exactly the
 * subscribed depth, level changes, and trades that take liquidity from the touch.
 */
final class SimMarket {

  /**
   * A level change as the venue would send it; {@code republish} marks a level coming into scope.
   */
  record Change(boolean bid, BigDecimal price, BigDecimal qty, boolean republish) {}

  /** A trade; {@code buy} is the taker's side. */
  record Fill(String pair, BigDecimal price, BigDecimal qty, boolean buy, long id, long nanos) {}

  /** One pair's book and trade history. */
  static final class Book {
    final String pair;
    final int pricePrecision;
    final int qtyPrecision = 8;
    final BigDecimal tick;
    final TreeMap<BigDecimal, BigDecimal> bids = new TreeMap<>(Comparator.reverseOrder());
    final TreeMap<BigDecimal, BigDecimal> asks = new TreeMap<>();
    final Deque<Fill> recent = new ArrayDeque<>();
    long nextTradeId;

    Book(String pair, int pricePrecision, long firstTradeId) {
      this.pair = pair;
      this.pricePrecision = pricePrecision;
      this.tick = BigDecimal.ONE.movePointLeft(pricePrecision);
      this.nextTradeId = firstTradeId;
    }

    TreeMap<BigDecimal, BigDecimal> side(boolean bid) {
      return bid ? bids : asks;
    }
  }

  private final Random random;
  private final int depth;
  private final Map<String, Book> books = new LinkedHashMap<>();

  /**
   * @param mids pair to mid price; a mid above 10,000 gets a 0.1 tick, others 0.01
   */
  SimMarket(long seed, Map<String, Double> mids, int depth) {
    this.random = new Random(seed);
    this.depth = depth;
    long firstId = 1_000_000;
    for (Map.Entry<String, Double> e : mids.entrySet()) {
      Book book = new Book(e.getKey(), e.getValue() > 10_000 ? 1 : 2, firstId);
      firstId += 50_000_000;
      BigDecimal mid =
          BigDecimal.valueOf(e.getValue()).setScale(book.pricePrecision, RoundingMode.HALF_EVEN);
      BigDecimal bid = mid.subtract(book.tick);
      BigDecimal ask = mid.add(book.tick);
      for (int i = 0; i < depth; i++) {
        book.bids.put(bid, qty(book));
        book.asks.put(ask, qty(book));
        bid = bid.subtract(book.tick.multiply(BigDecimal.valueOf(1 + random.nextInt(4))));
        ask = ask.add(book.tick.multiply(BigDecimal.valueOf(1 + random.nextInt(4))));
      }
      books.put(book.pair, book);
    }
  }

  Random random() {
    return random;
  }

  int depth() {
    return depth;
  }

  Book book(String pair) {
    Book book = books.get(pair);
    if (book == null) {
      throw new IllegalArgumentException("the simulator has no pair " + pair);
    }
    return book;
  }

  List<String> pairs() {
    return List.copyOf(books.keySet());
  }

  /** Changes one to three levels near the touch, keeping each side at the depth. */
  List<Change> mutate(Book book) {
    List<Change> changes = new ArrayList<>();
    int n = 1 + random.nextInt(3);
    for (int i = 0; i < n; i++) {
      boolean bid = random.nextBoolean();
      TreeMap<BigDecimal, BigDecimal> side = book.side(bid);
      int action = random.nextInt(4);
      if (action <= 1) {
        BigDecimal price = nth(side, random.nextInt(Math.min(10, side.size())));
        BigDecimal qty = qty(book);
        side.put(price, qty);
        changes.add(new Change(bid, price, qty, false));
      } else if (action == 2) {
        insert(book, bid, changes);
      } else {
        BigDecimal price = nth(side, random.nextInt(Math.min(10, side.size())));
        remove(book, bid, price, changes);
      }
    }
    truncate(book);
    return changes;
  }

  /** A trade at the touch; it eats into (or removes) the best level on the other side. */
  Fill trade(Book book, long nanos, List<Change> changes) {
    boolean buy = random.nextBoolean();
    TreeMap<BigDecimal, BigDecimal> side = book.side(!buy);
    BigDecimal price = side.firstKey();
    BigDecimal available = side.firstEntry().getValue();
    BigDecimal qty =
        available
            .multiply(BigDecimal.valueOf(1 + random.nextInt(100)))
            .divide(BigDecimal.valueOf(100), book.qtyPrecision, RoundingMode.DOWN);
    if (qty.signum() == 0) {
      qty = available;
    }
    BigDecimal left = available.subtract(qty);
    if (left.signum() == 0) {
      remove(book, !buy, price, changes);
    } else {
      side.put(price, left);
      changes.add(new Change(!buy, price, left, false));
    }
    truncate(book);
    Fill fill = new Fill(book.pair, price, qty, buy, book.nextTradeId++, nanos);
    book.recent.addLast(fill);
    if (book.recent.size() > 50) {
      book.recent.removeFirst();
    }
    return fill;
  }

  private void insert(Book book, boolean bid, List<Change> changes) {
    TreeMap<BigDecimal, BigDecimal> side = book.side(bid);
    BigDecimal best = side.firstKey();
    BigDecimal other = book.side(!bid).firstKey();
    BigDecimal step = book.tick.multiply(BigDecimal.valueOf(random.nextInt(6) - 3));
    BigDecimal price = bid ? best.add(step) : best.subtract(step);
    if (bid ? price.compareTo(other) >= 0 : price.compareTo(other) <= 0) {
      price = bid ? other.subtract(book.tick) : other.add(book.tick);
    }
    if (price.signum() <= 0) {
      return;
    }
    BigDecimal qty = qty(book);
    side.put(price, qty);
    changes.add(new Change(bid, price, qty, false));
  }

  /**
   * Drops what lies beyond the depth once a message's changes are made, as the client does: such
   * levels leave the client's scope without a message.
   */
  private void truncate(Book book) {
    while (book.bids.size() > depth) {
      book.bids.pollLastEntry();
    }
    while (book.asks.size() > depth) {
      book.asks.pollLastEntry();
    }
  }

  private void remove(Book book, boolean bid, BigDecimal price, List<Change> changes) {
    TreeMap<BigDecimal, BigDecimal> side = book.side(bid);
    side.remove(price);
    changes.add(new Change(bid, price, BigDecimal.ZERO, false));
    // The level that comes back into scope is republished.
    BigDecimal worst = side.lastKey();
    BigDecimal gap = book.tick.multiply(BigDecimal.valueOf(1 + random.nextInt(4)));
    BigDecimal next = bid ? worst.subtract(gap) : worst.add(gap);
    if (next.signum() > 0) {
      BigDecimal qty = qty(book);
      side.put(next, qty);
      changes.add(new Change(bid, next, qty, true));
    }
  }

  private BigDecimal qty(Book book) {
    // Whole lots, round lots and odd sizes, so that trailing zeros occur.
    return switch (random.nextInt(3)) {
      case 0 -> BigDecimal.valueOf(1 + random.nextInt(20)).setScale(book.qtyPrecision);
      case 1 -> BigDecimal.valueOf(1 + random.nextInt(999), 3).setScale(book.qtyPrecision);
      default -> BigDecimal.valueOf(1 + random.nextInt(500_000_000), book.qtyPrecision);
    };
  }

  private static BigDecimal nth(TreeMap<BigDecimal, BigDecimal> side, int n) {
    Iterator<BigDecimal> it = side.keySet().iterator();
    BigDecimal key = it.next();
    for (int i = 0; i < n; i++) {
      key = it.next();
    }
    return key;
  }

  /**
   * Kraken's checksum, written independently of the session's: top 10 asks up, top 10 bids down,
   * price then qty as {@code format} writes them, '.' removed, leading zeros stripped, CRC32.
   */
  static long checksum(
      Book book, BiFunction<Boolean, BigDecimal, String> price, Function<BigDecimal, String> qty) {
    StringBuilder s = new StringBuilder();
    for (boolean bid : new boolean[] {false, true}) {
      int i = 0;
      for (Map.Entry<BigDecimal, BigDecimal> e : book.side(bid).entrySet()) {
        if (i++ == 10) {
          break;
        }
        s.append(strip(price.apply(bid, e.getKey()))).append(strip(qty.apply(e.getValue())));
      }
    }
    CRC32 crc = new CRC32();
    crc.update(s.toString().getBytes(StandardCharsets.US_ASCII));
    return crc.getValue();
  }

  private static String strip(String number) {
    String noDot = number.replace(".", "");
    int i = 0;
    while (i < noDot.length() && noDot.charAt(i) == '0') {
      i++;
    }
    return noDot.substring(i);
  }
}
