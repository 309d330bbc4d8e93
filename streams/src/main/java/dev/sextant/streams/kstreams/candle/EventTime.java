package dev.sextant.streams.kstreams.candle;

import dev.sextant.schemas.v1.Trade;

/** A trade's event time in epoch milliseconds, read without ever throwing. */
final class EventTime {

  /** Returned when the trade has no usable event time. */
  static final long NONE = Long.MIN_VALUE;

  private EventTime() {}

  /** The event time, or {@link #NONE} when unset, before the epoch or out of range. */
  static long millis(Trade trade) {
    if (trade == null || !trade.hasEventTime()) {
      return NONE;
    }
    long seconds = trade.getEventTime().getSeconds();
    int nanos = trade.getEventTime().getNanos();
    if (seconds < 0 || seconds > Long.MAX_VALUE / 1000 - 1 || nanos < 0 || nanos > 999_999_999) {
      return NONE;
    }
    return seconds * 1000 + nanos / 1_000_000;
  }
}
