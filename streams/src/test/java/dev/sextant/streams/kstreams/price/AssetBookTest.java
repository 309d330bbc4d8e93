package dev.sextant.streams.kstreams.price;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.List;
import java.util.TreeMap;
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
            .published("100000.00000000", "coinbase:BTC-USD,okx:BTC-USDT")
            .appliedAt("trades-by-asset", 3, 41)
            .appliedAt("quotes-by-asset", 3, 7);
    AssetBook back = AssetBookSerde.read(AssetBookSerde.write(book));
    assertEquals(book, back);
    assertTrue(back.venues().get("okx:BTC-USDT").tradePrice() == null);
  }

  @Test
  void shouldReadVersionOneAsABookWithoutInputPositions() throws IOException {
    // Version 1 layout: stream time, last price, last venues, venues (one, with one bucket).
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(1);
      out.writeLong(2_000);
      out.writeUTF("100000.10000000");
      out.writeUTF("coinbase:BTC-USD");
      out.writeInt(1);
      out.writeUTF("coinbase:BTC-USD");
      out.writeUTF("USD");
      out.writeUTF("100000.10");
      out.writeLong(1_000);
      out.writeUTF("");
      out.writeLong(VenueState.NONE);
      out.writeInt(1);
      out.writeLong(0);
      out.writeUTF("1");
    }
    AssetBook expected =
        AssetBook.empty()
            .apply(trade("coinbase:BTC-USD", 1_000), CONFIG)
            .published("100000.10000000", "coinbase:BTC-USD");
    AssetBook back = AssetBookSerde.read(bytes.toByteArray());
    assertEquals(
        new AssetBook(
            2_000, expected.venues(), expected.lastPrice(), expected.lastVenues(), new TreeMap<>()),
        back);
    assertTrue(back.positions().isEmpty());
    assertFalse(back.hasApplied("trades-by-asset", 0, 0));
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
