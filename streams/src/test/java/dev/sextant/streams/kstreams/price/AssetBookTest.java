package dev.sextant.streams.kstreams.price;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.util.List;
import org.junit.jupiter.api.Test;

class AssetBookTest {

  private static final PriceConfig CONFIG = PriceConfig.defaults();
  private static final long MINUTE = 60_000;

  @Test
  void shouldKeepAtMostOneWindowOfBucketsPerVenue() {
    AssetBook book = AssetBook.empty();
    for (long t = 0; t <= 20 * MINUTE; t += 10_000) {
      book = book.apply(trade("coinbase:BTC-USD", t), CONFIG);
    }
    VenueState venue = book.venues().get("coinbase:BTC-USD");
    assertEquals(CONFIG.volumeBuckets(), venue.buckets().size());
    // 10 buckets of 30 s; the newest holds only the trade at 20:00, the others 3 trades each.
    assertEquals(new BigDecimal("28"), venue.rollingVolume(book.streamTimeMs(), CONFIG));
  }

  @Test
  void shouldEvictVenueSilentPastEvictAfter() {
    AssetBook book = AssetBook.empty().apply(trade("kraken:BTC-USD", 0), CONFIG);
    book = book.apply(trade("coinbase:BTC-USD", 31 * MINUTE), CONFIG);
    assertEquals(List.of("coinbase:BTC-USD"), List.copyOf(book.venues().keySet()));
  }

  @Test
  void shouldRoundTripThroughItsSerde() {
    AssetBook book =
        AssetBook.empty()
            .apply(trade("coinbase:BTC-USD", 1_000), CONFIG)
            .apply(
                new VenueUpdate(
                    "BTC",
                    "okx:BTC-USDT",
                    "USDT",
                    VenueUpdate.Kind.QUOTE,
                    new BigDecimal("100001.50"),
                    BigDecimal.ZERO,
                    2_000),
                CONFIG)
            .published("100000.00000000", "coinbase:BTC-USD,okx:BTC-USDT");
    AssetBook back = AssetBookSerde.read(AssetBookSerde.write(book));
    assertEquals(book, back);
    assertTrue(back.venues().get("okx:BTC-USDT").tradePrice() == null);
  }

  private static VenueUpdate trade(String instrument, long t) {
    return new VenueUpdate(
        "BTC",
        instrument,
        "USD",
        VenueUpdate.Kind.TRADE,
        new BigDecimal("100000.10"),
        BigDecimal.ONE,
        t);
  }
}
