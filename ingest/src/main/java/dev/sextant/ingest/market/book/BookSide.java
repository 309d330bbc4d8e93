package dev.sextant.ingest.market.book;

/** A side of an order book. */
public enum BookSide {
  BID,
  ASK
}
