package dev.sextant.ingest.market.kraken;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.ingest.market.book.BookSide;
import dev.sextant.ingest.market.book.OrderBook;
import org.junit.jupiter.api.Test;

/** Kraken's documented checksum example, computed both ways. */
class KrakenChecksumTest {

  /** The book of Kraken's v1 checksum guide, whose checksum the guide gives as 974947235. */
  private static OrderBook documentedBook() {
    OrderBook book = new OrderBook();
    String[] asks = {
      "0.05005", "0.05010", "0.05015", "0.05020", "0.05025",
      "0.05030", "0.05035", "0.05040", "0.05045", "0.05050"
    };
    String[] bids = {
      "0.05000", "0.04995", "0.04990", "0.04980", "0.04975",
      "0.04970", "0.04965", "0.04960", "0.04955", "0.04950"
    };
    for (String price : asks) {
      book.set(BookSide.ASK, price, "0.00000500");
    }
    for (String price : bids) {
      book.set(BookSide.BID, price, "0.00000500");
    }
    return book;
  }

  @Test
  void shouldMatchTheDocumentedV1Checksum() {
    assertThat(KrakenChecksum.ofText(documentedBook())).isEqualTo(974947235L);
  }

  @Test
  void shouldMatchTheDocumentedChecksumFromNumbersFormattedToThePairPrecision() {
    // v2 sends the same book as JSON numbers (0.05, 0.000005): the precision restores the text.
    OrderBook book = new OrderBook();
    for (OrderBook.Level level : documentedBook().levels(BookSide.ASK)) {
      book.set(BookSide.ASK, level.price().stripTrailingZeros().toPlainString(), "0.000005");
    }
    for (OrderBook.Level level : documentedBook().levels(BookSide.BID)) {
      book.set(BookSide.BID, level.price().stripTrailingZeros().toPlainString(), "0.000005");
    }
    assertThat(KrakenChecksum.ofPrecision(book, 5, 8)).isEqualTo(974947235L);
    assertThat(KrakenChecksum.ofPrecision(book, 4, 8)).isNotEqualTo(974947235L);
  }

  @Test
  void shouldCoverOnlyTheTopTenLevels() {
    OrderBook book = documentedBook();
    book.set(BookSide.ASK, "0.06000", "1.00000000");
    book.set(BookSide.BID, "0.04000", "1.00000000");
    assertThat(KrakenChecksum.ofText(book)).isEqualTo(974947235L);
  }
}
