package dev.sextant.streams.kstreams.candle;

import java.math.BigDecimal;

/** A trade reduced to what a candle needs, validated: positive price and size, event time set. */
record Tick(String instrument, BigDecimal price, BigDecimal size, Side side, long eventTimeMs) {

  /** The aggressor side; UNKNOWN counts in the volume but in neither buy nor sell volume. */
  enum Side {
    BUY,
    SELL,
    UNKNOWN
  }
}
