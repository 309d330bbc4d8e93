package dev.sextant.deploy.demo;

import dev.sextant.ingest.chain.ChainConfig;
import dev.sextant.ingest.chain.anvil.AnvilProcess;
import dev.sextant.ingest.chain.anvil.ContractDeployer;
import dev.sextant.ingest.chain.anvil.DevAccounts;
import dev.sextant.ingest.chain.decode.PoolRegistry;
import dev.sextant.ingest.chain.rpc.RpcSettings;
import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.generated.Uint24;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.crypto.ContractUtils;
import org.web3j.crypto.Credentials;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.Request;
import org.web3j.protocol.core.methods.response.VoidResponse;
import org.web3j.protocol.exceptions.TransactionException;
import org.web3j.protocol.http.HttpService;

/**
 * The demo's own Ethereum chain: a local Anvil node (installed by the build) mining a block a
 * second, with a stablecoin, WETH and two WETH/USDC pools deployed, and {@link DemoTraffic} sending
 * transfers, swaps and treasury deposits for as long as the demo runs. The node keeps its chain in
 * a state file, so a second demo on the same data folder continues the same chain (and the tailer
 * its cursor).
 */
public final class DemoChain implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(DemoChain.class);

  /** Anvil's default chain id, the usual id of a local chain. */
  public static final long CHAIN_ID = 31_337;

  /** The chain's name in the node: its source id is {@code chain-demo}. */
  public static final String NAME = "demo";

  /** Blocks on top of a block before it is final: small, so deposits show up within seconds. */
  public static final int CONFIRMATIONS = 3;

  /**
   * The demo treasury: Anvil's tenth dev account, a fixed, well-known address (its key is public,
   * as every Anvil dev key is: a demo only).
   */
  public static final String TREASURY = "0xa0Ee7A142d267C1f36714E4a8F75612F20a79720";

  /** The stablecoin's whole supply, minted to the deployer: a billion USDC. */
  static final BigInteger USDC_SUPPLY = BigInteger.TEN.pow(15);

  static final int USDC_DECIMALS = 6;
  static final int WETH_DECIMALS = 18;

  /** The Uniswap V3 pool's fee tier, in hundredths of a basis point (0.05%). */
  static final int V3_FEE = 500;

  /** The contracts in deployment order: their addresses follow from the deployer's nonces. */
  private static final List<String> CONTRACTS =
      List.of("TestStablecoin", "TestWeth", "TestV2Pair", "TestV3Pool");

  private final AnvilProcess anvil;
  private final Web3j web3j;
  private final ChainConfig config;
  private final DemoTraffic traffic;
  private final Thread trafficThread;

  private DemoChain(AnvilProcess anvil, Web3j web3j, ChainConfig config, DemoTraffic traffic) {
    this.anvil = anvil;
    this.web3j = web3j;
    this.config = config;
    this.traffic = traffic;
    this.trafficThread = Thread.ofPlatform().name("sextant-demo-chain-traffic").start(traffic);
  }

  /**
   * Starts the demo chain in {@code dir} (its state file and node log go to {@code dir/chain}).
   * Empty, after one log line saying why, when the build did not install the EVM toolchain or the
   * node cannot be set up: the demo then runs without a chain.
   */
  public static Optional<DemoChain> start(Path dir) {
    Optional<Path> evmDir = AnvilProcess.evmDir();
    if (evmDir.isEmpty()) {
      log.info(
          "demo: no local chain (the launcher names no EVM toolchain: -D{}); running without chain"
              + " events",
          AnvilProcess.EVM_DIR_PROPERTY);
      return Optional.empty();
    }
    Path binary;
    try {
      binary = AnvilProcess.binary(evmDir.get());
      for (String contract : CONTRACTS) {
        ContractDeployer.bin(evmDir.get().resolve("out"), contract);
      }
    } catch (RuntimeException e) {
      log.info(
          "demo: no local chain (the build installed no EVM toolchain in {}: build with npm on the"
              + " PATH, see docs/chain/anvil.md); running without chain events",
          evmDir.get());
      return Optional.empty();
    }
    Path chainDir = dir.resolve("chain");
    AnvilProcess anvil = null;
    Web3j web3j = null;
    try {
      Files.createDirectories(chainDir);
      // Auto-mining while the contracts deploy (a block per transaction, at once), then a block a
      // second: the demo starts in about a second instead of one block per deployment.
      anvil =
          AnvilProcess.start(
              binary,
              new AnvilProcess.Options(
                  CHAIN_ID, Optional.empty(), Optional.of(chainDir.resolve("anvil-state.json"))),
              chainDir);
      HttpService rpc = new HttpService(anvil.httpUrl().toString());
      web3j = Web3j.build(rpc);
      Deployed deployed = deployOrFind(web3j, evmDir.get().resolve("out"));
      VoidResponse mining =
          new Request<>("evm_setIntervalMining", List.of(1), rpc, VoidResponse.class).send();
      if (mining.hasError()) {
        throw new IOException("evm_setIntervalMining failed: " + mining.getError().getMessage());
      }
      ChainConfig config = config(anvil, deployed);
      DemoTraffic traffic = new DemoTraffic(web3j, CHAIN_ID, evmDir.get().resolve("out"), deployed);
      DemoChain chain = new DemoChain(anvil, web3j, config, traffic);
      log.info(
          "demo: local chain {} at {} (Anvil, a block a second): USDC {}, WETH {}, Uniswap V2"
              + " pair {}, V3 pool {}, treasury {}",
          CHAIN_ID,
          anvil.httpUrl(),
          deployed.usdc(),
          deployed.weth(),
          deployed.v2Pair(),
          deployed.v3Pool(),
          TREASURY);
      return Optional.of(chain);
    } catch (IOException | RuntimeException e) {
      log.warn(
          "demo: the local chain did not start ({}); running without chain events. Its log is in"
              + " {}; delete that folder to start the chain afresh",
          e.toString(),
          chainDir);
      if (web3j != null) {
        web3j.shutdown();
      }
      if (anvil != null) {
        anvil.close();
      }
      return Optional.empty();
    }
  }

  /** Where the demo contracts are. */
  record Deployed(String usdc, String weth, String v2Pair, String v3Pool) {

    /** USDC sorts below WETH: the pools' token0. */
    boolean usdcIsToken0() {
      return usdc.toLowerCase(Locale.ROOT).compareTo(weth.toLowerCase(Locale.ROOT)) < 0;
    }
  }

  /**
   * The contracts of a chain that continues from its state file, else freshly deployed by the first
   * dev account: their addresses are those of its first four nonces either way.
   */
  private static Deployed deployOrFind(Web3j web3j, Path compiled) throws IOException {
    Credentials deployer = DevAccounts.account(0);
    List<String> addresses =
        IntStream.range(0, CONTRACTS.size())
            .mapToObj(
                n ->
                    ContractUtils.generateContractAddress(
                        deployer.getAddress(), BigInteger.valueOf(n)))
            .toList();
    long present = 0;
    for (String address : addresses) {
      String code = web3j.ethGetCode(address, DefaultBlockParameterName.LATEST).send().getCode();
      if (code != null && code.length() > 2) {
        present++;
      }
    }
    if (present == CONTRACTS.size()) {
      return deployed(addresses);
    }
    BigInteger nonce =
        web3j
            .ethGetTransactionCount(deployer.getAddress(), DefaultBlockParameterName.LATEST)
            .send()
            .getTransactionCount();
    if (present != 0 || nonce.signum() != 0) {
      throw new IOException(
          "the chain in the state file is not the demo's (its contracts are missing)");
    }
    ContractDeployer contracts = new ContractDeployer(web3j, CHAIN_ID, deployer, compiled);
    try {
      String usdc =
          contracts
              .deploy(
                  "TestStablecoin",
                  FunctionEncoder.encodeConstructor(List.of(new Uint256(USDC_SUPPLY))))
              .getContractAddress();
      String weth = contracts.deploy("TestWeth", "").getContractAddress();
      String token0 = usdc.compareToIgnoreCase(weth) < 0 ? usdc : weth;
      String token1 = token0.equals(usdc) ? weth : usdc;
      String pair =
          contracts
              .deploy(
                  "TestV2Pair",
                  FunctionEncoder.encodeConstructor(
                      List.of(new Address(token0), new Address(token1))))
              .getContractAddress();
      String pool =
          contracts
              .deploy(
                  "TestV3Pool",
                  FunctionEncoder.encodeConstructor(
                      List.of(new Address(token0), new Address(token1), new Uint24(V3_FEE))))
              .getContractAddress();
      return deployed(List.of(usdc, weth, pair, pool));
    } catch (TransactionException e) {
      throw new IOException("deploying the demo contracts failed: " + e.getMessage(), e);
    }
  }

  private static Deployed deployed(List<String> addresses) {
    return new Deployed(
        addresses.get(0).toLowerCase(Locale.ROOT),
        addresses.get(1).toLowerCase(Locale.ROOT),
        addresses.get(2).toLowerCase(Locale.ROOT),
        addresses.get(3).toLowerCase(Locale.ROOT));
  }

  /** The tailer's view of the demo chain: its tokens, its two pools and the treasury. */
  static ChainConfig config(AnvilProcess anvil, Deployed deployed) {
    PoolRegistry.Token usdc = new PoolRegistry.Token(deployed.usdc(), "USDC", USDC_DECIMALS);
    PoolRegistry.Token weth = new PoolRegistry.Token(deployed.weth(), "WETH", WETH_DECIMALS);
    PoolRegistry.Token token0 = deployed.usdcIsToken0() ? usdc : weth;
    PoolRegistry.Token token1 = deployed.usdcIsToken0() ? weth : usdc;
    return new ChainConfig(
        NAME,
        CHAIN_ID,
        RpcSettings.of(anvil.httpUrl(), Optional.of(anvil.wsUrl())),
        CONFIRMATIONS,
        0,
        OptionalLong.empty(),
        Set.of(deployed.usdc(), deployed.weth(), deployed.v2Pair(), deployed.v3Pool()),
        List.of(usdc, weth),
        List.of(
            new PoolRegistry.Pool(deployed.v2Pair(), token0, token1),
            new PoolRegistry.Pool(deployed.v3Pool(), token0, token1)),
        Optional.of(TREASURY),
        ChainConfig.DEFAULT_BACKFILL_BLOCKS,
        ChainConfig.DEFAULT_BACKFILL_MAX_BLOCKS,
        Duration.ofMillis(250));
  }

  /** The chain for the node's tailer. */
  public ChainConfig config() {
    return config;
  }

  /** Stops the traffic, then the node (which saves its chain to the state file). */
  @Override
  public void close() {
    traffic.stop();
    trafficThread.interrupt();
    try {
      trafficThread.join(Duration.ofSeconds(5));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    web3j.shutdown();
    anvil.close();
    log.info("demo: local chain stopped");
  }
}
