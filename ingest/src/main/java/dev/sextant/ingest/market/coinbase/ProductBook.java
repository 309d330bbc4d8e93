package dev.sextant.ingest.market.coinbase;

import dev.sextant.ingest.market.book.OrderBook;

/** One product's level 2 book in a session, and whether it may be published. */
final class ProductBook {

  final String instrument;
  OrderBook levels = new OrderBook();

  /** A snapshot arrived on this connection and every update since applied. */
  boolean open;

  /** The book was lost (gap or reconnect): its next snapshot is reported as a resync. */
  boolean resyncing;

  ProductBook(String instrument) {
    this.instrument = instrument;
  }
}
