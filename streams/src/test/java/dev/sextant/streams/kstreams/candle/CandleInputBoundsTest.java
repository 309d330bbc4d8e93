package dev.sextant.streams.kstreams.candle;

import static dev.sextant.streams.kstreams.candle.Trades.buy;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.schemas.v1.IndicatorSnapshot;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Input that is well-formed but out of bounds is counted and skipped, and harms nothing else. */
class CandleInputBoundsTest {

  static final String BTC = "coinbase:BTC-USD";
  static final long MINUTE = 60_000;

  @TempDir Path stateDir;

  static CandleConfig oneSecond() {
    return new CandleConfig(
        List.of(Interval.S1), Duration.ofSeconds(2), Duration.ZERO, 20, CandleConfig.DEFAULT_STORE);
  }

  @Test
  void shouldRejectAnEventTimeTooFarAheadOfTheRecordTimestampWithoutMovingStreamTime() {
    try (CandleDriver d = new CandleDriver(oneSecond(), stateDir)) {
      long now = 10 * MINUTE;
      d.send(buy(BTC, now + 100, "10", "1"), now + 100);
      // Produced at `now`, claims to be from a day later: would close every window and make all
      // later trades late if it moved stream time.
      d.send(buy(BTC, now + 24 * 60 * MINUTE, "99", "1"), now + 150);
      // Exactly at the bound (5 min ahead of its record timestamp): still trusted.
      d.send(buy(BTC, now + 5 * MINUTE + 200, "20", "1"), now + 200);
      d.send(buy(BTC, now + 300, "30", "1"), now + 5 * MINUTE + 300); // late: stream time moved
      d.send(buy(BTC, now + 5 * MINUTE + 5_000, "40", "1"), now + 5 * MINUTE + 5_000);

      List<IndicatorSnapshot> finals =
          d.drain().stream().map(kv -> kv.value).filter(IndicatorSnapshot::getFinal).toList();
      assertThat(finals).hasSize(2);
      assertThat(finals.get(0).getTradeCount()).isEqualTo(1);
      assertThat(finals.get(0).getHigh().getValue()).isEqualTo("10");
      assertThat(finals.get(1).getClose().getValue()).isEqualTo("20");
      assertThat(d.count(CandleMetrics.SKIPPED, "reason", "future_time")).isEqualTo(1);
      assertThat(d.count(CandleMetrics.LATE, "interval", "1s")).isEqualTo(1);
    }
  }

  @Test
  void shouldUseTheConfiguredSkew() {
    CandleConfig config = oneSecond().withMaxFutureSkew(Duration.ofSeconds(1));
    try (CandleDriver d = new CandleDriver(config, stateDir)) {
      d.send(buy(BTC, 1_500, "10", "1"), 0); // 1.5 s ahead of when it was produced
      d.send(buy(BTC, 1_000, "20", "1"), 0); // 1 s ahead: accepted
      assertThat(d.count(CandleMetrics.SKIPPED, "reason", "future_time")).isEqualTo(1);
      assertThat(d.drain()).extracting(kv -> kv.value.getClose().getValue()).containsExactly("20");
    }
  }

  @Test
  void shouldRejectDecimalsBeyondThePrecisionAndScaleBounds() {
    String fifty = "1".repeat(50);
    try (CandleDriver d = new CandleDriver(oneSecond(), stateDir)) {
      d.send(buy(BTC, 100, "10", "1"));
      d.send(buy(BTC, 110, "1E+999999999", "1"));
      d.send(buy(BTC, 120, "10", "1E-999999999"));
      d.send(buy(BTC, 130, "1E+31", "1")); // scale -31
      d.send(buy(BTC, 140, "10", "0." + "0".repeat(30) + "1")); // scale 31
      d.send(buy(BTC, 150, fifty + "1", "1")); // precision 51
      d.send(buy(BTC, 160, "1".repeat(1_000_000), "1")); // too long to parse
      // At the bounds: accepted.
      d.send(buy(BTC, 200, "1E+30", "0." + "0".repeat(29) + "1"));
      d.send(buy(BTC, 210, fifty, "1"));
      d.send(buy(BTC, 5_000, "30", "1"));

      IndicatorSnapshot fin =
          d.drain().stream()
              .map(kv -> kv.value)
              .filter(IndicatorSnapshot::getFinal)
              .findFirst()
              .get();
      assertThat(fin.getTradeCount()).isEqualTo(3);
      assertThat(fin.getHigh().getValue()).isEqualTo(fifty);
      assertThat(fin.getVolume().getValue()).isEqualTo("2." + "0".repeat(29) + "1");
      assertThat(d.count(CandleMetrics.SKIPPED, "reason", "bad_decimal")).isEqualTo(6);
    }
  }
}
