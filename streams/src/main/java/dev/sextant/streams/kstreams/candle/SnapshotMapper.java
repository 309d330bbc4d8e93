package dev.sextant.streams.kstreams.candle;

import com.google.protobuf.util.Timestamps;
import dev.sextant.schemas.decimal.Decimals;
import dev.sextant.schemas.v1.IndicatorSnapshot;

/** Builds the {@code indicators.v1} record of a candle and its indicators. */
final class SnapshotMapper {

  private SnapshotMapper() {}

  static String key(String instrument, Interval interval) {
    return instrument + "/" + interval.label();
  }

  /** The instrument of a {@link #key}. */
  static String instrumentOf(String key) {
    return key.substring(0, key.lastIndexOf('/'));
  }

  /** The interval of a {@link #key}. */
  static Interval intervalOf(String key) {
    return Interval.ofLabel(key.substring(key.lastIndexOf('/') + 1));
  }

  static IndicatorSnapshot snapshot(
      String instrument, Interval interval, Candle c, Indicators v, boolean fin) {
    return IndicatorSnapshot.newBuilder()
        .setInstrument(instrument)
        .setInterval(interval.label())
        .setWindowStart(Timestamps.fromMillis(c.windowStartMs()))
        .setWindowEnd(Timestamps.fromMillis(c.windowStartMs() + interval.sizeMs()))
        .setOpen(Decimals.of(c.open()))
        .setHigh(Decimals.of(c.high()))
        .setLow(Decimals.of(c.low()))
        .setClose(Decimals.of(c.close()))
        .setVolume(Decimals.of(c.volume()))
        .setVwap(Decimals.of(c.vwap()))
        .setTradeCount(c.tradeCount())
        .setBuyVolume(Decimals.of(c.buyVolume()))
        .setSellVolume(Decimals.of(c.sellVolume()))
        .setEma12(v.ema12())
        .setEma26(v.ema26())
        .setMacd(v.macd())
        .setMacdSignal(v.macdSignal())
        .setMacdHistogram(v.macdHistogram())
        .setRsi14(v.rsi14())
        .setBollingerUpper(v.bollingerUpper())
        .setBollingerMiddle(v.bollingerMiddle())
        .setBollingerLower(v.bollingerLower())
        .setRealizedVolatility(v.realizedVolatility())
        .setFinal(fin)
        .build();
  }
}
