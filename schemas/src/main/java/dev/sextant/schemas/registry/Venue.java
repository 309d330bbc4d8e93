package dev.sextant.schemas.registry;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A trading venue of the registry.
 *
 * @param name lowercase name; DEX venues carry the chain ("uniswap-v3@1")
 * @param kind CEX or DEX
 * @param chainId the chain of a DEX; 0 for a CEX
 * @param symbols venue code to registry symbol, for codes that differ ("XBT" to "BTC")
 * @param quoteCodes the venue's quote codes, used to split concatenated symbols like "BTCUSDT";
 *     kept longest first so "BTCFDUSD" splits on "FDUSD" before "USD"
 */
public record Venue(
    String name, Kind kind, long chainId, Map<String, String> symbols, List<String> quoteCodes) {

  public enum Kind {
    CEX,
    DEX
  }

  public Venue {
    symbols = Map.copyOf(symbols);
    quoteCodes =
        quoteCodes.stream().sorted(Comparator.comparingInt(String::length).reversed()).toList();
  }

  /** A venue whose symbols are never concatenated (no quote codes). */
  public Venue(String name, Kind kind, long chainId, Map<String, String> symbols) {
    this(name, kind, chainId, symbols, List.of());
  }

  /**
   * Splits a concatenated venue symbol ("BTCUSDT", any case) into the venue's base and quote codes
   * on the longest quote code it ends with; empty when none matches or nothing is left for a base.
   */
  public Optional<SymbolPair> splitConcatenated(String venueSymbol) {
    String upper = venueSymbol.toUpperCase(Locale.ROOT);
    for (String quote : quoteCodes) {
      if (upper.length() > quote.length() && upper.endsWith(quote)) {
        return Optional.of(
            new SymbolPair(upper.substring(0, upper.length() - quote.length()), quote));
      }
    }
    return Optional.empty();
  }
}
