package dev.sextant.streams.kstreams.candle;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Settings of the candle topology.
 *
 * @param intervals candle widths computed for every instrument
 * @param grace how long after a window's end (in stream time) trades are still accepted
 * @param liveEmitInterval wall-clock period at which live updates are conflated and emitted; {@link
 *     Duration#ZERO} emits one live record per trade and interval (deterministic)
 * @param volatilityWindow N, the number of log returns in the realized volatility
 * @param storeName name of the state store (and its changelog)
 */
public record CandleConfig(
    List<Interval> intervals,
    Duration grace,
    Duration liveEmitInterval,
    int volatilityWindow,
    String storeName) {

  public static final String DEFAULT_STORE = "candles-series";

  public CandleConfig {
    intervals = List.copyOf(intervals);
    Objects.requireNonNull(grace, "grace");
    Objects.requireNonNull(liveEmitInterval, "liveEmitInterval");
    Objects.requireNonNull(storeName, "storeName");
    if (intervals.isEmpty()) {
      throw new IllegalArgumentException("at least one interval");
    }
    if (grace.isNegative() || liveEmitInterval.isNegative()) {
      throw new IllegalArgumentException("grace and liveEmitInterval must be >= 0");
    }
    if (volatilityWindow < 2) {
      throw new IllegalArgumentException("volatilityWindow must be >= 2, was " + volatilityWindow);
    }
  }

  /** All four intervals, 2 s grace, live updates conflated every 100 ms, volatility over 20. */
  public static CandleConfig defaults() {
    return new CandleConfig(
        List.of(Interval.values()),
        Duration.ofSeconds(2),
        Duration.ofMillis(100),
        20,
        DEFAULT_STORE);
  }

  public CandleConfig withGrace(Duration grace) {
    return new CandleConfig(intervals, grace, liveEmitInterval, volatilityWindow, storeName);
  }

  public CandleConfig withLiveEmitInterval(Duration every) {
    return new CandleConfig(intervals, grace, every, volatilityWindow, storeName);
  }
}
