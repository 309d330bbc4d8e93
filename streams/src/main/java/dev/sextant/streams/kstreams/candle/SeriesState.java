package dev.sextant.streams.kstreams.candle;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Everything kept for one instrument and interval: the candles still open (within their window or
 * its grace), oldest first, the indicator state after the last final candle, the input record last
 * applied (so a replay after a crash does not count a trade twice) and the series' own clock.
 */
record SeriesState(
    List<Candle> open, IndicatorState indicators, InputPosition applied, SeriesClock clock) {

  SeriesState {
    open = List.copyOf(open);
  }

  /** A state no input position is known for (tests, and states written before positions). */
  SeriesState(List<Candle> open, IndicatorState indicators) {
    this(open, indicators, InputPosition.NONE);
  }

  /** A state whose clock is derived from its open candles (states written before clocks). */
  SeriesState(List<Candle> open, IndicatorState indicators, InputPosition applied) {
    this(open, indicators, applied, clockOf(open));
  }

  /**
   * The clock of a state written before clocks were kept: its newest trade time, seen then, closed
   * through nothing.
   */
  static SeriesClock clockOf(List<Candle> open) {
    long newest = Long.MIN_VALUE;
    for (Candle c : open) {
      newest = Math.max(newest, c.closeTimeMs());
    }
    return newest == Long.MIN_VALUE
        ? SeriesClock.NEW
        : new SeriesClock(newest, newest, Long.MIN_VALUE);
  }

  static SeriesState empty() {
    return new SeriesState(List.of(), IndicatorState.empty());
  }

  /** This state with the open candles replaced and the indicators advanced; same position. */
  SeriesState withClosed(List<Candle> remaining, IndicatorState advanced) {
    return new SeriesState(remaining, advanced, applied, clock);
  }

  /** This state with {@code candle} applied from the input record at {@code position}. */
  SeriesState withOpen(Candle candle, InputPosition position) {
    return withOpen(candle).withApplied(position);
  }

  SeriesState withApplied(InputPosition position) {
    return new SeriesState(open, indicators, position, clock);
  }

  SeriesState withClock(SeriesClock next) {
    return new SeriesState(open, indicators, applied, next);
  }

  /** This state with {@code candle} replacing the open candle of the same window (or added). */
  SeriesState withOpen(Candle candle) {
    List<Candle> next = new ArrayList<>(open.size() + 1);
    for (Candle c : open) {
      if (c.windowStartMs() != candle.windowStartMs()) {
        next.add(c);
      }
    }
    next.add(candle);
    next.sort(Comparator.comparingLong(Candle::windowStartMs));
    return new SeriesState(next, indicators, applied, clock);
  }

  Candle openAt(long windowStartMs) {
    for (Candle c : open) {
      if (c.windowStartMs() == windowStartMs) {
        return c;
      }
    }
    return null;
  }
}
