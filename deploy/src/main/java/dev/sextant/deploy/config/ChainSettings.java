package dev.sextant.deploy.config;

import dev.sextant.ingest.chain.ChainConfig;
import dev.sextant.ingest.chain.decode.PoolRegistry;
import dev.sextant.ingest.chain.rpc.RpcSettings;
import dev.sextant.schemas.registry.Asset;
import dev.sextant.schemas.registry.Eip55;
import dev.sextant.schemas.registry.Registry;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Checks a configured chain and turns it into the tailer's {@link ChainConfig}; every error names
 * the key ({@code chain.chains.<name>.<key>}) and what would be right.
 */
public final class ChainSettings {

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9-]*");
  private static final Pattern SYMBOL = Pattern.compile("[A-Z0-9][A-Z0-9.]*");

  /** ERC-20 decimals are a uint8. */
  private static final int MAX_DECIMALS = 255;

  private ChainSettings() {}

  /**
   * The tailer's configuration of chain {@code name}, its pool tokens resolved against the chain's
   * own tokens, then the registry's contracts on its chain id.
   *
   * @throws IllegalArgumentException naming the key when a value is wrong
   */
  public static ChainConfig toChainConfig(
      String name, SextantConfig.ChainEntry entry, Registry registry) {
    String at = "chain.chains." + name + ".";
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException(
          "chain.chains: '"
              + name
              + "' is not a chain name: lowercase letters, digits and '-' (e.g. ethereum, base)");
    }
    if (entry.chainId() == null || entry.chainId() <= 0) {
      throw new IllegalArgumentException(
          at
              + "chain-id: the chain's EIP-155 id (1 for Ethereum) is required, got "
              + entry.chainId());
    }
    long chainId = entry.chainId();
    URI http = httpUrl(at + "http-url", entry.httpUrl());
    Optional<URI> ws =
        entry.wsUrl().isEmpty()
            ? Optional.empty()
            : Optional.of(wsUrl(at + "ws-url", entry.wsUrl()));
    atLeast(at + "confirmations", entry.confirmations(), 1);
    if (entry.startBlock() < -1) {
      throw new IllegalArgumentException(
          at + "start-block: a block number, or -1 for the head; got " + entry.startBlock());
    }
    atLeast(at + "backfill-blocks", entry.backfillBlocks(), 1);
    atLeast(at + "backfill-max-blocks", entry.backfillMaxBlocks(), entry.backfillBlocks());
    atLeast(at + "poll-interval-ms", entry.pollIntervalMs(), 1);

    Set<String> contracts = new HashSet<>();
    for (int i = 0; i < entry.contracts().size(); i++) {
      contracts.add(address(at + "contracts[" + i + "]", entry.contracts().get(i)));
    }
    Map<String, PoolRegistry.Token> tokens = tokens(at, entry.tokens());
    List<PoolRegistry.Pool> pools = pools(at, entry.pools(), tokens, registry, chainId);
    Optional<String> treasury =
        entry.treasury().isEmpty()
            ? Optional.empty()
            : Optional.of(address(at + "treasury", entry.treasury()));

    return new ChainConfig(
        name,
        chainId,
        RpcSettings.of(http, ws),
        entry.confirmations(),
        entry.startBlock(),
        OptionalLong.empty(),
        contracts,
        List.copyOf(tokens.values()),
        pools,
        treasury,
        entry.backfillBlocks(),
        entry.backfillMaxBlocks(),
        Duration.ofMillis(entry.pollIntervalMs()));
  }

  /** The chain's own tokens by lowercase address. */
  private static Map<String, PoolRegistry.Token> tokens(
      String at, List<SextantConfig.TokenEntry> entries) {
    Map<String, PoolRegistry.Token> tokens = new LinkedHashMap<>();
    for (int i = 0; i < entries.size(); i++) {
      String where = at + "tokens[" + i + "]";
      SextantConfig.TokenEntry t = entries.get(i);
      String address = address(where + ".address", t.address());
      if (t.symbol() == null || !SYMBOL.matcher(t.symbol()).matches()) {
        throw new IllegalArgumentException(
            where + ".symbol: an uppercase registry-style symbol (USDC, WETH), got " + t.symbol());
      }
      if (t.decimals() == null || t.decimals() < 0 || t.decimals() > MAX_DECIMALS) {
        throw new IllegalArgumentException(
            where + ".decimals: the token's decimals, 0 to 255, got " + t.decimals());
      }
      if (tokens.put(address, new PoolRegistry.Token(address, t.symbol(), t.decimals())) != null) {
        throw new IllegalArgumentException(where + ".address: " + address + " is listed twice");
      }
    }
    return tokens;
  }

  private static List<PoolRegistry.Pool> pools(
      String at,
      List<SextantConfig.PoolEntry> entries,
      Map<String, PoolRegistry.Token> tokens,
      Registry registry,
      long chainId) {
    List<PoolRegistry.Pool> pools = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < entries.size(); i++) {
      String where = at + "pools[" + i + "]";
      SextantConfig.PoolEntry p = entries.get(i);
      String address = address(where + ".address", p.address());
      if (!seen.add(address)) {
        throw new IllegalArgumentException(where + ".address: " + address + " is listed twice");
      }
      String token0 = address(where + ".token0", p.token0());
      String token1 = address(where + ".token1", p.token1());
      if (token0.compareTo(token1) >= 0) {
        throw new IllegalArgumentException(
            where
                + ": token0 must be the lower address, as the pool orders its tokens; got token0 "
                + token0
                + " and token1 "
                + token1
                + (token0.equals(token1) ? "" : " (swap them)"));
      }
      pools.add(
          new PoolRegistry.Pool(
              address,
              token(where + ".token0", token0, tokens, registry, chainId),
              token(where + ".token1", token1, tokens, registry, chainId)));
    }
    return pools;
  }

  private static PoolRegistry.Token token(
      String key,
      String address,
      Map<String, PoolRegistry.Token> tokens,
      Registry registry,
      long chainId) {
    PoolRegistry.Token own = tokens.get(address);
    if (own != null) {
      return own;
    }
    Optional<Asset> asset = registry.assetByContract(chainId, address);
    if (asset.isEmpty()) {
      throw new IllegalArgumentException(
          key
              + ": token "
              + address
              + " is neither in this chain's tokens nor in the registry on chain "
              + chainId
              + "; add it under tokens with its symbol and decimals");
    }
    return new PoolRegistry.Token(
        address, asset.get().symbol(), asset.get().contract(chainId).orElseThrow().decimals());
  }

  /**
   * {@code text} as a lowercase address; mixed case must be the EIP-55 checksum, so that a typo in
   * a checksummed address is caught.
   */
  public static String address(String key, String text) {
    if (!Eip55.isAddress(text)) {
      throw new IllegalArgumentException(
          key + ": '" + text + "' is not an address: expected 0x followed by 40 hex digits");
    }
    String digits = text.substring(2);
    boolean mixed =
        !digits.equals(digits.toLowerCase(Locale.ROOT))
            && !digits.equals(digits.toUpperCase(Locale.ROOT));
    if (mixed && !Eip55.isChecksummed(text)) {
      throw new IllegalArgumentException(
          key
              + ": '"
              + text
              + "' fails its EIP-55 checksum (a mistyped digit?); checksummed it would be "
              + Eip55.checksum(text));
    }
    return text.toLowerCase(Locale.ROOT);
  }

  public static URI httpUrl(String key, String text) {
    if (text.isEmpty()) {
      throw new IllegalArgumentException(
          key + ": an enabled chain needs its node's JSON-RPC URL (http:// or https://)");
    }
    return url(key, text, Set.of("http", "https"));
  }

  private static URI wsUrl(String key, String text) {
    return url(key, text, Set.of("ws", "wss"));
  }

  private static URI url(String key, String text, Set<String> schemes) {
    String expected = String.join(":// or ", schemes.stream().sorted().toList()) + "://";
    try {
      URI uri = new URI(text);
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!schemes.contains(scheme) || uri.getHost() == null) {
        throw new IllegalArgumentException(
            key + ": '" + text + "' is not a URL the node can be reached at (" + expected + ")");
      }
      return uri;
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException(
          key + ": '" + text + "' is not a URL: " + e.getReason(), e);
    }
  }

  private static void atLeast(String key, int value, int min) {
    if (value < min) {
      throw new IllegalArgumentException(key + ": must be at least " + min + ", got " + value);
    }
  }
}
