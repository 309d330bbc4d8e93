package dev.sextant.streams.kstreams.candle;

/**
 * One series' own event-time clock, from which its watermark (the time up to which its candles are
 * final) is derived.
 *
 * <p>All instruments of a partition share one stream time, the newest event time of any of them.
 * Closing every series on it would count as late the trades of a series that runs behind the
 * others: a DEX pool whose trades arrive a block after their time, or a backfill. So a series that
 * is trading closes on its own newest event time; a series that has gone quiet for {@code
 * idleAfter} of stream time has its watermark move on with stream time from then, so its last
 * candles still close.
 *
 * @param eventTimeMs the newest event time applied to the series; {@link Long#MIN_VALUE} for none
 * @param seenAtMs the stream time of the partition when the series last had a trade
 * @param closedThroughMs the watermark when the series last closed candles: every final record of
 *     the series so far closed at or before it, so no trade at or before it can be accepted again
 */
record SeriesClock(long eventTimeMs, long seenAtMs, long closedThroughMs) {

  static final SeriesClock NEW = new SeriesClock(Long.MIN_VALUE, Long.MIN_VALUE, Long.MIN_VALUE);

  /** The series' watermark at partition stream time {@code streamTimeMs}. */
  long watermark(long streamTimeMs, long idleAfterMs) {
    if (eventTimeMs == Long.MIN_VALUE) {
      return closedThroughMs;
    }
    long idleFor = streamTimeMs - seenAtMs - idleAfterMs;
    return Math.max(closedThroughMs, idleFor > 0 ? eventTimeMs + idleFor : eventTimeMs);
  }

  /**
   * The partition stream time at which the watermark reaches {@code closeAtMs} if the series has no
   * further trade.
   */
  long streamTimeReaching(long closeAtMs, long idleAfterMs) {
    if (eventTimeMs == Long.MIN_VALUE || closedThroughMs >= closeAtMs || eventTimeMs >= closeAtMs) {
      return Long.MIN_VALUE;
    }
    return seenAtMs + idleAfterMs + (closeAtMs - eventTimeMs);
  }

  /**
   * The clock after a trade at {@code tradeTimeMs} seen at stream time {@code streamTimeMs}, with
   * the watermark {@code closedThroughMs} the series was closed through on that trade.
   */
  SeriesClock seen(long tradeTimeMs, long streamTimeMs, long closedThroughMs) {
    return new SeriesClock(Math.max(eventTimeMs, tradeTimeMs), streamTimeMs, closedThroughMs);
  }

  /** This clock after the series was closed through {@code watermarkMs} without a trade. */
  SeriesClock closedThrough(long watermarkMs) {
    return new SeriesClock(eventTimeMs, seenAtMs, Math.max(closedThroughMs, watermarkMs));
  }
}
