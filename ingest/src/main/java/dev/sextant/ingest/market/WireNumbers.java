package dev.sextant.ingest.market;

import dev.sextant.ingest.deadletter.DeadLetters;
import dev.sextant.ingest.deadletter.ErrorKind;
import java.math.BigDecimal;

/**
 * Exact, bounded reading of the numbers venues send as text ("65114.20") so that a hostile value
 * can neither lose digits nor cost seconds of CPU ({@code 1e2147483647}, a million digits).
 */
public final class WireNumbers {

  /** Digits allowed on either side of the point: far beyond any real price or size. */
  public static final int MAX_DIGITS = 40;

  /** Characters allowed in a number's text, checked before parsing. */
  public static final int MAX_CHARS = 4 * MAX_DIGITS;

  private WireNumbers() {}

  /**
   * Parses a decimal >= 0 (a size of 0 removes a book level).
   *
   * @param field the field's name, for the error
   * @throws FrameException BAD_NUMBER when the text is not such a decimal
   */
  public static BigDecimal nonNegative(String field, String text) {
    BigDecimal value = decimal(field, text);
    if (value.signum() < 0) {
      throw bad(field, text, "is negative");
    }
    return value;
  }

  /**
   * Parses a decimal > 0 (a trade's price and size).
   *
   * @throws FrameException BAD_NUMBER when the text is not such a decimal
   */
  public static BigDecimal positive(String field, String text) {
    BigDecimal value = decimal(field, text);
    if (value.signum() <= 0) {
      throw bad(field, text, "is not positive");
    }
    return value;
  }

  /**
   * Parses any bounded decimal.
   *
   * @throws FrameException BAD_NUMBER when the text is not a decimal or is out of bounds
   */
  public static BigDecimal decimal(String field, String text) {
    if (text == null) {
      throw new FrameException(ErrorKind.MISSING_FIELD, "missing field \"" + field + "\"");
    }
    if (text.length() > MAX_CHARS) {
      throw bad(field, text, "is longer than " + MAX_CHARS + " characters");
    }
    BigDecimal value;
    try {
      value = new BigDecimal(text);
    } catch (NumberFormatException e) {
      throw bad(field, text, "is not a decimal");
    }
    // Long arithmetic: for 1e2147483647 the int subtraction overflows.
    long integerDigits = (long) value.precision() - value.scale();
    if (value.scale() > MAX_DIGITS || integerDigits > MAX_DIGITS) {
      throw bad(field, text, "has more than " + MAX_DIGITS + " digits before or after the point");
    }
    return value;
  }

  /**
   * Parses a 64-bit integer written as text or digits (sequence numbers, ids, millisecond times).
   *
   * @throws FrameException BAD_NUMBER when it is not one
   */
  public static long integer(String field, String text) {
    if (text == null) {
      throw new FrameException(ErrorKind.MISSING_FIELD, "missing field \"" + field + "\"");
    }
    try {
      return Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw bad(field, text, "is not a 64-bit integer");
    }
  }

  private static FrameException bad(String field, String text, String why) {
    return new FrameException(
        ErrorKind.BAD_NUMBER,
        "field \"" + field + "\" " + why + ": '" + DeadLetters.abbreviate(text, 200) + "'");
  }
}
