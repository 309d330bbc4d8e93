package dev.sextant.streams.kstreams.candle;

import static dev.sextant.streams.kstreams.candle.CandleSeriesVsReferenceTest.BTC;
import static dev.sextant.streams.kstreams.candle.CandleSeriesVsReferenceTest.ETH;
import static dev.sextant.streams.kstreams.candle.CandleSeriesVsReferenceTest.START;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.schemas.v1.IndicatorSnapshot;
import dev.sextant.schemas.v1.Side;
import dev.sextant.schemas.v1.Trade;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The randomized reference comparison with late trades: about one trade in twelve arrives 2 to 70
 * seconds behind, beyond the grace of its 1s (and sometimes its 1m) window. The reference applies
 * the same rule independently: each instrument's watermark is the newest of its own trade times,
 * or, after it has been quiet for the idle allowance of the partition's stream time, moves on with
 * stream time from there; it never goes back. A trade is left out of an interval's candle when its
 * window's end plus the grace is at or before its instrument's watermark on its arrival.
 */
class CandleSeriesWithLateTradesVsReferenceTest {

  static final String FLUSH = "kraken:SOL-USD";
  static final Duration GRACE = Duration.ofSeconds(2);

  static List<Trade> trades;
  static List<KeyValue<String, IndicatorSnapshot>> output;
  static final Map<Interval, Double> lateCounted = new EnumMap<>(Interval.class);

  @TempDir static Path stateDir;

  @BeforeAll
  static void run() {
    trades = seriesWithLateTrades(7, 4000);
    CandleConfig config =
        CandleConfig.defaults().withLiveEmitInterval(Duration.ZERO).withGrace(GRACE);
    try (CandleDriver d = new CandleDriver(config, stateDir)) {
      trades.forEach(d::send);
      d.send(Trades.buy(FLUSH, START + Duration.ofHours(3).toMillis(), "150.00", "1"));
      output = d.drain();
      for (Interval interval : Interval.values()) {
        lateCounted.put(interval, d.count(CandleMetrics.LATE, "interval", interval.label()));
      }
      assertThat(d.registry.find(CandleMetrics.SKIPPED).counters()).isEmpty();
    }
  }

  @Test
  void shouldMatchTheReferenceWithoutExactlyTheLateTrades() {
    for (Interval interval : Interval.values()) {
      List<Trade> onTime = onTime(trades, interval);
      for (String instrument : List.of(BTC, ETH)) {
        List<PlainCandles.Expected> actual =
            finals(instrument, interval).stream()
                .map(CandleSeriesVsReferenceTest::asExpected)
                .toList();
        assertThat(actual)
            .as(instrument + "/" + interval.label())
            .isNotEmpty()
            .containsExactlyElementsOf(PlainCandles.of(onTime, instrument, interval));
      }
      assertThat(lateCounted.get(interval))
          .as("late " + interval.label())
          .isEqualTo((double) (trades.size() - onTime.size()));
    }
    // The series does exercise lateness, on more than the shortest interval.
    assertThat(lateCounted.get(Interval.S1)).isGreaterThan(200);
    assertThat(lateCounted.get(Interval.M1)).isPositive();
  }

  @Test
  void shouldMatchTa4jOnTheFinalCandleSeries() {
    for (String instrument : List.of(BTC, ETH)) {
      for (Interval interval : Interval.values()) {
        List<IndicatorSnapshot> finals = finals(instrument, interval);
        List<Double> closes =
            finals.stream()
                .map(s -> new BigDecimal(s.getClose().getValue()).doubleValue())
                .toList();
        List<Indicators> expected =
            Ta4jReference.of(closes, CandleSeriesVsReferenceTest.VOLATILITY_WINDOW);
        for (int i = 0; i < finals.size(); i++) {
          CandleSeriesVsReferenceTest.assertIndicators(
              instrument + "/" + interval.label() + "#" + i, finals.get(i), expected.get(i));
        }
      }
    }
  }

  /**
   * The trades of {@code arrivals} (in arrival order) that are not late for {@code interval}, by
   * the per-instrument watermark rule, computed without the topology's code.
   */
  static List<Trade> onTime(List<Trade> arrivals, Interval interval) {
    long size = interval.sizeMs();
    long idle = CandleConfig.DEFAULT_SERIES_IDLE_AFTER.toMillis();
    long streamTime = Long.MIN_VALUE;
    // Per instrument: newest trade time, stream time of its last trade, watermark on that trade.
    Map<String, long[]> seen = new HashMap<>();
    List<Trade> out = new ArrayList<>();
    for (Trade t : arrivals) {
      long ms = t.getEventTime().getSeconds() * 1000 + t.getEventTime().getNanos() / 1_000_000;
      streamTime = Math.max(streamTime, ms);
      long[] before = seen.get(t.getInstrument());
      long watermark = ms;
      long newest = ms;
      if (before != null) {
        long quietFor = Math.max(0, streamTime - before[1] - idle);
        watermark = Math.max(ms, Math.max(before[2], before[0] + quietFor));
        newest = Math.max(before[0], ms);
      }
      seen.put(t.getInstrument(), new long[] {newest, streamTime, watermark});
      long windowEnd = ms - Math.floorMod(ms, size) + size;
      if (windowEnd + GRACE.toMillis() > watermark) {
        out.add(t);
      }
    }
    return out;
  }

  static List<IndicatorSnapshot> finals(String instrument, Interval interval) {
    String key = instrument + "/" + interval.label();
    return output.stream()
        .filter(kv -> kv.key.equals(key) && kv.value.getFinal())
        .map(kv -> kv.value)
        .toList();
  }

  /**
   * Like {@link CandleSeriesVsReferenceTest#series}, but on a 100 ms grid and with one trade in
   * twelve delayed by 2 to 70 seconds instead of at most 1.5.
   */
  static List<Trade> seriesWithLateTrades(long seed, int n) {
    SplittableRandom random = new SplittableRandom(seed);
    long[] cents = {6_800_000, 350_000};
    long[] step = {300, 40};
    String[] instruments = {BTC, ETH};
    Side[] sides = {Side.SIDE_BUY, Side.SIDE_SELL, Side.SIDE_UNSPECIFIED};
    List<Trade> out = new ArrayList<>(n);
    long clock = START + 70_000;
    for (int i = 0; i < n; i++) {
      // Times on a 100 ms grid, so trades exactly at the lateness boundary (window end + grace ==
      // stream time) and equal event times occur often.
      clock += 100L * random.nextInt(0, 6);
      int k = random.nextInt(2);
      cents[k] = Math.max(100, cents[k] + random.nextLong(-step[k], step[k] + 1));
      long delay =
          100L * (random.nextInt(12) == 0 ? random.nextLong(20, 701) : random.nextInt(0, 16));
      out.add(
          Trades.trade(
              instruments[k],
              clock - delay,
              BigDecimal.valueOf(cents[k], 2).toPlainString(),
              BigDecimal.valueOf(random.nextLong(1, 5_000_000), 6).toPlainString(),
              sides[random.nextInt(sides.length)]));
    }
    return out;
  }
}
