package dev.sextant.deploy.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.sextant.ingest.chain.ChainConfig;
import dev.sextant.ingest.chain.decode.PoolRegistry;
import dev.sextant.schemas.registry.Registry;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How {@code chain.chains} is read, defaulted and refused by key. */
class ChainSettingsTest {

  private static final String USDC = "0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48";
  private static final String WETH = "0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2";
  private static final String TOKEN_A = "0x5fbdb2315678afecb367f032d93f642f64180aa3";
  private static final String TOKEN_B = "0xe7f1725e7734ce288f8367e1bb143e90bb3f0512";
  private static final String POOL = "0x9fe46736679d2d9a65f0992f2272de9f3c7fa6e0";

  private final ConfigLoader loader = new ConfigLoader();
  private final Registry registry = Registry.loadDefault();
  @TempDir Path dir;

  private List<ChainConfig> enabled(Map<String, String> env) {
    return loader.load(Optional.empty(), env).config().chain().enabled(registry);
  }

  private List<ChainConfig> enabledFromFile(String yaml) throws IOException {
    Path file = dir.resolve("sextant.yaml");
    Files.writeString(file, yaml);
    return loader.load(Optional.of(file), Map.of()).config().chain().enabled(registry);
  }

  private static Map<String, String> ethereumOn(String... more) {
    Map<String, String> env = new HashMap<>();
    env.put("SEXTANT_CHAIN_CHAINS_ETHEREUM_ENABLED", "true");
    env.put("SEXTANT_CHAIN_CHAINS_ETHEREUM_HTTP_URL", "https://rpc.example.org/v1");
    for (int i = 0; i < more.length; i += 2) {
      env.put(more[i], more[i + 1]);
    }
    return env;
  }

  @Test
  void shouldShipEthereumOffWithNoNodeUrl() {
    SextantConfig.ChainEntry ethereum =
        loader.load(Optional.empty(), Map.of()).config().chain().chains().get("ethereum");

    assertThat(ethereum.enabled()).isFalse();
    assertThat(ethereum.chainId()).isEqualTo(1);
    assertThat(ethereum.httpUrl()).isEmpty();
    assertThat(ethereum.wsUrl()).isEmpty();
    assertThat(ethereum.confirmations()).isEqualTo(64);
    assertThat(enabled(Map.of())).isEmpty();
  }

  @Test
  void shouldTurnTheEnabledEthereumChainIntoATailerConfigWithItsPoolsResolvedByTheRegistry() {
    ChainConfig ethereum = enabled(ethereumOn()).getFirst();

    assertThat(ethereum.name()).isEqualTo("ethereum");
    assertThat(ethereum.sourceId()).isEqualTo("chain-ethereum");
    assertThat(ethereum.chainId()).isEqualTo(1);
    assertThat(ethereum.rpc().httpUrl()).isEqualTo(URI.create("https://rpc.example.org/v1"));
    assertThat(ethereum.rpc().wsUrl()).isEmpty();
    assertThat(ethereum.confirmations()).isEqualTo(64);
    assertThat(ethereum.startBlock()).isEqualTo(-1);
    assertThat(ethereum.stopBlock()).isEmpty();
    assertThat(ethereum.contracts()).contains(USDC, WETH).hasSize(6);
    assertThat(ethereum.tokens()).isEmpty();
    assertThat(ethereum.pools())
        .extracting(PoolRegistry.Pool::token0, PoolRegistry.Pool::token1)
        .containsOnly(
            org.assertj.core.groups.Tuple.tuple(
                new PoolRegistry.Token(USDC, "USDC", 6), new PoolRegistry.Token(WETH, "WETH", 18)));
    assertThat(ethereum.treasury()).isEmpty();
    assertThat(ethereum.backfillBlocks()).isEqualTo(2_000);
    assertThat(ethereum.backfillMaxBlocks()).isEqualTo(10_000);
    assertThat(ethereum.pollInterval()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void shouldLetTheEnvironmentSetTheWebSocketTheDepthAndTheContractList() {
    ChainConfig ethereum =
        enabled(
                ethereumOn(
                    "SEXTANT_CHAIN_CHAINS_ETHEREUM_WS_URL", "wss://rpc.example.org/ws",
                    "SEXTANT_CHAIN_CHAINS_ETHEREUM_CONFIRMATIONS", "12",
                    "SEXTANT_CHAIN_CHAINS_ETHEREUM_CONTRACTS",
                        USDC.toUpperCase().replace("0X", "0x")))
            .getFirst();

    assertThat(ethereum.rpc().wsUrl()).contains(URI.create("wss://rpc.example.org/ws"));
    assertThat(ethereum.confirmations()).isEqualTo(12);
    assertThat(ethereum.contracts()).containsExactly(USDC);
  }

  @Test
  void shouldTakeTheDefaultsForKeysAChainAddedInAFileLeavesOut() throws IOException {
    List<ChainConfig> chains =
        enabledFromFile(
            """
            chain:
              chains:
                local:
                  chain-id: 31337
                  http-url: http://127.0.0.1:8545
                  tokens:
                    - {address: "%s", symbol: USDC, decimals: 6}
                    - {address: "%s", symbol: WETH, decimals: 18}
                  pools:
                    - {address: "%s", token0: "%s", token1: "%s"}
                  treasury: "0xa0Ee7A142d267C1f36714E4a8F75612F20a79720"
            """
                .formatted(TOKEN_A, TOKEN_B, POOL, TOKEN_A, TOKEN_B));

    assertThat(chains).extracting(ChainConfig::name).containsExactly("local");
    ChainConfig local = chains.getFirst();
    assertThat(local.chainId()).isEqualTo(31_337);
    assertThat(local.confirmations()).isEqualTo(ChainConfig.DEFAULT_CONFIRMATIONS);
    assertThat(local.startBlock()).isEqualTo(-1);
    assertThat(local.contracts()).isEmpty();
    assertThat(local.tokens())
        .containsExactly(
            new PoolRegistry.Token(TOKEN_A, "USDC", 6),
            new PoolRegistry.Token(TOKEN_B, "WETH", 18));
    assertThat(local.pools())
        .containsExactly(
            new PoolRegistry.Pool(
                POOL,
                new PoolRegistry.Token(TOKEN_A, "USDC", 6),
                new PoolRegistry.Token(TOKEN_B, "WETH", 18)));
    assertThat(local.treasury()).contains("0xa0ee7a142d267c1f36714e4a8f75612f20a79720");
    assertThat(local.backfillBlocks()).isEqualTo(ChainConfig.DEFAULT_BACKFILL_BLOCKS);
    assertThat(local.pollInterval()).isEqualTo(ChainConfig.DEFAULT_POLL_INTERVAL);
  }

  @Test
  void shouldRefuseAnEnabledChainWithoutANodeUrlNamingTheKey() {
    assertThatThrownBy(
            () ->
                loader.load(
                    Optional.empty(), Map.of("SEXTANT_CHAIN_CHAINS_ETHEREUM_ENABLED", "true")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("Invalid configuration")
        .hasMessageContaining("chain.chains.ethereum.http-url")
        .hasMessageContaining("http://");
  }

  @Test
  void shouldRefuseAUrlOfTheWrongScheme() {
    assertThatThrownBy(
            () ->
                enabled(
                    ethereumOn("SEXTANT_CHAIN_CHAINS_ETHEREUM_WS_URL", "https://rpc.example.org")))
        .hasMessageContaining("chain.chains.ethereum.ws-url")
        .hasMessageContaining("ws://");
    assertThatThrownBy(
            () -> enabled(ethereumOn("SEXTANT_CHAIN_CHAINS_ETHEREUM_HTTP_URL", "localhost:8545")))
        .hasMessageContaining("chain.chains.ethereum.http-url");
  }

  @Test
  void shouldRefuseAnAddressThatIsNotOneNamingItsPlace() {
    assertThatThrownBy(
            () -> enabled(ethereumOn("SEXTANT_CHAIN_CHAINS_ETHEREUM_CONTRACTS", USDC + ",0x1234")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("chain.chains.ethereum.contracts[1]")
        .hasMessageContaining("'0x1234' is not an address");
  }

  @Test
  void shouldRefuseAMistypedChecksummedAddress() {
    // The registry's USDC with one digit changed keeps its letter case: the checksum catches it.
    String typo = "0xA0b86991c6218b36c1d19D4a2e9Eb0cE3606eB49";

    assertThatThrownBy(() -> enabled(ethereumOn("SEXTANT_CHAIN_CHAINS_ETHEREUM_TREASURY", typo)))
        .hasMessageContaining("chain.chains.ethereum.treasury")
        .hasMessageContaining("EIP-55");
  }

  @Test
  void shouldRefusePoolTokensOutOfThePoolsOrder() {
    assertThatThrownBy(
            () ->
                enabledFromFile(
                    """
                    chain:
                      chains:
                        ethereum:
                          enabled: true
                          http-url: http://127.0.0.1:8545
                          pools:
                            - {address: "%s", token0: "%s", token1: "%s"}
                    """
                        .formatted(POOL, WETH, USDC)))
        .hasMessageContaining("chain.chains.ethereum.pools[0]")
        .hasMessageContaining("token0 must be the lower address");
  }

  @Test
  void shouldRefuseAPoolTokenNeitherTheChainNorTheRegistryKnows() {
    assertThatThrownBy(
            () ->
                enabledFromFile(
                    """
                    chain:
                      chains:
                        local:
                          chain-id: 31337
                          http-url: http://127.0.0.1:8545
                          pools:
                            - {address: "%s", token0: "%s", token1: "%s"}
                    """
                        .formatted(POOL, TOKEN_A, TOKEN_B)))
        .hasMessageContaining("chain.chains.local.pools[0].token0")
        .hasMessageContaining("registry on chain 31337")
        .hasMessageContaining("add it under tokens");
  }

  @Test
  void shouldRefuseATokenWithoutDecimalsAndAnUnknownKey() {
    assertThatThrownBy(
            () ->
                enabledFromFile(
                    """
                    chain:
                      chains:
                        local:
                          chain-id: 31337
                          http-url: http://127.0.0.1:8545
                          tokens:
                            - {address: "%s", symbol: USDC}
                    """
                        .formatted(TOKEN_A)))
        .hasMessageContaining("chain.chains.local.tokens[0].decimals");
    assertThatThrownBy(
            () ->
                enabledFromFile(
                    """
                    chain:
                      chains:
                        local:
                          chain-id: 31337
                          http-url: http://127.0.0.1:8545
                          confirmation: 3
                    """))
        .hasMessageContaining("Invalid configuration")
        .hasMessageContaining("confirmation");
  }

  @Test
  void shouldRefuseAChainWithoutChainIdAndNonsenseNumbers() {
    assertThatThrownBy(
            () ->
                enabledFromFile(
                    """
                    chain:
                      chains:
                        local:
                          http-url: http://127.0.0.1:8545
                    """))
        .hasMessageContaining("chain.chains.local.chain-id");
    assertThatThrownBy(
            () -> enabled(ethereumOn("SEXTANT_CHAIN_CHAINS_ETHEREUM_CONFIRMATIONS", "0")))
        .hasMessageContaining("chain.chains.ethereum.confirmations: must be at least 1");
    assertThatThrownBy(() -> enabled(ethereumOn("SEXTANT_CHAIN_CHAINS_ETHEREUM_START_BLOCK", "-2")))
        .hasMessageContaining("chain.chains.ethereum.start-block");
    assertThatThrownBy(
            () -> enabled(ethereumOn("SEXTANT_CHAIN_CHAINS_ETHEREUM_BACKFILL_MAX_BLOCKS", "10")))
        .hasMessageContaining("chain.chains.ethereum.backfill-max-blocks: must be at least 2000");
  }
}
