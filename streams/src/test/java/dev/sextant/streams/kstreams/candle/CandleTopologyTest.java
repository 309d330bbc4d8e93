package dev.sextant.streams.kstreams.candle;

import static dev.sextant.streams.kstreams.candle.Trades.buy;
import static dev.sextant.streams.kstreams.candle.Trades.sell;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import com.google.protobuf.util.Timestamps;
import dev.sextant.schemas.v1.Decimal;
import dev.sextant.schemas.v1.IndicatorSnapshot;
import dev.sextant.schemas.v1.Trade;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Behaviour of the candle topology on small hand-made inputs. */
class CandleTopologyTest {

  static final String BTC = "coinbase:BTC-USD";
  static final String KEY = BTC + "/1s";

  @TempDir Path stateDir;

  static CandleConfig oneSecond(Duration liveEvery) {
    return new CandleConfig(
        List.of(Interval.S1), Duration.ofSeconds(2), liveEvery, 20, CandleConfig.DEFAULT_STORE);
  }

  @Test
  void shouldEmitLiveUpdatesThenAFinalCandleOnceStreamTimePassesEndPlusGrace() {
    try (CandleDriver d = new CandleDriver(oneSecond(Duration.ZERO), stateDir)) {
      d.send(buy(BTC, 100, "100.00", "1"));
      d.send(sell(BTC, 500, "102.50", "3"));
      d.send(buy(BTC, 2_999, "101", "1")); // window [2s,3s); stream time 2999 < 1000 + 2000
      List<KeyValue<String, IndicatorSnapshot>> before = d.drain();
      assertThat(before).extracting(kv -> kv.key).containsOnly(KEY);
      assertThat(before).extracting(kv -> kv.value.getFinal()).containsExactly(false, false, false);
      IndicatorSnapshot second = before.get(1).value;
      assertThat(second.getOpen().getValue()).isEqualTo("100.00");
      assertThat(second.getClose().getValue()).isEqualTo("102.50");
      assertThat(second.getTradeCount()).isEqualTo(2);
      // The third live record is the newest window; the first is still open within its grace.
      assertThat(Timestamps.toMillis(before.get(2).value.getWindowStart())).isEqualTo(2_000);

      d.send(buy(BTC, 3_000, "101", "1")); // stream time 3000 = end 1000 + grace 2000: closes
      List<KeyValue<String, IndicatorSnapshot>> after = d.drain();
      IndicatorSnapshot fin = after.getFirst().value;
      assertThat(fin.getFinal()).isTrue();
      assertThat(Timestamps.toMillis(fin.getWindowStart())).isZero();
      assertThat(Timestamps.toMillis(fin.getWindowEnd())).isEqualTo(1_000);
      assertThat(fin.getOpen().getValue()).isEqualTo("100.00");
      assertThat(fin.getHigh().getValue()).isEqualTo("102.50");
      assertThat(fin.getLow().getValue()).isEqualTo("100.00");
      assertThat(fin.getClose().getValue()).isEqualTo("102.50");
      assertThat(fin.getVolume().getValue()).isEqualTo("4");
      assertThat(fin.getVwap().getValue()).isEqualTo("101.875"); // (100 + 307.5) / 4
      assertThat(fin.getBuyVolume().getValue()).isEqualTo("1");
      assertThat(fin.getSellVolume().getValue()).isEqualTo("3");
      assertThat(fin.getTradeCount()).isEqualTo(2);
      assertThat(fin.getEma12()).isNaN();
      // Then the newest open candle, refreshed on the final state, then the new trade's update.
      assertThat(after.subList(1, after.size()))
          .extracting(
              kv -> kv.value.getFinal(), kv -> Timestamps.toMillis(kv.value.getWindowStart()))
          .containsExactly(tuple(false, 3_000L)); // the newest open candle, on the final state
    }
  }

  @Test
  void shouldIncludeOutOfOrderTradesWithinGraceByEventTime() {
    try (CandleDriver d = new CandleDriver(oneSecond(Duration.ZERO), stateDir)) {
      d.send(buy(BTC, 1_200, "10", "1"));
      d.send(buy(BTC, 900, "9", "1")); // window [0,1s) still open: 1000 + 2000 > 1200
      d.send(buy(BTC, 100, "8", "2")); // earlier in the same window: becomes its open
      d.send(buy(BTC, 950, "11", "1"));
      d.send(buy(BTC, 10_000, "12", "1"));
      List<IndicatorSnapshot> finals = finals(d.drain());
      assertThat(finals).hasSize(2);
      IndicatorSnapshot first = finals.getFirst();
      assertThat(first.getOpen().getValue()).isEqualTo("8");
      assertThat(first.getClose().getValue()).isEqualTo("11");
      assertThat(first.getHigh().getValue()).isEqualTo("11");
      assertThat(first.getTradeCount()).isEqualTo(3);
      assertThat(first.getVolume().getValue()).isEqualTo("4");
      assertThat(first.getVwap().getValue()).isEqualTo("9"); // (16 + 9 + 11) / 4
      assertThat(finals.get(1).getOpen().getValue()).isEqualTo("10");
      assertThat(d.count(CandleMetrics.LATE, "interval", "1s")).isZero();
    }
  }

  @Test
  void shouldCountTradesBeyondTheGraceAndLeaveTheClosedCandleUnchanged() {
    CandleConfig config =
        new CandleConfig(
            List.of(Interval.S1, Interval.M1),
            Duration.ofSeconds(2),
            Duration.ZERO,
            20,
            CandleConfig.DEFAULT_STORE);
    try (CandleDriver d = new CandleDriver(config, stateDir)) {
      d.send(buy(BTC, 100, "10", "1"));
      d.send(buy(BTC, 3_000, "11", "1")); // closes [0,1s)
      d.drain();
      d.send(buy(BTC, 200, "99", "5")); // too late for 1s, still inside the open 1m candle
      List<KeyValue<String, IndicatorSnapshot>> out = d.drain();
      assertThat(out).extracting(kv -> kv.key).containsExactly(BTC + "/1m");
      assertThat(out.getFirst().value.getHigh().getValue()).isEqualTo("99");
      assertThat(d.count(CandleMetrics.LATE, "interval", "1s")).isEqualTo(1);
      assertThat(d.count(CandleMetrics.LATE, "interval", "1m")).isZero();

      d.send(buy(BTC, 65_000, "12", "1")); // closes [3s,4s) and the minute
      List<IndicatorSnapshot> finals = finals(d.drain());
      assertThat(finals)
          .filteredOn(s -> s.getInterval().equals("1s"))
          .extracting(s -> s.getClose().getValue())
          .containsExactly("11"); // no second final for [0,1s), and 99 is in no 1s candle
      assertThat(finals)
          .filteredOn(s -> s.getInterval().equals("1m"))
          .singleElement()
          .satisfies(m -> assertThat(m.getVolume().getValue()).isEqualTo("7"));
    }
  }

  @Test
  void shouldCountAndSkipBadInputWithoutAffectingItsNeighbours() {
    try (CandleDriver d = new CandleDriver(oneSecond(Duration.ZERO), stateDir)) {
      d.send(buy(BTC, 100, "10", "1"));
      d.send("", buy(BTC, 150, "50", "1"));
      d.send(null, buy(BTC, 160, "50", "1"));
      d.send("BTC", buy(BTC, 170, "50", "1"));
      d.send("kraken:BTC-USD", buy(BTC, 180, "50", "1"));
      d.send(BTC, buy(BTC, 200, "10", "1").toBuilder().setPrice(dec("1O.5")).build());
      d.send(BTC, buy(BTC, 210, "10", "1").toBuilder().setSize(dec("")).build());
      d.send(BTC, buy(BTC, 220, "10", "-1"));
      d.send(BTC, buy(BTC, 230, "50", "1").toBuilder().clearEventTime().build());
      d.send(BTC, null);
      Trade farFuture = buy(BTC, 240, "50", "1");
      d.send(
          BTC,
          farFuture.toBuilder()
              .setEventTime(farFuture.getEventTime().toBuilder().setSeconds(Long.MAX_VALUE))
              .build());
      d.send(buy(BTC, 300, "20", "1"));
      d.send(buy(BTC, 5_000, "30", "1"));
      List<IndicatorSnapshot> finals = finals(d.drain());
      assertThat(finals).hasSize(1);
      assertThat(finals.getFirst().getTradeCount()).isEqualTo(2);
      assertThat(finals.getFirst().getHigh().getValue()).isEqualTo("20");
      assertThat(finals.getFirst().getVwap().getValue()).isEqualTo("15");
      assertThat(d.count(CandleMetrics.SKIPPED, "reason", "bad_key")).isEqualTo(3);
      assertThat(d.count(CandleMetrics.SKIPPED, "reason", "key_mismatch")).isEqualTo(1);
      assertThat(d.count(CandleMetrics.SKIPPED, "reason", "bad_decimal")).isEqualTo(2);
      assertThat(d.count(CandleMetrics.SKIPPED, "reason", "non_positive")).isEqualTo(1);
      assertThat(d.count(CandleMetrics.SKIPPED, "reason", "no_event_time")).isEqualTo(2);
      assertThat(d.count(CandleMetrics.SKIPPED, "reason", "no_value")).isEqualTo(1);
    }
  }

  @Test
  void shouldCountRetractionsAndNotApplyThem() {
    try (CandleDriver d = new CandleDriver(oneSecond(Duration.ZERO), stateDir)) {
      Trade t = buy(BTC, 100, "10", "1");
      d.send(t);
      d.send(t.toBuilder().setRemoved(true).build());
      d.send(buy(BTC, 5_000, "30", "1"));
      List<IndicatorSnapshot> finals = finals(d.drain());
      assertThat(finals.getFirst().getTradeCount()).isEqualTo(1);
      assertThat(finals.getFirst().getVolume().getValue()).isEqualTo("1");
      assertThat(d.count(CandleMetrics.RETRACTIONS)).isEqualTo(1);
    }
  }

  @Test
  void shouldConflateLiveUpdatesPerKeyOnTheWallClockAndLetTheFinalSupersedeThem() {
    try (CandleDriver d = new CandleDriver(oneSecond(Duration.ofMillis(100)), stateDir)) {
      d.send(buy(BTC, 100, "10", "1"));
      // A key with no update in the last interval sends its update at once.
      assertThat(d.drain())
          .singleElement()
          .satisfies(kv -> assertThat(kv.value.getTradeCount()).isEqualTo(1));
      d.send(buy(BTC, 200, "11", "1"));
      d.send(buy(BTC, 300, "12", "1"));
      assertThat(d.drain()).isEmpty(); // within the interval: held for the flush
      d.driver.advanceWallClockTime(Duration.ofMillis(100));
      List<KeyValue<String, IndicatorSnapshot>> live = d.drain();
      assertThat(live)
          .singleElement()
          .satisfies(
              kv -> {
                assertThat(kv.value.getFinal()).isFalse();
                assertThat(kv.value.getTradeCount()).isEqualTo(3);
              });

      d.send(buy(BTC, 400, "13", "1")); // queued live update of [0,1s)
      d.send(buy(BTC, 3_100, "14", "1")); // closes [0,1s): the final replaces the queued update
      List<KeyValue<String, IndicatorSnapshot>> closing = d.drain();
      assertThat(closing)
          .singleElement()
          .satisfies(
              kv -> {
                assertThat(kv.value.getFinal()).isTrue();
                assertThat(kv.value.getTradeCount()).isEqualTo(4);
              });
      d.driver.advanceWallClockTime(Duration.ofMillis(100));
      assertThat(d.drain())
          .singleElement()
          .satisfies(
              kv -> {
                assertThat(kv.value.getFinal()).isFalse();
                assertThat(kv.value.getClose().getValue()).isEqualTo("14");
              });
    }
  }

  @Test
  void shouldSendNoLiveUpdateForASeriesWhoseOnlyPendingCandleClosedBeforeTheFlush() {
    String eth = "coinbase:ETH-USD";
    try (CandleDriver d = new CandleDriver(oneSecond(Duration.ofMillis(100)), stateDir)) {
      d.send(buy(BTC, 400, "13", "1")); // BTC's first update: sent at once
      d.send(buy(BTC, 500, "13.5", "1")); // BTC [0,1s) pending a live update
      // BTC, quiet since 500, is closed on stream time after the idle allowance (5 s): its
      // watermark reaches 3,000 (end + grace) at stream time 8,000. BTC has no newer candle.
      d.send(buy(eth, 8_000, "20", "1"));
      assertThat(d.drain())
          .extracting(kv -> kv.key, kv -> kv.value.getFinal(), kv -> kv.value.getTradeCount())
          .containsExactly(
              tuple(KEY, false, 1L), tuple(KEY, true, 2L), tuple(eth + "/1s", false, 1L));
      d.driver.advanceWallClockTime(Duration.ofMillis(100));
      assertThat(d.drain()).isEmpty(); // BTC's pending update has nothing left to show
    }
  }

  @Test
  void shouldCloseASeriesThatRunsBehindThePartitionOnItsOwnTimeAndCountNoneOfItsTradesLate() {
    String dex = "uniswap:WETH-USDC";
    try (CandleDriver d = new CandleDriver(oneSecond(Duration.ZERO), stateDir)) {
      // A CEX trade every 100 ms; a DEX trade every second, arriving 4 s after its time (a block
      // seen late). On the partition's stream time each DEX window would close 1 s before its
      // trade arrives.
      for (long t = 0; t <= 20_000; t += 100) {
        d.send(buy(BTC, t, "100", "1"));
        if (t >= 4_000 && t % 1_000 == 0) {
          d.send(buy(dex, t - 4_000 + 500, "3000", "2"));
        }
      }
      List<IndicatorSnapshot> dexFinals =
          d.drain().stream()
              .filter(kv -> kv.key.equals(dex + "/1s") && kv.value.getFinal())
              .map(kv -> kv.value)
              .toList();
      assertThat(d.count(CandleMetrics.LATE, "interval", "1s")).isZero();
      // DEX trades at 0.5 .. 16.5 s; its own time 16.5 s closes the windows up to [13s,14s).
      assertThat(dexFinals)
          .extracting(s -> Timestamps.toMillis(s.getWindowStart()))
          .containsExactlyElementsOf(
              java.util.stream.LongStream.rangeClosed(0, 13).map(i -> i * 1_000).boxed().toList());
      assertThat(dexFinals).allSatisfy(s -> assertThat(s.getVolume().getValue()).isEqualTo("2"));
    }
  }

  @Test
  void shouldBuildTheCandlesOfABackfilledSeriesFarBehindThePartition() {
    String dex = "uniswap:WETH-USDC";
    long hour = Duration.ofHours(1).toMillis();
    try (CandleDriver d = new CandleDriver(oneSecond(Duration.ZERO), stateDir)) {
      d.send(buy(BTC, hour, "100", "1"));
      // Half an hour of history of a series the partition has not seen, in order.
      for (long t = 0; t < 10_000; t += 250) {
        d.send(buy(dex, hour / 2 + t, "3000", "1"));
      }
      List<IndicatorSnapshot> dexFinals =
          d.drain().stream()
              .filter(kv -> kv.key.equals(dex + "/1s") && kv.value.getFinal())
              .map(kv -> kv.value)
              .toList();
      assertThat(d.count(CandleMetrics.LATE, "interval", "1s")).isZero();
      // The last trade (9.75 s in) closes the windows whose end + grace is at or before it.
      assertThat(dexFinals).hasSize(7);
      assertThat(dexFinals).allSatisfy(s -> assertThat(s.getTradeCount()).isEqualTo(4));
    }
  }

  @Test
  void shouldNotCloseACandleOnWallClockAloneSoReplaysAreDeterministic() {
    try (CandleDriver d = new CandleDriver(oneSecond(Duration.ZERO), stateDir)) {
      d.send(buy(BTC, 100, "10", "1"));
      d.drain();
      d.driver.advanceWallClockTime(Duration.ofHours(1));
      assertThat(d.drain()).isEmpty();
    }
  }

  @Test
  void shouldComputeLiveIndicatorsAsIfTheLiveCloseWereFinal() {
    try (CandleDriver d = new CandleDriver(oneSecond(Duration.ZERO), stateDir)) {
      List<Double> closes = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        String price = BigDecimal.valueOf(10_000 + (i * 37 % 23) * 10 - i, 2).toPlainString();
        d.send(buy(BTC, i * 1_000L + 10, price, "1"));
        closes.add(Double.parseDouble(price));
      }
      // Stream time 39.01 s: candles up to [36s,37s) are final, 37..39 still open.
      List<KeyValue<String, IndicatorSnapshot>> out = d.drain();
      IndicatorSnapshot last = out.getLast().value;
      assertThat(last.getFinal()).isFalse();
      assertThat(Timestamps.toMillis(last.getWindowStart())).isEqualTo(39_000);
      Indicators expected = Ta4jReference.of(closes, 20).getLast();
      CandleSeriesVsReferenceTest.assertIndicators("live", last, expected);
      assertThat(last.getMacd()).isFinite();
    }
  }

  @Test
  void shouldKeepEachInstrumentsSeriesApart() {
    String eth = "coinbase:ETH-USD";
    try (CandleDriver d = new CandleDriver(oneSecond(Duration.ZERO), stateDir)) {
      d.send(buy(BTC, 100, "10", "1"));
      d.send(buy(eth, 200, "20", "2"));
      d.send(buy(BTC, 5_000, "30", "1")); // closes BTC's [0,1s) on BTC's own time
      // ETH, quiet since 200, closes once stream time is its end + grace + the idle allowance.
      d.send(buy(BTC, 8_000, "31", "1"));
      List<KeyValue<String, IndicatorSnapshot>> finals =
          d.drain().stream().filter(kv -> kv.value.getFinal()).toList();
      // BTC's [0,1s) and [5s,6s) on BTC's own time; ETH's [0,1s) once ETH is idle.
      assertThat(finals).extracting(kv -> kv.key).containsExactlyInAnyOrder(KEY, KEY, eth + "/1s");
      assertThat(finals)
          .filteredOn(kv -> kv.key.startsWith(eth))
          .singleElement()
          .satisfies(kv -> assertThat(kv.value.getVwap().getValue()).isEqualTo("20"));
    }
  }

  static List<IndicatorSnapshot> finals(List<KeyValue<String, IndicatorSnapshot>> out) {
    return out.stream().map(kv -> kv.value).filter(IndicatorSnapshot::getFinal).toList();
  }

  static Decimal dec(String value) {
    return Decimal.newBuilder().setValue(value).build();
  }
}
