package dev.sextant.deploy.chain;

import dev.sextant.ingest.chain.testing.AnvilNode;
import dev.sextant.ingest.chain.testing.AnvilRpc;
import dev.sextant.ingest.chain.testing.TestContracts;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.MathContext;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.web3j.abi.FunctionEncoder;
import org.web3j.abi.datatypes.Address;
import org.web3j.abi.datatypes.Function;
import org.web3j.abi.datatypes.generated.Int24;
import org.web3j.abi.datatypes.generated.Int256;
import org.web3j.abi.datatypes.generated.Uint112;
import org.web3j.abi.datatypes.generated.Uint128;
import org.web3j.abi.datatypes.generated.Uint160;
import org.web3j.abi.datatypes.generated.Uint24;
import org.web3j.abi.datatypes.generated.Uint256;
import org.web3j.protocol.Web3j;
import org.web3j.protocol.core.DefaultBlockParameterName;
import org.web3j.protocol.core.DefaultBlockParameterNumber;
import org.web3j.protocol.core.methods.request.EthFilter;
import org.web3j.protocol.core.methods.response.EthLog;
import org.web3j.protocol.core.methods.response.EthSendTransaction;
import org.web3j.protocol.core.methods.response.Log;
import org.web3j.protocol.http.HttpService;
import org.web3j.tx.RawTransactionManager;
import org.web3j.tx.response.NoOpProcessor;

/**
 * A real Anvil node with the test stablecoin (as USDC), WETH, a V2 pair and a V3 pool deployed, and
 * scripted traffic: the chain the tailer integration tests read.
 */
final class AnvilChain implements AutoCloseable {

  /** The treasury whose incoming USDC transfers are deposits. */
  static final String TREASURY = "0x7e5f4552091a69125d5dfcb7b8c2659029395bdf";

  private static final BigInteger GAS_PRICE = BigInteger.valueOf(2_000_000_000L);
  private static final BigInteger GAS_LIMIT = BigInteger.valueOf(3_000_000L);
  private static final BigInteger ONE_ETH = BigInteger.TEN.pow(18);

  final AnvilNode node;
  final long chainId;
  final Web3j web3j;
  final AnvilRpc anvil;
  final String usdc;
  final String weth;
  final String v2Pair;
  final String v3Pool;
  private final RawTransactionManager sender;
  private final boolean wethIsToken0;
  private int step;

  private AnvilChain(AnvilNode node) throws Exception {
    this.node = node;
    this.chainId = node.chainId();
    HttpService http = new HttpService(node.httpUrl().toString());
    this.web3j = Web3j.build(http);
    this.anvil = new AnvilRpc(http);
    TestContracts contracts = new TestContracts(web3j, chainId, TestContracts.DEV_ACCOUNT);
    this.usdc =
        lower(
            contracts
                .deploy(
                    "TestStablecoin",
                    FunctionEncoder.encodeConstructor(List.of(new Uint256(BigInteger.TEN.pow(30)))))
                .getContractAddress());
    this.weth = lower(contracts.deploy("TestWeth", "").getContractAddress());
    this.wethIsToken0 = weth.compareTo(usdc) < 0;
    String token0 = wethIsToken0 ? weth : usdc;
    String token1 = wethIsToken0 ? usdc : weth;
    this.v2Pair =
        lower(
            contracts
                .deploy(
                    "TestV2Pair",
                    FunctionEncoder.encodeConstructor(
                        List.of(new Address(token0), new Address(token1))))
                .getContractAddress());
    this.v3Pool =
        lower(
            contracts
                .deploy(
                    "TestV3Pool",
                    FunctionEncoder.encodeConstructor(
                        List.of(new Address(token0), new Address(token1), new Uint24(500))))
                .getContractAddress());
    // Auto-mining mines each transaction at once: no need to wait for receipts one by one.
    this.sender =
        new RawTransactionManager(
            web3j, TestContracts.DEV_ACCOUNT, chainId, new NoOpProcessor(web3j));
  }

  /** A fresh auto-mining node with the contracts deployed (blocks 1 to 4). */
  static AnvilChain start(long chainId) throws Exception {
    return start(AnvilNode.autoMine(chainId));
  }

  /** The same, on a node that prunes old states: for scenarios mining thousands of blocks. */
  static AnvilChain startLong(long chainId) throws Exception {
    return start(AnvilNode.autoMineLongChain(chainId));
  }

  private static AnvilChain start(AnvilNode node) throws Exception {
    try {
      return new AnvilChain(node);
    } catch (Exception | Error e) {
      node.close();
      throw e;
    }
  }

  /** A tailer setup for this chain: every contract, tokens, pools and treasury, no WebSocket. */
  ChainSetup setup(String name, int confirmations, long startBlock) {
    return new ChainSetup(
        name,
        chainId,
        node.httpUrl(),
        Optional.empty(),
        usdc,
        weth,
        v2Pair,
        v3Pool,
        confirmations,
        startBlock,
        500,
        5_000);
  }

  Set<String> contracts() {
    return Set.of(usdc, weth, v2Pair, v3Pool);
  }

  /**
   * Sends {@code transactions} transactions in turn: a USDC transfer, a V2 swap (Swap and Sync), a
   * WETH deposit, a V3 swap, a USDC deposit to the treasury. Each is mined in its own block.
   */
  void traffic(int transactions) throws IOException {
    for (int i = 0; i < transactions; i++) {
      int n = step++;
      switch (n % 5) {
        case 0 ->
            send(
                usdc,
                call("transfer", new Address(recipient(n)), new Uint256(1_000_000L + n)),
                BigInteger.ZERO);
        case 1 -> v2Swap(n);
        case 2 -> send(weth, call("deposit"), ONE_ETH.divide(BigInteger.valueOf(100 + n)));
        case 3 -> v3Swap(n);
        default ->
            send(
                usdc,
                call("transfer", new Address(TREASURY), new Uint256(5_000_000L + n)),
                BigInteger.ZERO);
      }
    }
  }

  /** Mines {@code blocks} empty blocks in one call. */
  void mineEmpty(int blocks) throws IOException {
    anvil.mine(blocks);
  }

  long head() throws IOException {
    return web3j.ethBlockNumber().send().getBlockNumber().longValueExact();
  }

  /** The node's canonical logs of the watched contracts from {@code from} to the head. */
  List<Log> canonicalLogs(long from) throws IOException {
    EthFilter filter =
        new EthFilter(
            new DefaultBlockParameterNumber(from),
            DefaultBlockParameterName.LATEST,
            List.copyOf(contracts()));
    EthLog logs = web3j.ethGetLogs(filter).send();
    if (logs.hasError()) {
      throw new IOException("eth_getLogs: " + logs.getError().getMessage());
    }
    return logs.getLogs().stream().map(r -> (Log) r.get()).toList();
  }

  /** The canonical logs as {@code blockHash:logIndex} keys, the tailer's cursor identity. */
  Set<String> canonicalKeys(long from) throws IOException {
    Set<String> keys = new HashSet<>();
    for (Log log : canonicalLogs(from)) {
      keys.add(lower(log.getBlockHash()) + ":" + log.getLogIndex());
    }
    return keys;
  }

  /** The hash of block {@code number} now. */
  String hash(long number) throws IOException {
    return lower(
        web3j
            .ethGetBlockByNumber(new DefaultBlockParameterNumber(number), false)
            .send()
            .getBlock()
            .getHash());
  }

  private void v2Swap(int n) throws IOException {
    // The trader sells 1 WETH for about 3,000 USDC.
    BigInteger wethIn = ONE_ETH;
    BigInteger usdcOut = BigInteger.valueOf(3_000_000_000L + n * 1_000L);
    BigInteger amount0In = wethIsToken0 ? wethIn : BigInteger.ZERO;
    BigInteger amount1In = wethIsToken0 ? BigInteger.ZERO : wethIn;
    BigInteger amount0Out = wethIsToken0 ? BigInteger.ZERO : usdcOut;
    BigInteger amount1Out = wethIsToken0 ? usdcOut : BigInteger.ZERO;
    send(
        v2Pair,
        call(
            "swap",
            new Uint256(amount0In),
            new Uint256(amount1In),
            new Uint256(amount0Out),
            new Uint256(amount1Out),
            new Address(recipient(n)),
            new Uint112(BigInteger.valueOf(1_000_000_000_000L)),
            new Uint112(BigInteger.valueOf(2_000_000_000_000L))),
        BigInteger.ZERO);
  }

  private void v3Swap(int n) throws IOException {
    // The trader buys 0.5 WETH for about 1,500 USDC: the pool takes USDC in, pays WETH out.
    BigInteger weth = ONE_ETH.divide(BigInteger.TWO).negate();
    BigInteger usdcIn = BigInteger.valueOf(1_500_000_000L + n * 1_000L);
    BigInteger amount0 = wethIsToken0 ? weth : usdcIn;
    BigInteger amount1 = wethIsToken0 ? usdcIn : weth;
    send(
        v3Pool,
        call(
            "swap",
            new Address(recipient(n)),
            new Int256(amount0),
            new Int256(amount1),
            new Uint160(sqrtPriceX96(3_000)),
            new Uint128(BigInteger.valueOf(1_000_000_000_000_000L)),
            new Int24(BigInteger.valueOf(wethIsToken0 ? -196_000 : 196_000))),
        BigInteger.ZERO);
  }

  /** sqrt(token1 per token0, in raw units) * 2^96 for a WETH price of {@code usdPerWeth}. */
  private BigInteger sqrtPriceX96(long usdPerWeth) {
    BigDecimal raw =
        wethIsToken0
            ? BigDecimal.valueOf(usdPerWeth).movePointLeft(12)
            : BigDecimal.ONE
                .divide(BigDecimal.valueOf(usdPerWeth), MathContext.DECIMAL128)
                .movePointRight(12);
    return raw.sqrt(MathContext.DECIMAL128)
        .multiply(new BigDecimal(BigInteger.TWO.pow(96)))
        .toBigInteger();
  }

  private static String recipient(int n) {
    return String.format(Locale.ROOT, "0x%040x", 0x1000 + n % 7);
  }

  private static String call(String name, org.web3j.abi.datatypes.Type<?>... args) {
    return FunctionEncoder.encode(new Function(name, List.of(args), List.of()));
  }

  private void send(String to, String data, BigInteger value) throws IOException {
    EthSendTransaction sent = sender.sendTransaction(GAS_PRICE, GAS_LIMIT, to, data, value);
    if (sent.hasError()) {
      throw new IOException("transaction rejected: " + sent.getError().getMessage());
    }
  }

  private static String lower(String hex) {
    return hex.toLowerCase(Locale.ROOT);
  }

  @Override
  public void close() {
    web3j.shutdown();
    node.close();
  }
}
