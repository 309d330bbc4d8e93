package dev.sextant.schemas.registry;

import java.util.List;
import java.util.Optional;

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

  /** This asset's token contract on {@code chainId}, if it has one there. */
  public Optional<TokenContract> contract(long chainId) {
    return contracts.stream().filter(c -> c.chainId() == chainId).findFirst();
  }
}
