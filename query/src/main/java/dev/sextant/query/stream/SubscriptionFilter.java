package dev.sextant.query.stream;

import dev.sextant.query.view.PriceKey;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which updates a subscriber wants. An asset key matches the trades and instrument prices of every
 * instrument with that base, and the asset's own price; an instrument key matches that instrument's
 * trades and price; no keys match everything.
 *
 * @param assets asset symbols asked for
 * @param instruments instrument ids asked for
 * @param trades whether trades are wanted
 * @param prices whether price updates are wanted
 */
public record SubscriptionFilter(
    Set<String> assets, Set<String> instruments, boolean trades, boolean prices) {

  public SubscriptionFilter {
    assets = Set.copyOf(assets);
    instruments = Set.copyOf(instruments);
  }

  /** The filter for parsed keys (empty for everything) and kinds. */
  public static SubscriptionFilter of(List<PriceKey> keys, boolean trades, boolean prices) {
    Set<String> assets = new HashSet<>();
    Set<String> instruments = new HashSet<>();
    for (PriceKey key : keys) {
      switch (key) {
        case PriceKey.AssetKey asset -> assets.add(asset.symbol());
        case PriceKey.InstrumentKey instrument -> instruments.add(instrument.text());
      }
    }
    return new SubscriptionFilter(assets, instruments, trades, prices);
  }

  /**
   * True when updates about this instrument (its trades and price) match the keys; takes the id
   * ready-made because it runs once per subscriber per trade on the reader thread.
   *
   * @param instrumentId the canonical id, e.g. {@code coinbase:BTC-USD}
   * @param base the instrument's base asset, e.g. {@code BTC}
   */
  public boolean matchesInstrument(String instrumentId, String base) {
    return matchesAll() || instruments.contains(instrumentId) || assets.contains(base);
  }

  /** True when the asset's own price matches the keys. */
  public boolean matchesAsset(String asset) {
    return matchesAll() || assets.contains(asset);
  }

  private boolean matchesAll() {
    return assets.isEmpty() && instruments.isEmpty();
  }
}
