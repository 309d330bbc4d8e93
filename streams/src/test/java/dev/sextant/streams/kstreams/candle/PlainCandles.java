package dev.sextant.streams.kstreams.candle;

import dev.sextant.schemas.v1.Side;
import dev.sextant.schemas.v1.Trade;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The reference: candles recomputed straightforwardly by grouping a list of trades by window and
 * reading them in event-time order (arrival order on ties).
 */
final class PlainCandles {

  /** One expected candle, its decimals as the plain strings the topology must publish. */
  record Expected(
      long windowStartMs,
      String open,
      String high,
      String low,
      String close,
      String volume,
      String vwap,
      long tradeCount,
      String buyVolume,
      String sellVolume) {}

  private PlainCandles() {}

  /** Candles of {@code trades} (in arrival order) of one instrument at one interval. */
  static List<Expected> of(List<Trade> trades, String instrument, Interval interval) {
    Map<Long, List<Trade>> byWindow = new TreeMap<>();
    for (Trade t : trades) {
      if (t.getInstrument().equals(instrument)) {
        long ms = t.getEventTime().getSeconds() * 1000 + t.getEventTime().getNanos() / 1_000_000;
        byWindow
            .computeIfAbsent(ms - Math.floorMod(ms, interval.sizeMs()), k -> new ArrayList<>())
            .add(t);
      }
    }
    List<Expected> out = new ArrayList<>();
    byWindow.forEach(
        (start, list) -> {
          List<Trade> sorted = new ArrayList<>(list);
          sorted.sort(
              Comparator.comparing(
                  t -> t.getEventTime(),
                  com.google.protobuf.util.Timestamps.comparator())); // stable
          BigDecimal high = null;
          BigDecimal low = null;
          BigDecimal volume = BigDecimal.ZERO;
          BigDecimal notional = BigDecimal.ZERO;
          BigDecimal buy = BigDecimal.ZERO;
          BigDecimal sell = BigDecimal.ZERO;
          for (Trade t : sorted) {
            BigDecimal p = new BigDecimal(t.getPrice().getValue());
            BigDecimal s = new BigDecimal(t.getSize().getValue());
            high = high == null ? p : high.max(p);
            low = low == null ? p : low.min(p);
            volume = volume.add(s);
            notional = notional.add(p.multiply(s));
            if (t.getSide() == Side.SIDE_BUY) {
              buy = buy.add(s);
            } else if (t.getSide() == Side.SIDE_SELL) {
              sell = sell.add(s);
            }
          }
          out.add(
              new Expected(
                  start,
                  new BigDecimal(sorted.getFirst().getPrice().getValue()).toPlainString(),
                  high.toPlainString(),
                  low.toPlainString(),
                  new BigDecimal(sorted.getLast().getPrice().getValue()).toPlainString(),
                  volume.toPlainString(),
                  notional
                      .divide(volume, java.math.MathContext.DECIMAL128)
                      .stripTrailingZeros()
                      .toPlainString(),
                  sorted.size(),
                  buy.toPlainString(),
                  sell.toPlainString()));
        });
    return out;
  }
}
