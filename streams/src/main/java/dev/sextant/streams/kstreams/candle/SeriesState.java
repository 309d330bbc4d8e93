package dev.sextant.streams.kstreams.candle;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Everything kept for one instrument and interval: the candles still open (within their window or
 * its grace), oldest first, and the indicator state after the last final candle.
 */
record SeriesState(List<Candle> open, IndicatorState indicators) {

  SeriesState {
    open = List.copyOf(open);
  }

  static SeriesState empty() {
    return new SeriesState(List.of(), IndicatorState.empty());
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
    return new SeriesState(next, indicators);
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
