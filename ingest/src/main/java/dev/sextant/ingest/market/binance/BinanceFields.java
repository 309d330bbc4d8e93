package dev.sextant.ingest.market.binance;

import dev.sextant.ingest.deadletter.DeadLetters;
import dev.sextant.ingest.deadletter.ErrorKind;
import dev.sextant.ingest.market.FrameException;
import dev.sextant.ingest.market.WireNumbers;
import dev.sextant.schemas.decimal.Decimals;
import dev.sextant.schemas.v1.BookLevel;
import java.math.BigDecimal;

/** Reads Binance field values (booleans, millisecond times, levels) into record values. */
final class BinanceFields {

  /** The latest plausible millisecond time: year 3000. */
  private static final long MAX_MILLIS = 32_503_680_000_000L;

  private BinanceFields() {}

  /** A [price, size] pair of the array {@code field} as a record level. */
  static BookLevel level(String[] level, String field) {
    BigDecimal price = WireNumbers.positive(field + "[].price", level[0]);
    BigDecimal size = WireNumbers.nonNegative(field + "[].size", level[1]);
    return BookLevel.newBuilder().setPrice(Decimals.of(price)).setSize(Decimals.of(size)).build();
  }

  /** A JSON boolean's text as a boolean. */
  static boolean bool(String field, String text) {
    if (text == null) {
      throw new FrameException(ErrorKind.MISSING_FIELD, "missing field \"" + field + "\"");
    }
    return switch (text) {
      case "true" -> true;
      case "false" -> false;
      default ->
          throw new FrameException(
              ErrorKind.BAD_VALUE,
              "field \""
                  + field
                  + "\" is not a boolean: '"
                  + DeadLetters.abbreviate(text, 64)
                  + "'");
    };
  }

  /** A millisecond epoch time, > 0 and before the year 3000. */
  static long millis(String field, String text) {
    long value;
    try {
      value = WireNumbers.integer(field, text);
    } catch (FrameException e) {
      throw new FrameException(
          e.kind() == ErrorKind.MISSING_FIELD ? e.kind() : ErrorKind.BAD_TIME, e.getMessage());
    }
    if (value <= 0 || value > MAX_MILLIS) {
      throw new FrameException(
          ErrorKind.BAD_TIME, "field \"" + field + "\" is not a time in milliseconds: " + value);
    }
    return value;
  }
}
