package dev.sextant.ingest.market.coinbase;

import dev.sextant.schemas.registry.Instrument;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** A mapping that remembers the instruments of up to a bound of product ids. */
final class CachedProductMapping implements ProductMapping {

  /** The production bound: a feed has a few hundred products. */
  static final int MAX_ENTRIES = 10_000;

  private final ProductMapping delegate;
  private final int maxEntries;
  private final Map<String, Instrument> cache = new ConcurrentHashMap<>();

  CachedProductMapping(ProductMapping delegate, int maxEntries) {
    this.delegate = delegate;
    this.maxEntries = maxEntries;
  }

  @Override
  public Instrument instrument(String productId) {
    Instrument cached = cache.get(productId);
    if (cached != null) {
      return cached;
    }
    // Failures are not cached: they throw. Past the bound, a feed of ever new junk ids cannot
    // grow the cache; those ids are computed on each use instead.
    Instrument instrument = delegate.instrument(productId);
    if (cache.size() < maxEntries) {
      cache.putIfAbsent(productId, instrument);
    }
    return instrument;
  }
}
