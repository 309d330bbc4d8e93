package dev.sextant.ingest.market.coinbase;

import dev.sextant.schemas.registry.Instrument;
import dev.sextant.schemas.registry.Registry;

/** Maps a Coinbase Exchange product id ({@code BTC-USD}) to a Sextant instrument. */
@FunctionalInterface
public interface ProductMapping {

  /**
   * The instrument for {@code productId}.
   *
   * @throws IllegalArgumentException when the product id names no instrument
   */
  Instrument instrument(String productId);

  /**
   * The production mapping: codes go through the registry's Coinbase aliases, and each product's
   * instrument is built once, since every trade asks for it.
   */
  static ProductMapping registry(Registry registry) {
    return new CachedProductMapping(
        productId -> {
          String[] pair = split(productId);
          return registry.instrument(CoinbaseExchangeAdapter.VENUE, pair[0], pair[1], "");
        },
        CachedProductMapping.MAX_ENTRIES);
  }

  /** A mapping without the registry: Coinbase already writes the registry's own codes. */
  static ProductMapping spot() {
    return productId -> {
      String[] pair = split(productId);
      return Instrument.spot(CoinbaseExchangeAdapter.VENUE, pair[0], pair[1]);
    };
  }

  private static String[] split(String productId) {
    String[] pair = productId.split("-", -1);
    if (pair.length != 2 || pair[0].isEmpty() || pair[1].isEmpty()) {
      throw new IllegalArgumentException(
          "product id '" + productId + "' is not BASE-QUOTE, e.g. BTC-USD");
    }
    return pair;
  }
}
