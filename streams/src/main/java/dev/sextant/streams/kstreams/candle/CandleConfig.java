package dev.sextant.streams.kstreams.candle;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Settings of the candle topology.
 *
 * @param intervals candle widths computed for every instrument
 * @param grace how long after a window's end (in stream time) trades are still accepted
 * @param liveEmitInterval a key's live update is sent at once unless the key had one within this
 *     wall-clock interval; then it is held (conflated) until the next flush, one per interval;
 *     {@link Duration#ZERO} emits one live record per trade and interval (deterministic)
 * @param volatilityWindow N, the number of log returns in the realized volatility
 * @param storeName name of the state store (and its changelog)
 * @param maxFutureSkew how far a trade's event time may be ahead of its Kafka record timestamp; a
 *     later one is rejected as bad input ({@code future_time}) so it cannot move stream time
 * @param seriesIdleAfter a series closes its candles on its own newest trade time while it trades;
 *     once it has had no trade for this long of the partition's stream time, its watermark moves on
 *     with stream time, so its last candles close too ({@link SeriesClock}). Longer: a series may
 *     lag the partition's fastest one by more; shorter: a quiet series' last candles close sooner
 */
public record CandleConfig(
    List<Interval> intervals,
    Duration grace,
    Duration liveEmitInterval,
    int volatilityWindow,
    String storeName,
    Duration maxFutureSkew,
    Duration seriesIdleAfter) {

  public static final String DEFAULT_STORE = "candles-series";

  /**
   * The longest grace and idle allowance: a candle waiting longer is not live data, and the
   * watermark arithmetic stays far from overflow.
   */
  public static final Duration MAX_WAIT = Duration.ofDays(7);

  public static final Duration DEFAULT_MAX_FUTURE_SKEW = Duration.ofMinutes(5);

  /**
   * 5 s: longer than the delay of a DEX trade behind its block time on the chains the registry
   * lists, and the finals of a quiet instrument come at most this much later than on stream time.
   */
  public static final Duration DEFAULT_SERIES_IDLE_AFTER = Duration.ofSeconds(5);

  /** Settings with the default {@link #DEFAULT_SERIES_IDLE_AFTER}. */
  public CandleConfig(
      List<Interval> intervals,
      Duration grace,
      Duration liveEmitInterval,
      int volatilityWindow,
      String storeName,
      Duration maxFutureSkew) {
    this(
        intervals,
        grace,
        liveEmitInterval,
        volatilityWindow,
        storeName,
        maxFutureSkew,
        DEFAULT_SERIES_IDLE_AFTER);
  }

  /** Settings with the default {@link #DEFAULT_MAX_FUTURE_SKEW}. */
  public CandleConfig(
      List<Interval> intervals,
      Duration grace,
      Duration liveEmitInterval,
      int volatilityWindow,
      String storeName) {
    this(intervals, grace, liveEmitInterval, volatilityWindow, storeName, DEFAULT_MAX_FUTURE_SKEW);
  }

  public CandleConfig {
    intervals = List.copyOf(intervals);
    Objects.requireNonNull(grace, "grace");
    Objects.requireNonNull(liveEmitInterval, "liveEmitInterval");
    Objects.requireNonNull(storeName, "storeName");
    Objects.requireNonNull(maxFutureSkew, "maxFutureSkew");
    Objects.requireNonNull(seriesIdleAfter, "seriesIdleAfter");
    if (intervals.isEmpty()) {
      throw new IllegalArgumentException("at least one interval");
    }
    if (grace.compareTo(MAX_WAIT) > 0 || seriesIdleAfter.compareTo(MAX_WAIT) > 0) {
      throw new IllegalArgumentException(
          "grace and seriesIdleAfter must be at most " + MAX_WAIT.toDays() + " days");
    }
    if (grace.isNegative()
        || liveEmitInterval.isNegative()
        || maxFutureSkew.isNegative()
        || seriesIdleAfter.isNegative()) {
      throw new IllegalArgumentException(
          "grace, liveEmitInterval, maxFutureSkew and seriesIdleAfter must be >= 0");
    }
    if (volatilityWindow < 2) {
      throw new IllegalArgumentException("volatilityWindow must be >= 2, was " + volatilityWindow);
    }
  }

  /**
   * The live emit interval of the defaults: none, one live update per trade and interval, the
   * freshest (p99 12 to 20 ms from trade to update at 10,000 trades/s) at 58,000 trades/s per
   * thread, far above a live market's rate. A backfill or catch-up that wants throughput conflates
   * with 1 ms (145,000 trades/s and more); measured side by side in docs/BENCHMARKS.md.
   */
  public static final Duration DEFAULT_LIVE_EMIT_INTERVAL = Duration.ZERO;

  /**
   * All four intervals, 2 s grace, live updates at most once per key and millisecond, volatility
   * over 20.
   */
  public static CandleConfig defaults() {
    return new CandleConfig(
        List.of(Interval.values()),
        Duration.ofSeconds(2),
        DEFAULT_LIVE_EMIT_INTERVAL,
        20,
        DEFAULT_STORE);
  }

  public CandleConfig withGrace(Duration grace) {
    return new CandleConfig(
        intervals,
        grace,
        liveEmitInterval,
        volatilityWindow,
        storeName,
        maxFutureSkew,
        seriesIdleAfter);
  }

  public CandleConfig withLiveEmitInterval(Duration every) {
    return new CandleConfig(
        intervals, grace, every, volatilityWindow, storeName, maxFutureSkew, seriesIdleAfter);
  }

  public CandleConfig withMaxFutureSkew(Duration skew) {
    return new CandleConfig(
        intervals, grace, liveEmitInterval, volatilityWindow, storeName, skew, seriesIdleAfter);
  }

  public CandleConfig withSeriesIdleAfter(Duration idleAfter) {
    return new CandleConfig(
        intervals, grace, liveEmitInterval, volatilityWindow, storeName, maxFutureSkew, idleAfter);
  }
}
