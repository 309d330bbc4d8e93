package dev.sextant.ingest.market.kraken;

import dev.sextant.ingest.market.book.BookSide;
import dev.sextant.ingest.market.book.OrderBook;
import dev.sextant.schemas.registry.Instrument;
import dev.sextant.schemas.v1.BookLevel;
import dev.sextant.schemas.v1.BookUpdate;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One instrument's Kraken book: the levels, the subscribed depth it is truncated to, and whether it
 * is published, waiting for a snapshot, or (v2) held until the pair's precision is known.
 */
final class TrackedBook {

  /** Where the book stands with the venue. */
  enum State {
    /** No snapshot on this subscription yet: updates are dropped. */
    AWAITING_SNAPSHOT,
    /** Built from a snapshot but not yet verifiable (v2 before the pair's precision arrives). */
    HELD,
    /** Verified and published. */
    LIVE
  }

  /** A level as read from a frame, before it is applied. */
  record WireLevel(BookSide side, OrderBook.Level level) {}

  final Instrument instrument;

  /** The pair as the venue writes it, for resubscribing. */
  final String pair;

  final OrderBook book = new OrderBook();
  int depth;
  State state = State.AWAITING_SNAPSHOT;

  /** A gap was reported: the next published snapshot is a resync. */
  boolean resyncing;

  /** The venue's checksum of the last update applied while {@link State#HELD}. */
  long heldChecksum = -1;

  /** The venue's and the receive time of that update. */
  Instant heldTime;

  Instant heldIngest;

  TrackedBook(Instrument instrument, String pair, int depth) {
    this.instrument = instrument;
    this.pair = pair;
    this.depth = depth;
  }

  /** Replaces the levels with a snapshot's, truncated to the depth. */
  void replace(List<WireLevel> levels) {
    book.clear();
    for (WireLevel level : levels) {
      book.set(level.side(), level.level());
    }
    book.truncate(depth);
  }

  /**
   * Applies an update's levels in order, then drops what falls beyond the depth (Kraken sends no
   * removal for those). The changed levels go into {@code delta}, truncated ones as size 0, so a
   * consumer applying the delta holds the same book.
   */
  void update(List<WireLevel> levels, BookUpdate.Builder delta) {
    for (WireLevel level : levels) {
      book.set(level.side(), level.level());
      BookLevel proto = level.level().toProto();
      if (level.side() == BookSide.BID) {
        delta.addBids(proto);
      } else {
        delta.addAsks(proto);
      }
    }
    for (BookSide side : new BookSide[] {BookSide.BID, BookSide.ASK}) {
      int excess = book.depth(side) - depth;
      if (excess <= 0) {
        continue;
      }
      List<OrderBook.Level> all = book.top(side, book.depth(side));
      List<OrderBook.Level> dropped = new ArrayList<>(all.subList(depth, all.size()));
      for (OrderBook.Level level : dropped) {
        OrderBook.Level removed =
            new OrderBook.Level(level.price(), BigDecimal.ZERO, level.priceText(), "0");
        book.set(side, removed);
        if (side == BookSide.BID) {
          delta.addBids(removed.toProto());
        } else {
          delta.addAsks(removed.toProto());
        }
      }
    }
  }
}
