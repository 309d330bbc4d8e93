package dev.sextant.schemas.registry;

import java.util.Map;

/**
 * A trading venue of the registry.
 *
 * @param name lowercase name; DEX venues carry the chain ("uniswap-v3@1")
 * @param kind CEX or DEX
 * @param chainId the chain of a DEX; 0 for a CEX
 * @param symbols venue code to registry symbol, for codes that differ ("XBT" to "BTC")
 */
public record Venue(String name, Kind kind, long chainId, Map<String, String> symbols) {

  public enum Kind {
    CEX,
    DEX
  }

  public Venue {
    symbols = Map.copyOf(symbols);
  }
}
