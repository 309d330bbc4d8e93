package dev.sextant.streams.kstreams.candle;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.ta4j.core.BarSeries;
import org.ta4j.core.BaseBarSeriesBuilder;
import org.ta4j.core.Indicator;
import org.ta4j.core.indicators.CachedIndicator;
import org.ta4j.core.indicators.MACDIndicator;
import org.ta4j.core.indicators.RSIIndicator;
import org.ta4j.core.indicators.averages.EMAIndicator;
import org.ta4j.core.indicators.averages.SMAIndicator;
import org.ta4j.core.indicators.bollinger.BollingerBandsLowerIndicator;
import org.ta4j.core.indicators.bollinger.BollingerBandsMiddleIndicator;
import org.ta4j.core.indicators.bollinger.BollingerBandsUpperIndicator;
import org.ta4j.core.indicators.helpers.ClosePriceIndicator;
import org.ta4j.core.indicators.statistics.StandardDeviationIndicator;
import org.ta4j.core.num.DoubleNumFactory;
import org.ta4j.core.num.Num;

/**
 * The indicators ta4j 0.22.2 computes (in DoubleNum) on a series of closes, with the topology's
 * warm-ups: a value is expected only from the index where the topology stops publishing NaN.
 */
final class Ta4jReference {

  private Ta4jReference() {}

  /** The indicators at each index of {@code closes}; NaN where the topology publishes NaN. */
  static List<Indicators> of(List<Double> closes, int volatilityWindow) {
    BarSeries series =
        new BaseBarSeriesBuilder().withNumFactory(DoubleNumFactory.getInstance()).build();
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    for (int i = 0; i < closes.size(); i++) {
      double c = closes.get(i);
      series
          .barBuilder()
          .timePeriod(Duration.ofSeconds(1))
          .endTime(t.plusSeconds(i + 1))
          .openPrice(c)
          .highPrice(c)
          .lowPrice(c)
          .closePrice(c)
          .volume(1)
          .add();
    }
    ClosePriceIndicator close = new ClosePriceIndicator(series);
    EMAIndicator ema12 = new EMAIndicator(close, 12);
    EMAIndicator ema26 = new EMAIndicator(close, 26);
    MACDIndicator macd = new MACDIndicator(close, 12, 26);
    Indicator<Num> signal = macd.getSignalLine(9);
    Indicator<Num> histogram = macd.getHistogram(9);
    RSIIndicator rsi = new RSIIndicator(close, 14);
    BollingerBandsMiddleIndicator middle =
        new BollingerBandsMiddleIndicator(new SMAIndicator(close, 20));
    StandardDeviationIndicator std = new StandardDeviationIndicator(close, 20);
    BollingerBandsUpperIndicator upper = new BollingerBandsUpperIndicator(middle, std);
    BollingerBandsLowerIndicator lower = new BollingerBandsLowerIndicator(middle, std);
    StandardDeviationIndicator volatility =
        new StandardDeviationIndicator(new LogReturn(close), volatilityWindow);
    return java.util.stream.IntStream.range(0, closes.size())
        .mapToObj(
            i ->
                new Indicators(
                    value(ema12, i),
                    value(ema26, i),
                    value(macd, i),
                    value(signal, i),
                    value(histogram, i),
                    value(rsi, i),
                    i < 19 ? Double.NaN : value(upper, i),
                    i < 19 ? Double.NaN : value(middle, i),
                    i < 19 ? Double.NaN : value(lower, i),
                    i < volatilityWindow ? Double.NaN : value(volatility, i)))
        .toList();
  }

  private static double value(Indicator<Num> indicator, int i) {
    Num n = indicator.getValue(i);
    return n == null || n.isNaN() ? Double.NaN : n.doubleValue();
  }

  /** ln(close[i] / close[i-1]); NaN at the first bar. */
  private static final class LogReturn extends CachedIndicator<Num> {
    private final Indicator<Num> close;

    LogReturn(Indicator<Num> close) {
      super(close);
      this.close = close;
    }

    @Override
    protected Num calculate(int index) {
      if (index == 0) {
        return org.ta4j.core.num.NaN.NaN;
      }
      return close.getValue(index).dividedBy(close.getValue(index - 1)).log();
    }

    @Override
    public int getCountOfUnstableBars() {
      return 1;
    }
  }
}
