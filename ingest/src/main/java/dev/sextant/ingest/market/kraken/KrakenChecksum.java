package dev.sextant.ingest.market.kraken;

import dev.sextant.ingest.market.book.BookSide;
import dev.sextant.ingest.market.book.OrderBook;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.zip.CRC32;

/**
 * Kraken's book checksum: CRC32 of the top 10 asks (ascending) then the top 10 bids (descending),
 * each level's price then size with the '.' removed and leading zeros stripped.
 */
final class KrakenChecksum {

  /** Levels per side the checksum covers, whatever the subscribed depth. */
  static final int LEVELS = 10;

  private KrakenChecksum() {}

  /** The v1 checksum: prices and sizes as the venue wrote them ("0.05000" is not "0.05"). */
  static long ofText(OrderBook book) {
    StringBuilder text = new StringBuilder(640);
    for (BookSide side : new BookSide[] {BookSide.ASK, BookSide.BID}) {
      for (OrderBook.Level level : book.top(side, LEVELS)) {
        append(text, level.priceText());
        append(text, level.sizeText());
      }
    }
    return crc(text);
  }

  /**
   * The v2 checksum: v2 sends JSON numbers, which drop trailing zeros, so each price and size is
   * written with the pair's precision (from the instrument channel) first.
   */
  static long ofPrecision(OrderBook book, int pricePrecision, int qtyPrecision) {
    StringBuilder text = new StringBuilder(640);
    for (BookSide side : new BookSide[] {BookSide.ASK, BookSide.BID}) {
      for (OrderBook.Level level : book.top(side, LEVELS)) {
        append(text, fixed(level.price(), pricePrecision));
        append(text, fixed(level.size(), qtyPrecision));
      }
    }
    return crc(text);
  }

  /**
   * A value with exactly {@code scale} decimals. A value finer than the precision cannot be what
   * the venue checksummed; it is written as is, so the checksum fails and the book resyncs.
   */
  static String fixed(BigDecimal value, int scale) {
    try {
      return value.setScale(scale, RoundingMode.UNNECESSARY).toPlainString();
    } catch (ArithmeticException e) {
      return value.toPlainString();
    }
  }

  private static void append(StringBuilder text, String number) {
    boolean leading = true;
    for (int i = 0; i < number.length(); i++) {
      char c = number.charAt(i);
      if (c == '.' || (leading && c == '0')) {
        continue;
      }
      leading = false;
      text.append(c);
    }
  }

  private static long crc(StringBuilder text) {
    CRC32 crc = new CRC32();
    crc.update(text.toString().getBytes(StandardCharsets.US_ASCII));
    return crc.getValue();
  }
}
