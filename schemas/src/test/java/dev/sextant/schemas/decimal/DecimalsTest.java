package dev.sextant.schemas.decimal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sextant.schemas.v1.Decimal;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DecimalsTest {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "0",
        "1.500",
        "-0.00000001",
        "65000.10",
        "115792089237316195423570985008687907853"
      })
  void shouldRoundTripEveryDigit(String text) {
    BigDecimal value = new BigDecimal(text);

    Decimal wire = Decimals.of(value);

    assertThat(wire.getValue()).isEqualTo(text);
    assertThat(Decimals.toBigDecimal(wire)).isEqualTo(value);
  }

  @Test
  void shouldWriteExponentsInPlainNotation() {
    assertThat(Decimals.of("1E+3").getValue()).isEqualTo("1000");
    assertThat(Decimals.of("1e-8").getValue()).isEqualTo("0.00000001");
  }

  @Test
  void shouldReadUnsetDecimalAsZero() {
    assertThat(Decimals.toBigDecimal(Decimal.getDefaultInstance())).isEqualByComparingTo("0");
  }

  @Test
  void shouldRejectNonNumbers() {
    assertThatThrownBy(() -> Decimals.of("NaN")).isInstanceOf(NumberFormatException.class);
    assertThatThrownBy(() -> Decimals.of("")).isInstanceOf(NumberFormatException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "abc", "1E+999999999", "1E-999999999", "1E31", "1E-31"})
  void shouldRefuseWhatIsNoNumberOrOutsideTheBounds(String text) {
    assertThat(Decimals.bounded(Decimal.newBuilder().setValue(text).build())).isEmpty();
  }

  @Test
  void shouldRefuseMorePrecisionOrCharactersThanTheBoundsAndKeepWhatIsWithin() {
    String digits50 = "1".repeat(50);
    assertThat(Decimals.bounded(Decimal.newBuilder().setValue(digits50).build()))
        .contains(new BigDecimal(digits50));
    assertThat(Decimals.bounded(Decimal.newBuilder().setValue(digits50 + "1").build())).isEmpty();
    assertThat(Decimals.bounded(Decimal.newBuilder().setValue("1E30").build()))
        .contains(new BigDecimal("1E30"));
    assertThat(Decimals.bounded(Decimal.newBuilder().setValue("0".repeat(101) + "1").build()))
        .isEmpty();
  }
}
