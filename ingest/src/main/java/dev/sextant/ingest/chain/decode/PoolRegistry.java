package dev.sextant.ingest.chain.decode;

import dev.sextant.schemas.registry.Asset;
import dev.sextant.schemas.registry.Registry;
import dev.sextant.schemas.registry.TokenContract;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The DEX pools the decoder knows, by address: a swap or sync log names neither of its pool's
 * tokens (the pool contract stores them), so scaling and pricing need this configuration.
 */
public final class PoolRegistry {

  /** A token of a pool, resolved against the asset registry. */
  public record Token(String address, String symbol, int decimals) {}

  /**
   * A pool and its two tokens in the pool's own order (token0 sorts below token1 by address).
   *
   * @param address the pool contract, lowercase
   */
  public record Pool(String address, Token token0, Token token1) {}

  /** An empty registry: every swap keeps raw integer amounts and makes no trade. */
  public static final PoolRegistry EMPTY = new PoolRegistry(List.of());

  private final Map<String, Pool> pools = new HashMap<>();

  /** A registry of {@code pools}. */
  public PoolRegistry(List<Pool> pools) {
    for (Pool pool : pools) {
      this.pools.put(pool.address().toLowerCase(Locale.ROOT), pool);
    }
  }

  /**
   * The pool at {@code poolAddress} whose tokens are the registry assets with contracts {@code
   * token0} and {@code token1} on {@code chainId}.
   *
   * @throws IllegalArgumentException when a token has no contract in the registry
   */
  public static Pool pool(
      Registry registry, long chainId, String poolAddress, String token0, String token1) {
    return new Pool(
        poolAddress.toLowerCase(Locale.ROOT),
        token(registry, chainId, token0),
        token(registry, chainId, token1));
  }

  private static Token token(Registry registry, long chainId, String address) {
    Asset asset =
        registry
            .assetByContract(chainId, address)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "token " + address + " on chain " + chainId + " is not in the registry"));
    TokenContract contract = asset.contract(chainId).orElseThrow();
    return new Token(address.toLowerCase(Locale.ROOT), asset.symbol(), contract.decimals());
  }

  /** Every pool, in no particular order. */
  public Collection<Pool> pools() {
    return List.copyOf(pools.values());
  }

  /** The pool at {@code address} (any letter case). */
  public Optional<Pool> find(String address) {
    return Optional.ofNullable(pools.get(address.toLowerCase(Locale.ROOT)));
  }
}
