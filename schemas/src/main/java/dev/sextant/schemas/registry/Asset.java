package dev.sextant.schemas.registry;

import java.util.List;

/**
 * An asset of the registry.
 *
 * @param symbol registry symbol, e.g. "BTC"
 * @param name full name, e.g. "Bitcoin"
 * @param kind crypto, stablecoin or fiat
 * @param peggedTo for a stablecoin, the fiat it tracks ("USD"); empty otherwise
 * @param aliases names used to tag news ("Bitcoin", "Bittensor")
 * @param contracts token contracts per chain; empty for native coins and fiat
 */
public record Asset(
    String symbol,
    String name,
    Kind kind,
    String peggedTo,
    List<String> aliases,
    List<TokenContract> contracts) {

  public enum Kind {
    CRYPTO,
    STABLECOIN,
    FIAT
  }

  public Asset {
    aliases = List.copyOf(aliases);
    contracts = List.copyOf(contracts);
  }
}
