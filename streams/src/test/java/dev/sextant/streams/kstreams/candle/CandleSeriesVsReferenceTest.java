package dev.sextant.streams.kstreams.candle;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.Timestamps;
import dev.sextant.schemas.v1.IndicatorSnapshot;
import dev.sextant.schemas.v1.Side;
import dev.sextant.schemas.v1.Trade;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A deterministic pseudo-random series of 4,000 trades on two instruments, out of order within the
 * grace, through the topology: the final candles must equal a plain recomputation from the trades
 * and their indicators must equal ta4j's on the same candle series.
 */
class CandleSeriesVsReferenceTest {

  static final String BTC = "coinbase:BTC-USD";
  static final String ETH = "uniswap:WETH-USDC";
  static final String FLUSH = "kraken:SOL-USD";
  static final long START = Timestamps.toMillis(Timestamps.parseUnchecked("2026-01-01T00:00:00Z"));
  static final int VOLATILITY_WINDOW = 20;

  static List<Trade> trades;
  static List<KeyValue<String, IndicatorSnapshot>> output;
  static double late;
  static double skipped;

  @TempDir static Path stateDir;

  @BeforeAll
  static void run() {
    trades = series(42, 4000);
    CandleConfig config = CandleConfig.defaults().withLiveEmitInterval(Duration.ZERO);
    try (CandleDriver d = new CandleDriver(config, stateDir)) {
      trades.forEach(d::send);
      // A trade far ahead on a third instrument moves stream time past every window's grace.
      d.send(Trades.buy(FLUSH, START + Duration.ofHours(3).toMillis(), "150.00", "1"));
      output = d.drain();
      late =
          d.registry.find(CandleMetrics.LATE).counters().stream().mapToDouble(c -> c.count()).sum();
      skipped =
          d.registry.find(CandleMetrics.SKIPPED).counters().stream()
              .mapToDouble(c -> c.count())
              .sum();
    }
  }

  @Test
  void shouldMatchPlainRecomputationForEveryInstrumentAndInterval() {
    for (String instrument : List.of(BTC, ETH)) {
      for (Interval interval : Interval.values()) {
        List<PlainCandles.Expected> actual =
            finals(instrument, interval).stream()
                .map(CandleSeriesVsReferenceTest::asExpected)
                .toList();
        assertThat(actual)
            .as(instrument + "/" + interval.label())
            .isNotEmpty()
            .containsExactlyElementsOf(PlainCandles.of(trades, instrument, interval));
      }
    }
    assertThat(late).isZero();
    assertThat(skipped).isZero();
  }

  @Test
  void shouldMatchTa4jOnTheFinalCandleSeries() {
    int compared = 0;
    for (String instrument : List.of(BTC, ETH)) {
      for (Interval interval : Interval.values()) {
        List<IndicatorSnapshot> finals = finals(instrument, interval);
        List<Double> closes =
            finals.stream()
                .map(s -> new BigDecimal(s.getClose().getValue()).doubleValue())
                .toList();
        List<Indicators> expected = Ta4jReference.of(closes, VOLATILITY_WINDOW);
        for (int i = 0; i < finals.size(); i++) {
          assertIndicators(
              instrument + "/" + interval.label() + "#" + i, finals.get(i), expected.get(i));
          compared++;
        }
      }
    }
    // The 1s series are long enough for every indicator to be past its warm-up.
    List<IndicatorSnapshot> btc = finals(BTC, Interval.S1);
    assertThat(btc.size()).isGreaterThan(500);
    assertThat(btc.getLast().getMacdHistogram()).isFinite();
    assertThat(btc.getLast().getRealizedVolatility()).isFinite().isPositive();
    assertThat(compared).isGreaterThan(1000);
  }

  @Test
  void shouldPublishWarmupNaNsUntilEnoughCandles() {
    List<IndicatorSnapshot> s = finals(BTC, Interval.S1);
    assertThat(s.get(11).getEma12()).isNaN();
    assertThat(s.get(12).getEma12()).isFinite();
    assertThat(s.get(25).getEma26()).isNaN();
    assertThat(s.get(26).getMacd()).isFinite();
    assertThat(s.get(26).getMacdHistogram()).isZero();
    assertThat(s.get(13).getRsi14()).isNaN();
    assertThat(s.get(14).getRsi14()).isFinite();
    assertThat(s.get(18).getBollingerMiddle()).isNaN();
    assertThat(s.get(19).getBollingerMiddle()).isFinite();
    assertThat(s.get(19).getRealizedVolatility()).isNaN();
    assertThat(s.get(20).getRealizedVolatility()).isFinite();
  }

  @Test
  void shouldNeverPublishLiveRecordsForAWindowAfterItsFinal() {
    Set<String> closed = new HashSet<>();
    for (KeyValue<String, IndicatorSnapshot> kv : output) {
      String window = kv.key + "@" + Timestamps.toMillis(kv.value.getWindowStart());
      assertThat(closed).as(window).doesNotContain(window);
      if (kv.value.getFinal()) {
        closed.add(window);
      }
    }
  }

  static List<IndicatorSnapshot> finals(String instrument, Interval interval) {
    String key = instrument + "/" + interval.label();
    List<IndicatorSnapshot> out = new ArrayList<>();
    for (KeyValue<String, IndicatorSnapshot> kv : output) {
      if (kv.key.equals(key) && kv.value.getFinal()) {
        assertThat(kv.value.getInstrument()).isEqualTo(instrument);
        assertThat(kv.value.getInterval()).isEqualTo(interval.label());
        out.add(kv.value);
      }
    }
    return out;
  }

  static PlainCandles.Expected asExpected(IndicatorSnapshot s) {
    return new PlainCandles.Expected(
        Timestamps.toMillis(s.getWindowStart()),
        s.getOpen().getValue(),
        s.getHigh().getValue(),
        s.getLow().getValue(),
        s.getClose().getValue(),
        s.getVolume().getValue(),
        s.getVwap().getValue(),
        s.getTradeCount(),
        s.getBuyVolume().getValue(),
        s.getSellVolume().getValue());
  }

  static void assertIndicators(String where, IndicatorSnapshot s, Indicators e) {
    assertClose(where + " ema12", s.getEma12(), e.ema12());
    assertClose(where + " ema26", s.getEma26(), e.ema26());
    assertClose(where + " macd", s.getMacd(), e.macd());
    assertClose(where + " signal", s.getMacdSignal(), e.macdSignal());
    assertClose(where + " histogram", s.getMacdHistogram(), e.macdHistogram());
    assertClose(where + " rsi", s.getRsi14(), e.rsi14());
    assertClose(where + " upper", s.getBollingerUpper(), e.bollingerUpper());
    assertClose(where + " middle", s.getBollingerMiddle(), e.bollingerMiddle());
    assertClose(where + " lower", s.getBollingerLower(), e.bollingerLower());
    assertClose(where + " volatility", s.getRealizedVolatility(), e.realizedVolatility());
  }

  /** Relative tolerance 1e-9, with a 1e-12 absolute floor for values at zero; NaN only with NaN. */
  static void assertClose(String what, double actual, double expected) {
    if (Double.isNaN(expected)) {
      assertThat(actual).as(what).isNaN();
      return;
    }
    double tolerance = Math.max(1e-9 * Math.max(Math.abs(actual), Math.abs(expected)), 1e-12);
    assertThat(Math.abs(actual - expected))
        .as(what + " " + actual + " vs " + expected)
        .isLessThanOrEqualTo(tolerance);
  }

  /**
   * Random-walk prices in cents, sizes with six decimals, one trade every 0 to 500 ms, each event
   * time jittered back by up to 1.5 s (within the default 2 s grace) so arrival is out of order.
   */
  static List<Trade> series(long seed, int n) {
    SplittableRandom random = new SplittableRandom(seed);
    long[] cents = {6_800_000, 350_000};
    long[] step = {300, 40};
    String[] instruments = {BTC, ETH};
    Side[] sides = {
      Side.SIDE_BUY, Side.SIDE_SELL, Side.SIDE_BUY, Side.SIDE_SELL, Side.SIDE_UNSPECIFIED
    };
    List<Trade> out = new ArrayList<>(n);
    long clock = START + 1500;
    for (int i = 0; i < n; i++) {
      clock += random.nextInt(0, 501);
      int k = random.nextInt(2);
      cents[k] = Math.max(100, cents[k] + random.nextLong(-step[k], step[k] + 1));
      long eventTime = clock - random.nextInt(0, 1501);
      out.add(
          Trades.trade(
              instruments[k],
              eventTime,
              BigDecimal.valueOf(cents[k], 2).toPlainString(),
              BigDecimal.valueOf(random.nextLong(1, 5_000_000), 6).toPlainString(),
              sides[random.nextInt(sides.length)]));
    }
    return out;
  }
}
