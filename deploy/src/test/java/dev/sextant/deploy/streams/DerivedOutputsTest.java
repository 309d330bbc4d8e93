package dev.sextant.deploy.streams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.schemas.v1.Decimal;
import dev.sextant.schemas.v1.IndicatorSnapshot;
import dev.sextant.schemas.v1.Price;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The comparison the crash tests rest on must see every kind of difference. */
class DerivedOutputsTest {

  private static IndicatorSnapshot candle(long trades, boolean last) {
    return IndicatorSnapshot.newBuilder()
        .setInstrument("coinbase:BTC-USD")
        .setInterval("1s")
        .setTradeCount(trades)
        .setFinal(last)
        .build();
  }

  private static Price price(String value) {
    return Price.newBuilder().setKey("BTC").setPrice(Decimal.newBuilder().setValue(value)).build();
  }

  private static DerivedOutputs outputs(List<IndicatorSnapshot> candles, List<Price> prices) {
    return new DerivedOutputs(
        Map.of("coinbase:BTC-USD/1s", candles),
        prices.isEmpty() ? Map.of() : Map.of("BTC", prices));
  }

  private final DerivedOutputs reference =
      outputs(List.of(candle(1, false), candle(2, true)), List.of(price("1"), price("2")));

  @Test
  void shouldFindNoDifferenceInEqualOutputs() {
    DerivedOutputs same =
        outputs(List.of(candle(1, false), candle(2, true)), List.of(price("1"), price("2")));
    assertThat(same.differences(reference)).isEmpty();
    assertThat(same.size()).isEqualTo(4);
  }

  @Test
  void shouldSeeARepeatedValueAChangedValueAndAMissingKey() {
    DerivedOutputs replayed =
        outputs(
            List.of(candle(1, false), candle(1, false), candle(2, true)),
            List.of(price("1"), price("2")));
    assertThat(replayed.differences(reference))
        .containsOnlyKeys("indicators.v1 coinbase:BTC-USD/1s");
    assertThat(replayed.differences(reference).get("indicators.v1 coinbase:BTC-USD/1s"))
        .startsWith("sizes 3 vs 2, first difference at 1:");

    DerivedOutputs changed =
        outputs(List.of(candle(1, false), candle(2, true)), List.of(price("1"), price("2.5")));
    assertThat(changed.differences(reference)).containsOnlyKeys("prices.v1 BTC");

    DerivedOutputs missing = outputs(List.of(candle(1, false), candle(2, true)), List.of());
    assertThat(missing.differences(reference)).containsOnlyKeys("prices.v1 BTC");
  }

  @Test
  void shouldCompareOnlyTheLatestValueOfEachKeyAfterLatest() {
    DerivedOutputs replayed =
        outputs(
            List.of(candle(1, false), candle(1, false), candle(2, true)),
            List.of(price("1"), price("1"), price("2")));
    assertThat(replayed.differences(reference)).hasSize(2);
    assertThat(replayed.latest().differences(reference.latest())).isEmpty();

    DerivedOutputs otherEnd =
        outputs(List.of(candle(1, false), candle(3, true)), List.of(price("1"), price("2")));
    assertThat(otherEnd.latest().differences(reference.latest()))
        .containsOnlyKeys("indicators.v1 coinbase:BTC-USD/1s");
  }
}
