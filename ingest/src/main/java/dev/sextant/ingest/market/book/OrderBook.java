package dev.sextant.ingest.market.book;

import dev.sextant.ingest.market.WireNumbers;
import dev.sextant.schemas.decimal.Decimals;
import dev.sextant.schemas.v1.BookLevel;
import dev.sextant.schemas.v1.BookUpdate;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.TreeMap;

/**
 * An L2 order book of one instrument, best level first on each side. Levels keep the venue's own
 * text of price and size, because Kraken and OKX checksum the text as sent ("0.10" is not "0.1").
 *
 * <p>Not thread-safe: each book belongs to one session thread.
 */
public final class OrderBook {

  /**
   * One price level.
   *
   * @param price the price, compared numerically (so "100.0" and "100" are one level)
   * @param size the size, > 0 in a book
   * @param priceText the price as the venue wrote it
   * @param sizeText the size as the venue wrote it
   */
  public record Level(BigDecimal price, BigDecimal size, String priceText, String sizeText) {
    public Level {
      Objects.requireNonNull(price, "price");
      Objects.requireNonNull(size, "size");
      Objects.requireNonNull(priceText, "priceText");
      Objects.requireNonNull(sizeText, "sizeText");
    }

    /** This level as a record field. */
    public BookLevel toProto() {
      return BookLevel.newBuilder().setPrice(Decimals.of(price)).setSize(Decimals.of(size)).build();
    }
  }

  private final TreeMap<BigDecimal, Level> bids = new TreeMap<>(Comparator.reverseOrder());
  private final TreeMap<BigDecimal, Level> asks = new TreeMap<>();

  /** Empties both sides, before a snapshot. */
  public void clear() {
    bids.clear();
    asks.clear();
  }

  /**
   * Sets a level from the venue's text; a size of zero removes it.
   *
   * @return the level as set (size zero when removed), for the delta record
   * @throws dev.sextant.ingest.market.FrameException when price or size is not a bounded decimal
   */
  public Level set(BookSide side, String priceText, String sizeText) {
    BigDecimal price = WireNumbers.positive("price", priceText);
    BigDecimal size = WireNumbers.nonNegative("size", sizeText);
    return set(side, new Level(price, size, priceText, sizeText));
  }

  /** Sets a parsed level; a size of zero removes it. Returns {@code level}. */
  public Level set(BookSide side, Level level) {
    TreeMap<BigDecimal, Level> levels = side(side);
    if (level.size().signum() == 0) {
      levels.remove(level.price());
    } else {
      levels.put(level.price(), level);
    }
    return level;
  }

  /** The level at {@code price}, or null. */
  public Level get(BookSide side, BigDecimal price) {
    return side(side).get(price);
  }

  /** The best level of a side, or null when the side is empty. */
  public Level best(BookSide side) {
    var entry = side(side).firstEntry();
    return entry == null ? null : entry.getValue();
  }

  /** The best {@code n} levels of a side (fewer when the side is shallower), best first. */
  public List<Level> top(BookSide side, int n) {
    List<Level> top = new ArrayList<>(Math.min(n, side(side).size()));
    Iterator<Level> it = side(side).values().iterator();
    while (top.size() < n && it.hasNext()) {
      top.add(it.next());
    }
    return top;
  }

  /** All levels of a side, best first; a live view. */
  public Collection<Level> levels(BookSide side) {
    return Collections.unmodifiableCollection(side(side).values());
  }

  /** How many levels a side holds. */
  public int depth(BookSide side) {
    return side(side).size();
  }

  /**
   * Drops the levels beyond the best {@code maxDepth} on each side, as venues with a fixed
   * subscribed depth expect (Kraken: a level pushed out of the top N is no longer sent).
   */
  public void truncate(int maxDepth) {
    while (bids.size() > maxDepth) {
      bids.pollLastEntry();
    }
    while (asks.size() > maxDepth) {
      asks.pollLastEntry();
    }
  }

  /** Writes both sides into {@code update} as a snapshot's levels, best first. */
  public BookUpdate.Builder writeLevels(BookUpdate.Builder update) {
    for (Level level : bids.values()) {
      update.addBids(level.toProto());
    }
    for (Level level : asks.values()) {
      update.addAsks(level.toProto());
    }
    return update;
  }

  /**
   * Applies a published record, as a consumer does: a snapshot replaces the book, a delta sets its
   * levels. This is how tests rebuild the reference book from the output stream.
   */
  public void apply(BookUpdate update) {
    if (update.getKind() == BookUpdate.Kind.KIND_SNAPSHOT) {
      clear();
    }
    for (BookLevel level : update.getBidsList()) {
      set(BookSide.BID, level.getPrice().getValue(), level.getSize().getValue());
    }
    for (BookLevel level : update.getAsksList()) {
      set(BookSide.ASK, level.getPrice().getValue(), level.getSize().getValue());
    }
  }

  /** True when both books hold the same levels (numerically), whatever the text. */
  public boolean sameLevels(OrderBook other) {
    return sameSide(bids, other.bids) && sameSide(asks, other.asks);
  }

  private static boolean sameSide(TreeMap<BigDecimal, Level> a, TreeMap<BigDecimal, Level> b) {
    if (a.size() != b.size()) {
      return false;
    }
    Iterator<Level> ia = a.values().iterator();
    Iterator<Level> ib = b.values().iterator();
    while (ia.hasNext()) {
      Level x = ia.next();
      Level y = ib.next();
      if (x.price().compareTo(y.price()) != 0 || x.size().compareTo(y.size()) != 0) {
        return false;
      }
    }
    return true;
  }

  private TreeMap<BigDecimal, Level> side(BookSide side) {
    return side == BookSide.BID ? bids : asks;
  }

  @Override
  public String toString() {
    return "OrderBook{bids=" + top(BookSide.BID, 5) + ", asks=" + top(BookSide.ASK, 5) + "}";
  }
}
