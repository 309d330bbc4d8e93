package dev.sextant.streams.kstreams.candle;

import java.util.Arrays;

/**
 * The indicator state of one instrument and interval after its last final candle, and the step that
 * folds in the next close. The definitions (and warm-ups) follow ta4j 0.22.2 so the two agree on
 * the same series; docs/streams/candles.md states each one.
 *
 * @param count final candles folded in so far (the index of the next candle)
 * @param closes the last closes, oldest first, at most {@link #capacity(int)} of them
 */
record IndicatorState(
    long count,
    double ema12,
    double ema26,
    double signal,
    double avgGain,
    double avgLoss,
    double[] closes) {

  static final int EMA_SHORT = 12;
  static final int EMA_LONG = 26;
  static final int SIGNAL = 9;
  static final int RSI = 14;
  static final int BOLLINGER = 20;
  static final double BOLLINGER_K = 2.0;

  static IndicatorState empty() {
    double nan = Double.NaN;
    return new IndicatorState(0, nan, nan, nan, nan, nan, new double[0]);
  }

  /** How many closes the state keeps: the Bollinger window, or N returns' N + 1 closes. */
  static int capacity(int volatilityWindow) {
    return Math.max(BOLLINGER, volatilityWindow + 1);
  }

  /**
   * The state and values after {@code close}; {@code this} is unchanged (live updates reuse it).
   */
  Step next(double close, int volatilityWindow) {
    long i = count;
    double e12 = ema(ema12, close, EMA_SHORT, i);
    double e26 = ema(ema26, close, EMA_LONG, i);
    double macd = Double.isNaN(e12) || Double.isNaN(e26) ? Double.NaN : e12 - e26;
    double sig = Double.isNaN(macd) ? Double.NaN : seededEma(signal, macd, 2.0 / (SIGNAL + 1));

    double previous = closes.length == 0 ? Double.NaN : closes[closes.length - 1];
    double gain = i == 0 ? 0 : Math.max(close - previous, 0);
    double loss = i == 0 ? 0 : Math.max(previous - close, 0);
    double g = i < RSI ? Double.NaN : seededEma(avgGain, gain, 1.0 / RSI);
    double l = i < RSI ? Double.NaN : seededEma(avgLoss, loss, 1.0 / RSI);

    double[] window = append(closes, close, capacity(volatilityWindow));
    double[] boll = bollinger(window);
    Indicators values =
        new Indicators(
            e12,
            e26,
            macd,
            sig,
            macd - sig,
            rsi(g, l),
            boll[0],
            boll[1],
            boll[2],
            volatility(window, volatilityWindow));
    return new Step(new IndicatorState(i + 1, e12, e26, sig, g, l, window), values);
  }

  /** The state to keep after a final candle and the values to publish with it. */
  record Step(IndicatorState state, Indicators values) {}

  /** ta4j's EMA: NaN for the first {@code n} bars, seeded with the close at index n. */
  private static double ema(double previous, double value, int n, long index) {
    if (index < n) {
      return Double.NaN;
    }
    return seededEma(previous, value, 2.0 / (n + 1));
  }

  private static double seededEma(double previous, double value, double k) {
    return Double.isNaN(previous) ? value : previous + (value - previous) * k;
  }

  private static double rsi(double avgGain, double avgLoss) {
    if (Double.isNaN(avgGain) || Double.isNaN(avgLoss)) {
      return Double.NaN;
    }
    if (avgLoss == 0) {
      return avgGain == 0 ? 0 : 100;
    }
    return 100 - 100 / (1 + avgGain / avgLoss);
  }

  /** Upper, middle, lower over the last 20 closes; population standard deviation, as ta4j. */
  private static double[] bollinger(double[] window) {
    if (window.length < BOLLINGER) {
      return new double[] {Double.NaN, Double.NaN, Double.NaN};
    }
    double[] last = Arrays.copyOfRange(window, window.length - BOLLINGER, window.length);
    double mean = mean(last);
    double std = populationStd(last, mean);
    return new double[] {mean + BOLLINGER_K * std, mean, mean - BOLLINGER_K * std};
  }

  /** Population standard deviation of the last N log returns; not annualized. */
  private static double volatility(double[] window, int n) {
    if (window.length < n + 1) {
      return Double.NaN;
    }
    double[] returns = new double[n];
    int base = window.length - n - 1;
    for (int j = 0; j < n; j++) {
      returns[j] = Math.log(window[base + j + 1] / window[base + j]);
    }
    return populationStd(returns, mean(returns));
  }

  private static double mean(double[] xs) {
    double sum = 0;
    for (double x : xs) {
      sum += x;
    }
    return sum / xs.length;
  }

  private static double populationStd(double[] xs, double mean) {
    double sum = 0;
    for (double x : xs) {
      sum += (x - mean) * (x - mean);
    }
    return Math.sqrt(sum / xs.length);
  }

  private static double[] append(double[] closes, double close, int capacity) {
    int keep = Math.min(closes.length, capacity - 1);
    double[] out = new double[keep + 1];
    System.arraycopy(closes, closes.length - keep, out, 0, keep);
    out[keep] = close;
    return out;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IndicatorState s
        && count == s.count
        && Double.compare(ema12, s.ema12) == 0
        && Double.compare(ema26, s.ema26) == 0
        && Double.compare(signal, s.signal) == 0
        && Double.compare(avgGain, s.avgGain) == 0
        && Double.compare(avgLoss, s.avgLoss) == 0
        && Arrays.equals(closes, s.closes);
  }

  @Override
  public int hashCode() {
    return Long.hashCode(count) * 31 + Arrays.hashCode(closes);
  }

  @Override
  public String toString() {
    return "IndicatorState[count=" + count + ", closes=" + closes.length + "]";
  }
}
