package dev.sextant.schemas.decimal;

import dev.sextant.schemas.v1.Decimal;
import java.math.BigDecimal;
import java.util.Optional;

/** Converts between {@link BigDecimal} and the wire {@link Decimal}, keeping every digit. */
public final class Decimals {

  /**
   * Bounds of a decimal read from the wire by {@link #bounded}: real prices and sizes are far
   * inside them; without them a string like {@code 1E+999999999} parses cheaply but makes {@code
   * toPlainString()} (and every sum after it) run out of memory.
   */
  public static final int MAX_PRECISION = 50;

  public static final int MAX_ABS_SCALE = 30;

  /** Longer strings cannot be within the bounds; refused before parsing costs anything. */
  public static final int MAX_CHARS = 100;

  private Decimals() {}

  /**
   * The value of {@code decimal} when it is a number within {@link #MAX_PRECISION} digits and
   * {@link #MAX_ABS_SCALE} places either way; empty when unset, unparsable or out of bounds.
   */
  public static Optional<BigDecimal> bounded(Decimal decimal) {
    String text = decimal.getValue();
    if (text.isEmpty() || text.length() > MAX_CHARS) {
      return Optional.empty();
    }
    BigDecimal value;
    try {
      value = new BigDecimal(text);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
    if (value.precision() > MAX_PRECISION || Math.abs((long) value.scale()) > MAX_ABS_SCALE) {
      return Optional.empty();
    }
    return Optional.of(value);
  }

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
