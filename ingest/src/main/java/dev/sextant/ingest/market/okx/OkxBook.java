package dev.sextant.ingest.market.okx;

import dev.sextant.ingest.market.book.OrderBook;

/**
 * The order book of one OKX instrument with its sync state: whether it is live (built from a
 * snapshot, every update linked and checksummed since), the last {@code seqId}, and whether the
 * next snapshot ends a gap.
 */
final class OkxBook {

  /** No seqId seen: frames of 2022 and before carry none, and the checksum alone guards them. */
  static final long NO_SEQ = Long.MIN_VALUE;

  final OrderBook book = new OrderBook();
  boolean live;
  boolean resyncing;
  long lastSeqId = NO_SEQ;

  /** Drops the book until the next snapshot; that snapshot then reports the resync. */
  void lose() {
    live = false;
    resyncing = true;
    lastSeqId = NO_SEQ;
    book.clear();
  }
}
