package dev.sextant.ingest.market.coinbase;

import dev.sextant.ingest.deadletter.DeadLetters;
import dev.sextant.ingest.deadletter.ErrorKind;
import dev.sextant.ingest.market.FrameException;
import dev.sextant.ingest.market.InstrumentLimit;
import dev.sextant.schemas.registry.Instrument;
import dev.sextant.schemas.registry.Registry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Maps Coinbase product ids ({@code BTC-USD}) to Sextant instruments: the configured instruments
 * first, then any product the registry can map.
 */
final class CoinbaseProducts {

  /** The venue both Coinbase protocols publish under. */
  static final String VENUE = "coinbase";

  /** Bound on the remembered ids of products outside the configuration. */
  private final Map<String, Instrument> configured = new HashMap<>();

  private final Map<String, String> ids = new HashMap<>();
  private final List<String> productIds = new ArrayList<>();
  private final Registry registry;

  CoinbaseProducts(List<Instrument> instruments, Registry registry) {
    for (Instrument instrument : instruments) {
      String id = productId(instrument);
      if (configured.putIfAbsent(id, instrument) == null) {
        productIds.add(id);
      }
    }
    this.registry = registry;
  }

  /** The venue's product id of a spot instrument: Coinbase writes the registry's own codes. */
  static String productId(Instrument instrument) {
    return instrument.base() + "-" + instrument.quote();
  }

  /**
   * Checks that every instrument is a Coinbase spot instrument.
   *
   * @throws IllegalArgumentException naming the first one that is not
   */
  static void requireSpot(String protocol, List<Instrument> instruments) {
    for (Instrument instrument : instruments) {
      if (!CoinbaseProducts.VENUE.equals(instrument.venue()) || !instrument.suffix().isEmpty()) {
        throw new IllegalArgumentException(
            protocol + " carries Coinbase spot instruments only, not " + instrument.id());
      }
    }
  }

  /** The configured product ids, in configuration order. */
  List<String> productIds() {
    return productIds;
  }

  /**
   * The instrument id of a product.
   *
   * @throws FrameException UNKNOWN_INSTRUMENT when the product names no instrument
   */
  String instrument(String productId) {
    // Every trade asks: the id string is built once per product.
    String id = ids.get(productId);
    if (id != null) {
      return id;
    }
    Instrument instrument = configured.get(productId);
    id = instrument != null ? instrument.id() : mapped(productId);
    InstrumentLimit.admit(ids.size(), productId);
    ids.put(productId, id);
    return id;
  }

  private String mapped(String productId) {
    try {
      String[] pair = productId.split("-", -1);
      if (pair.length != 2 || pair[0].isEmpty() || pair[1].isEmpty()) {
        throw new IllegalArgumentException(
            "product id '" + productId + "' is not BASE-QUOTE, e.g. BTC-USD");
      }
      // Codes go through the registry's Coinbase aliases; ids above remember each product's.
      return registry.instrument(VENUE, pair[0], pair[1], "").id();
    } catch (IllegalArgumentException e) {
      throw new FrameException(
          ErrorKind.UNKNOWN_INSTRUMENT,
          "product_id '"
              + DeadLetters.abbreviate(productId, 100)
              + "': "
              + DeadLetters.abbreviate(String.valueOf(e.getMessage()), 200));
    }
  }
}
