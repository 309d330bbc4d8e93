package dev.sextant.schemas.decimal;

import dev.sextant.schemas.v1.Decimal;
import java.math.BigDecimal;

/** Converts between {@link BigDecimal} and the wire {@link Decimal}, keeping every digit. */
public final class Decimals {

  private Decimals() {}

  /**
   * The wire form of {@code value}, plain (no exponent) and without trailing zeros lost or added.
   */
  public static Decimal of(BigDecimal value) {
    return Decimal.newBuilder().setValue(value.toPlainString()).build();
  }

  /**
   * The wire form of a venue's decimal string, validated and normalized to plain notation.
   *
   * @throws NumberFormatException when {@code text} is not a decimal number
   */
  public static Decimal of(String text) {
    return of(new BigDecimal(text));
  }

  /** The exact value of {@code decimal}; an unset decimal is zero. */
  public static BigDecimal toBigDecimal(Decimal decimal) {
    String value = decimal.getValue();
    return value.isEmpty() ? BigDecimal.ZERO : new BigDecimal(value);
  }
}
