package dev.sextant.ingest.market.bybit;

import dev.sextant.ingest.market.book.OrderBook;

/**
 * The order book of one Bybit topic with its sync state: whether it is live (built from a snapshot
 * with every delta's {@code u} linked since), the last {@code u}, and whether the next snapshot
 * ends a gap.
 */
final class BybitBook {

  final String topic;
  final OrderBook book = new OrderBook();
  boolean live;
  boolean resyncing;
  long lastUpdateId;

  BybitBook(String topic) {
    this.topic = topic;
  }

  /** Drops the book until the next snapshot; that snapshot then reports the resync. */
  void lose() {
    live = false;
    resyncing = true;
    book.clear();
  }
}
