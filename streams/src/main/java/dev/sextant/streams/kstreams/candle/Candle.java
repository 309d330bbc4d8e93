package dev.sextant.streams.kstreams.candle;

import java.math.BigDecimal;
import java.math.MathContext;

/**
 * One OHLCV candle, exact. Open and close are the prices of the trades with the earliest and the
 * latest event time; on equal event times the first arrival opens and the last arrival closes, so
 * out-of-order trades inside the grace land where their event time says.
 *
 * @param notional the exact sum of price times size, from which the VWAP is derived
 */
record Candle(
    long windowStartMs,
    BigDecimal open,
    long openTimeMs,
    BigDecimal high,
    BigDecimal low,
    BigDecimal close,
    long closeTimeMs,
    BigDecimal volume,
    BigDecimal notional,
    long tradeCount,
    BigDecimal buyVolume,
    BigDecimal sellVolume) {

  /**
   * VWAP precision: 34 significant digits, half-even (IEEE 754 decimal128), trailing zeros
   * stripped. Every other field is exact and needs no rounding.
   */
  static final MathContext VWAP_CONTEXT = MathContext.DECIMAL128;

  static Candle first(long windowStartMs, Tick t) {
    BigDecimal zero = BigDecimal.ZERO;
    return new Candle(
        windowStartMs,
        t.price(),
        t.eventTimeMs(),
        t.price(),
        t.price(),
        t.price(),
        t.eventTimeMs(),
        t.size(),
        t.price().multiply(t.size()),
        1,
        t.side() == Tick.Side.BUY ? t.size() : zero,
        t.side() == Tick.Side.SELL ? t.size() : zero);
  }

  Candle plus(Tick t) {
    boolean opens = t.eventTimeMs() < openTimeMs;
    boolean closes = t.eventTimeMs() >= closeTimeMs;
    return new Candle(
        windowStartMs,
        opens ? t.price() : open,
        opens ? t.eventTimeMs() : openTimeMs,
        high.max(t.price()),
        low.min(t.price()),
        closes ? t.price() : close,
        closes ? t.eventTimeMs() : closeTimeMs,
        volume.add(t.size()),
        notional.add(t.price().multiply(t.size())),
        tradeCount + 1,
        t.side() == Tick.Side.BUY ? buyVolume.add(t.size()) : buyVolume,
        t.side() == Tick.Side.SELL ? sellVolume.add(t.size()) : sellVolume);
  }

  BigDecimal vwap() {
    return notional.divide(volume, VWAP_CONTEXT).stripTrailingZeros();
  }
}
