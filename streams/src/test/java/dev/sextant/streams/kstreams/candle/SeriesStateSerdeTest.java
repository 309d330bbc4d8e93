package dev.sextant.streams.kstreams.candle;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
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
  void shouldReadTheFormatWithoutInputPositionAsPositionUnknown() {
    Tick a =
        new Tick("coinbase:BTC-USD", new BigDecimal("5.5"), BigDecimal.TEN, Tick.Side.SELL, 1_200);
    SeriesState state =
        new SeriesState(
            java.util.List.of(Candle.first(1_000, a)),
            IndicatorState.empty().next(5.5, 20).state(),
            new InputPosition(2, 99));
    byte[] current = SeriesStateSerde.write(state);
    assertThat(current[0]).isEqualTo(SeriesStateSerde.VERSION);
    // Version 1 is version 3 without the position (int partition, long offset) and the clock
    // (three longs) after the version.
    byte[] v1 = new byte[current.length - 36];
    v1[0] = SeriesStateSerde.VERSION_WITHOUT_POSITION;
    System.arraycopy(current, 37, v1, 1, current.length - 37);

    SeriesState back = SeriesStateSerde.read(v1);

    assertThat(back).isEqualTo(new SeriesState(state.open(), state.indicators()));
    assertThat(back.applied()).isEqualTo(InputPosition.NONE);
    assertThat(back.clock()).isEqualTo(new SeriesClock(1_200, 1_200, Long.MIN_VALUE));
  }

  @Test
  void shouldReadTheFormatWithoutClockWithTheClockOfItsNewestTrade() {
    Tick a =
        new Tick("coinbase:BTC-USD", new BigDecimal("5.5"), BigDecimal.TEN, Tick.Side.SELL, 1_200);
    Tick b =
        new Tick("coinbase:BTC-USD", new BigDecimal("5.6"), BigDecimal.ONE, Tick.Side.BUY, 2_300);
    SeriesState state =
        new SeriesState(
            java.util.List.of(Candle.first(1_000, a), Candle.first(2_000, b)),
            IndicatorState.empty().next(5.5, 20).state(),
            new InputPosition(2, 99),
            new SeriesClock(2_300, 2_400, 900));
    byte[] current = SeriesStateSerde.write(state);
    // Version 2 is version 3 without the clock (three longs) after the position.
    byte[] v2 = new byte[current.length - 24];
    v2[0] = SeriesStateSerde.VERSION_WITHOUT_CLOCK;
    System.arraycopy(current, 1, v2, 1, 12);
    System.arraycopy(current, 37, v2, 13, current.length - 37);

    SeriesState back = SeriesStateSerde.read(v2);

    assertThat(back.open()).isEqualTo(state.open());
    assertThat(back.applied()).isEqualTo(new InputPosition(2, 99));
    assertThat(back.clock()).isEqualTo(new SeriesClock(2_300, 2_300, Long.MIN_VALUE));
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
