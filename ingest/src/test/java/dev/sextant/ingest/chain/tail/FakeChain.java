package dev.sextant.ingest.chain.tail;

import dev.sextant.ingest.chain.decode.EventSignatures;
import dev.sextant.ingest.chain.decode.EvmLog;
import dev.sextant.ingest.chain.decode.PoolRegistry;
import dev.sextant.ingest.chain.rpc.BlockHeader;
import dev.sextant.ingest.chain.rpc.ChainRpc;
import dev.sextant.ingest.chain.rpc.RpcException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An in-memory chain behind the {@link ChainRpc} interface: deterministic blocks with token
 * transfers, treasury payments, DEX swaps and foreign logs; reorgs of any depth; a log-range limit;
 * and failures injected into the next calls.
 */
final class FakeChain implements ChainRpc {

  static final String USDC = "0x5fbdb2315678afecb367f032d93f642f64180aa3";
  static final String WETH = "0xe7f1725e7734ce288f8367e1bb143e90bb3f0512";
  static final String POOL = "0x9fe46736679d2d9a65f0992f2272de9f3c7fa6e0";
  static final String OTHER = "0xcf7ed3acca5a467e9e704c703e8d87f634fb0fc9";
  static final String TREASURY = "0x70997970c51812dc3a010c7d01b50e0d17dc79c8";
  static final String AGENT = "0x3c44cdddb6a900fa2b585dd299e03d12fa4293bc";
  static final String BOB = "0x90f79bf6eb2c4f870365e785982e1f101e93b906";

  static final PoolRegistry.Token USDC_TOKEN = new PoolRegistry.Token(USDC, "USDC", 6);
  static final PoolRegistry.Token WETH_TOKEN = new PoolRegistry.Token(WETH, "WETH", 18);
  // token0 sorts below token1 by address, as in a real pool.
  static final PoolRegistry.Pool V2_POOL = new PoolRegistry.Pool(POOL, USDC_TOKEN, WETH_TOKEN);

  static final String GENESIS_PARENT = "0x" + "0".repeat(64);
  static final long GENESIS_SECONDS = 1_700_000_000L;
  private static final BigInteger E6 = BigInteger.TEN.pow(6);
  private static final BigInteger E18 = BigInteger.TEN.pow(18);
  private static final String UNKNOWN_TOPIC = "0x" + "ab".repeat(32);

  /** What a log is, for the test's expectations. */
  enum Kind {
    /** Decodes into a ChainEvent. */
    EVENT,
    /** An event no decoder handles. */
    NOT_OURS,
    /** A known event whose data does not decode. */
    MALFORMED
  }

  record FakeLog(EvmLog log, Kind kind) {}

  record FakeBlock(BlockHeader header, List<FakeLog> logs) {
    List<EvmLog> evmLogs() {
      return logs.stream().map(FakeLog::log).toList();
    }
  }

  private final long chainId;
  private final List<FakeBlock> canonical = new ArrayList<>();
  private final Map<String, FakeBlock> byHash = new HashMap<>();
  private final Set<Long> malformed = new HashSet<>();
  private final Deque<RpcException> failures = new ArrayDeque<>();
  private final Map<Long, RpcException> failAtCall = new HashMap<>();
  private final Map<Long, Runnable> onCall = new HashMap<>();
  private long calls;
  private boolean down;
  private final List<Integer> logRangeSizes = new ArrayList<>();
  private int branch;
  private int refuseAbove = Integer.MAX_VALUE;
  private RpcException.Kind refusal = RpcException.Kind.RANGE_REFUSED;
  private boolean forgetOrphans;

  /** Blocks {@code 0..blocks-1}; block {@code n} of {@code malformedBlocks} has a bad Transfer. */
  FakeChain(long chainId, int blocks, Long... malformedBlocks) {
    this.chainId = chainId;
    malformed.addAll(List.of(malformedBlocks));
    mine(blocks);
  }

  // ---- driving the chain

  synchronized void mine(int blocks) {
    for (int i = 0; i < blocks; i++) {
      long n = canonical.size();
      String parent = n == 0 ? GENESIS_PARENT : canonical.getLast().header().hash();
      add(block(n, parent));
    }
  }

  /** Replaces the newest {@code depth} blocks with a new branch of the same length. */
  synchronized void reorg(int depth) {
    branch++;
    int from = canonical.size() - depth;
    List<FakeBlock> orphans = new ArrayList<>(canonical.subList(from, canonical.size()));
    canonical.subList(from, canonical.size()).clear();
    if (forgetOrphans) {
      orphans.forEach(b -> byHash.remove(b.header().hash()));
    }
    for (int i = 0; i < depth; i++) {
      long n = canonical.size();
      add(block(n, canonical.getLast().header().hash()));
    }
  }

  /** Orphaned blocks become unknown to the node, by hash too. */
  synchronized void forgetOrphans() {
    forgetOrphans = true;
  }

  /** Log queries over more than {@code blocks} blocks are refused. */
  synchronized void refuseRangesAbove(int blocks) {
    refuseAbove = blocks;
  }

  /** Log ranges wider than {@code blocks} time out, as on a node with no result cap. */
  synchronized void timeOutRangesAbove(int blocks) {
    refuseAbove = blocks;
    refusal = RpcException.Kind.TIMEOUT;
  }

  /** The next calls (of any method) throw these, in order. */
  synchronized void failNext(RpcException... errors) {
    failures.addAll(List.of(errors));
  }

  /** Call number {@code call} (counting every call from the first, 1-based) throws. */
  synchronized void failAtCall(long call, RpcException error) {
    failAtCall.put(call, error);
  }

  /** Before answering call number {@code call}, the chain does {@code action} (a reorg). */
  synchronized void onCall(long call, Runnable action) {
    onCall.put(call, action);
  }

  /** While down, every call fails as a dropped connection does. */
  synchronized void down(boolean isDown) {
    down = isDown;
  }

  /** Calls so far, of any method. */
  synchronized long calls() {
    return calls;
  }

  synchronized List<Integer> logRangeSizes() {
    return List.copyOf(logRangeSizes);
  }

  synchronized List<FakeBlock> canonical() {
    return List.copyOf(canonical);
  }

  synchronized FakeBlock block(long number) {
    return canonical.get((int) number);
  }

  synchronized BlockHeader head() {
    return canonical.getLast().header();
  }

  // ---- ChainRpc

  @Override
  public synchronized long chainId() {
    maybeFail();
    return chainId;
  }

  @Override
  public synchronized long headNumber() {
    maybeFail();
    return canonical.size() - 1;
  }

  @Override
  public synchronized Optional<BlockHeader> header(long number) {
    maybeFail();
    return number < canonical.size()
        ? Optional.of(canonical.get((int) number).header())
        : Optional.empty();
  }

  @Override
  public synchronized Optional<BlockHeader> header(String hash) {
    maybeFail();
    return Optional.ofNullable(byHash.get(hash)).map(FakeBlock::header);
  }

  @Override
  public synchronized List<BlockHeader> headers(long from, long to) {
    maybeFail();
    if (to >= canonical.size()) {
      throw new RpcException(RpcException.Kind.INCONSISTENT, "no block " + to + " yet");
    }
    List<BlockHeader> headers = new ArrayList<>();
    for (long n = from; n <= to; n++) {
      headers.add(canonical.get((int) n).header());
    }
    return headers;
  }

  @Override
  public synchronized List<EvmLog> logs(BlockHeader block, Set<String> contracts) {
    maybeFail();
    FakeBlock known = byHash.get(block.hash());
    if (known == null) {
      throw new RpcException(RpcException.Kind.RPC_ERROR, -32000, null, "unknown block", null);
    }
    return filter(known.evmLogs(), contracts);
  }

  @Override
  public synchronized List<EvmLog> logs(List<BlockHeader> blocks, Set<String> contracts) {
    maybeFail();
    logRangeSizes.add(blocks.size());
    if (blocks.size() > refuseAbove) {
      throw refusal == RpcException.Kind.TIMEOUT
          ? new RpcException(RpcException.Kind.TIMEOUT, "eth_getLogs: no answer within 10 s")
          : new RpcException(
              RpcException.Kind.RANGE_REFUSED,
              -32005,
              null,
              "query returned more than 10000",
              null);
    }
    List<EvmLog> logs = new ArrayList<>();
    for (BlockHeader header : blocks) {
      FakeBlock block = canonical.get((int) header.number());
      if (!block.header().hash().equals(header.hash())) {
        throw new RpcException(RpcException.Kind.INCONSISTENT, "block moved: " + header);
      }
      logs.addAll(filter(block.evmLogs(), contracts));
    }
    return logs;
  }

  @Override
  public void close() {}

  private void maybeFail() {
    calls++;
    Runnable action = onCall.remove(calls);
    if (action != null) {
      action.run();
    }
    if (down) {
      throw new RpcException(RpcException.Kind.TRANSPORT, "connection refused");
    }
    RpcException planned = failAtCall.remove(calls);
    if (planned != null) {
      throw planned;
    }
    RpcException failure = failures.poll();
    if (failure != null) {
      throw failure;
    }
  }

  private static List<EvmLog> filter(List<EvmLog> logs, Set<String> contracts) {
    return contracts.isEmpty()
        ? logs
        : logs.stream().filter(l -> contracts.contains(l.address())).toList();
  }

  // ---- building blocks

  private void add(FakeBlock block) {
    canonical.add(block);
    byHash.put(block.header().hash(), block);
  }

  /**
   * Block {@code n} of the current branch: a USDC transfer every block; a USDC payment to the
   * treasury when n % 3 == 0; a WETH payment to the treasury when n % 4 == 1; a V2 swap and sync
   * when n % 5 == 2; a foreign event when n % 6 == 5; a malformed Transfer when asked.
   */
  private FakeBlock block(long n, String parent) {
    String hash = sha256("block:" + branch + ":" + n);
    Instant time = Instant.ofEpochSecond(GENESIS_SECONDS + 12 * n);
    BlockHeader header = new BlockHeader(n, hash, parent, time);
    List<FakeLog> logs = new ArrayList<>();
    LogMaker make = new LogMaker(header, logs);
    BigInteger salt = BigInteger.valueOf(branch);
    make.log(
        Kind.EVENT,
        USDC,
        List.of(EventSignatures.TRANSFER_TOPIC, topic(BOB), topic(AGENT)),
        word(BigInteger.valueOf(n + 1).multiply(E6).add(salt)));
    if (malformed.contains(n)) {
      make.log(
          Kind.MALFORMED,
          USDC,
          List.of(EventSignatures.TRANSFER_TOPIC, topic(AGENT), topic(BOB)),
          "0x1234");
    }
    if (n % 3 == 0) {
      make.log(
          Kind.EVENT,
          USDC,
          List.of(EventSignatures.TRANSFER_TOPIC, topic(AGENT), topic(TREASURY)),
          word(BigInteger.valueOf(10 * n + 1 + branch).multiply(BigInteger.valueOf(10_000))));
    }
    if (n % 4 == 1) {
      make.log(
          Kind.EVENT,
          WETH,
          List.of(EventSignatures.TRANSFER_TOPIC, topic(AGENT), topic(TREASURY)),
          word(E18));
    }
    if (n % 5 == 2) {
      BigInteger usdcOut = BigInteger.valueOf(3000 + n).multiply(E6).add(salt);
      make.log(
          Kind.EVENT,
          POOL,
          List.of(EventSignatures.V2_SWAP_TOPIC, topic(AGENT), topic(AGENT)),
          word(BigInteger.ZERO) + words(E18, usdcOut, BigInteger.ZERO));
      make.log(
          Kind.EVENT,
          POOL,
          List.of(EventSignatures.V2_SYNC_TOPIC),
          word(BigInteger.valueOf(1_000_000).multiply(E6))
              + words(BigInteger.valueOf(400).multiply(E18)));
    }
    if (n % 6 == 5) {
      make.log(Kind.NOT_OURS, OTHER, List.of(UNKNOWN_TOPIC), word(BigInteger.ONE));
    }
    return new FakeBlock(header, List.copyOf(logs));
  }

  private final class LogMaker {
    private final BlockHeader header;
    private final List<FakeLog> logs;

    LogMaker(BlockHeader header, List<FakeLog> logs) {
      this.header = header;
      this.logs = logs;
    }

    void log(Kind kind, String address, List<String> topics, String data) {
      int index = logs.size();
      String tx = sha256("tx:" + branch + ":" + header.number() + ":" + index);
      logs.add(
          new FakeLog(
              new EvmLog(
                  chainId,
                  address,
                  topics,
                  data,
                  header.number(),
                  header.hash(),
                  index,
                  tx,
                  false,
                  header.time()),
              kind));
    }
  }

  static String topic(String address) {
    return "0x" + "0".repeat(24) + address.substring(2);
  }

  /** {@code 0x} and one 32-byte word. */
  static String word(BigInteger value) {
    String hex = value.toString(16);
    return "0x" + "0".repeat(64 - hex.length()) + hex;
  }

  /** More words, without the {@code 0x}. */
  private static String words(BigInteger... values) {
    StringBuilder out = new StringBuilder();
    for (BigInteger value : values) {
      out.append(word(value).substring(2));
    }
    return out.toString();
  }

  static String sha256(String text) {
    try {
      byte[] digest =
          MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return "0x" + HexFormat.of().formatHex(digest);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
