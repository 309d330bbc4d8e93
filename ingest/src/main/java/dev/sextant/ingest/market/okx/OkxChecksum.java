package dev.sextant.ingest.market.okx;

import dev.sextant.ingest.market.book.BookSide;
import dev.sextant.ingest.market.book.OrderBook;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.CRC32;

/**
 * OKX's order book checksum: CRC32, as a signed 32-bit int, of the best 25 bids and asks
 * interleaved as {@code bidPx:bidSz:askPx:askSz:...} in the venue's own text, the longer side
 * continuing alone once the shorter runs out.
 */
final class OkxChecksum {

  static final int LEVELS = 25;

  private OkxChecksum() {}

  /** The checksum OKX sends with {@code book} in this state. */
  static int of(OrderBook book) {
    List<OrderBook.Level> bids = book.top(BookSide.BID, LEVELS);
    List<OrderBook.Level> asks = book.top(BookSide.ASK, LEVELS);
    StringBuilder text = new StringBuilder(LEVELS * 2 * 24);
    for (int i = 0; i < LEVELS; i++) {
      if (i < bids.size()) {
        append(text, bids.get(i));
      }
      if (i < asks.size()) {
        append(text, asks.get(i));
      }
    }
    CRC32 crc = new CRC32();
    crc.update(text.toString().getBytes(StandardCharsets.US_ASCII));
    return (int) crc.getValue();
  }

  private static void append(StringBuilder text, OrderBook.Level level) {
    if (!text.isEmpty()) {
      text.append(':');
    }
    text.append(level.priceText()).append(':').append(level.sizeText());
  }
}
