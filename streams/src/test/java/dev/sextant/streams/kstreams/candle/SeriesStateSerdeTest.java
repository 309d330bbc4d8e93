package dev.sextant.streams.kstreams.candle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

class SeriesStateSerdeTest {

  @Test
  void shouldRoundTripOpenCandlesExactlyAndIndicatorStateBitForBit() {
    Tick a =
        new Tick(
            "coinbase:BTC-USD",
            new BigDecimal("68254.45"),
            new BigDecimal("0.00012300"),
            Tick.Side.BUY,
            1_000);
    Tick b =
        new Tick(
            "coinbase:BTC-USD",
            new BigDecimal("1E+3"),
            new BigDecimal("12345678901234567890.123456789012345678"),
            Tick.Side.UNKNOWN,
            2_500);
    IndicatorState indicators = IndicatorState.empty();
    for (int i = 0; i < 30; i++) {
      indicators = indicators.next(100 + Math.sin(i), 20).state();
    }
    SeriesState state =
        new SeriesState(
            java.util.List.of(Candle.first(0, a).plus(b), Candle.first(3_000, b)),
            indicators,
            new InputPosition(7, 123_456_789_012L),
            new SeriesClock(2_500, 2_600, -7));

    SeriesStateSerde serde = new SeriesStateSerde();
    SeriesState back =
        serde.deserializer().deserialize("t", serde.serializer().serialize("t", state));

    assertThat(back).isEqualTo(state);
    assertThat(back.open().getFirst().volume().toPlainString())
        .isEqualTo("12345678901234567890.123579789012345678");
    assertThat(back.indicators().closes()).hasSize(21);
    assertThat(back.applied()).isEqualTo(new InputPosition(7, 123_456_789_012L));
  }

  @Test
  void shouldRefuseAnotherVersionAndATruncatedStateWithASerializationError() {
    Tick a =
        new Tick("coinbase:BTC-USD", new BigDecimal("5.5"), BigDecimal.TEN, Tick.Side.SELL, 1_200);
    SeriesState state =
        new SeriesState(
            java.util.List.of(Candle.first(1_000, a)),
            IndicatorState.empty().next(5.5, 20).state(),
            new InputPosition(2, 99),
            new SeriesClock(1_200, 1_300, 900));
    byte[] bytes = SeriesStateSerde.write(state);
    assertThat(SeriesStateSerde.read(bytes)).isEqualTo(state);

    byte[] older = bytes.clone();
    older[0] = 2;
    assertThatThrownBy(() -> SeriesStateSerde.read(older))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("version 2");
    byte[] truncated = java.util.Arrays.copyOf(bytes, bytes.length - 5);
    assertThatThrownBy(() -> SeriesStateSerde.read(truncated))
        .isInstanceOf(SerializationException.class)
        .hasMessageContaining("truncated");
  }

  @Test
  void shouldKeepScaleAndSignOfLongAndLargeDecimalsAlike() {
    for (String value :
        List.of(
            "0",
            "0E-8",
            "-1.5",
            "999999999999999999",
            "-999999999999999999",
            "1000000000000000000",
            "9223372036854775808",
            "-12345678901234567890.000000000001",
            "1E+30")) {
      BigDecimal d = new BigDecimal(value);
      Tick t = new Tick("coinbase:BTC-USD", d, d, Tick.Side.BUY, 1);
      SeriesState state =
          new SeriesState(
              List.of(Candle.first(0, t)),
              IndicatorState.empty(),
              InputPosition.NONE,
              SeriesClock.NEW);
      Candle back = SeriesStateSerde.read(SeriesStateSerde.write(state)).open().getFirst();
      assertThat(back.open().toString()).as(value).isEqualTo(d.toString());
      assertThat(back.notional()).as(value).isEqualTo(d.multiply(d));
    }
  }

  @Test
  void shouldLeaveTheStateUnchangedWhenComputingProvisionalValues() {
    IndicatorState state = IndicatorState.empty();
    for (int i = 0; i < 30; i++) {
      state = state.next(100 + i % 7, 20).state();
    }
    // A deep copy and the serialized bytes taken before: `state` itself must not change.
    IndicatorState before =
        new IndicatorState(
            state.count(),
            state.ema12(),
            state.ema26(),
            state.signal(),
            state.avgGain(),
            state.avgLoss(),
            state.closes().clone());
    byte[] bytesBefore = SeriesStateSerde.write(new SeriesState(java.util.List.of(), state));
    IndicatorState.Step provisional = state.next(250, 20);
    assertThat(state).isNotSameAs(before).isEqualTo(before);
    assertThat(SeriesStateSerde.write(new SeriesState(java.util.List.of(), state)))
        .isEqualTo(bytesBefore);
    assertThat(provisional.state().count()).isEqualTo(31);
    assertThat(provisional.values().ema12()).isGreaterThan(before.ema12());
  }
}
