package dev.sextant.streams.kstreams.candle;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Everything kept for one instrument and interval: the candles still open (within their window or
 * its grace), oldest first, the indicator state after the last final candle, and the input record
 * last applied (so a replay after a crash does not count a trade twice).
 */
record SeriesState(List<Candle> open, IndicatorState indicators, InputPosition applied) {

  SeriesState {
    open = List.copyOf(open);
  }

  /** A state no input position is known for (tests, and states written before positions). */
  SeriesState(List<Candle> open, IndicatorState indicators) {
    this(open, indicators, InputPosition.NONE);
  }

  static SeriesState empty() {
    return new SeriesState(List.of(), IndicatorState.empty());
  }

  /** This state with the open candles replaced and the indicators advanced; same position. */
  SeriesState withClosed(List<Candle> remaining, IndicatorState advanced) {
    return new SeriesState(remaining, advanced, applied);
  }

  /** This state with {@code candle} applied from the input record at {@code position}. */
  SeriesState withOpen(Candle candle, InputPosition position) {
    return withOpen(candle).withApplied(position);
  }

  SeriesState withApplied(InputPosition position) {
    return new SeriesState(open, indicators, position);
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
    return new SeriesState(next, indicators, applied);
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
