package dev.sextant.ingest.chain.decode;

import static dev.sextant.ingest.chain.decode.AbiWords.dataInt;
import static dev.sextant.ingest.chain.decode.AbiWords.dataUint;
import static dev.sextant.ingest.chain.decode.AbiWords.topicAddress;

import dev.sextant.ingest.time.ProtoTime;
import dev.sextant.schemas.decimal.Decimals;
import dev.sextant.schemas.registry.Asset;
import dev.sextant.schemas.registry.Registry;
import dev.sextant.schemas.registry.TokenContract;
import dev.sextant.schemas.v1.ChainCursor;
import dev.sextant.schemas.v1.ChainEvent;
import dev.sextant.schemas.v1.RawLog;
import dev.sextant.schemas.v1.TokenTransfer;
import dev.sextant.schemas.v1.UniswapV2Swap;
import dev.sextant.schemas.v1.UniswapV2Sync;
import dev.sextant.schemas.v1.UniswapV3Swap;
import dev.sextant.schemas.v1.WethFlow;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Decodes a raw EVM log of a known event into a {@link ChainEvent}; never throws for bad input.
 *
 * <p>Amounts are scaled by the token's registry decimals; a token the registry does not know keeps
 * its raw integer amount (the proto has no flag for it: a consumer tells the two apart by looking
 * the token up). Addresses are written lowercase, as nodes return them.
 */
public final class LogDecoder {

  private final Map<Long, Map<String, Integer>> decimalsByChain = new HashMap<>();
  private final PoolRegistry pools;

  /** A decoder scaling by {@code registry}'s token decimals and pricing {@code pools}' swaps. */
  public LogDecoder(Registry registry, PoolRegistry pools) {
    for (Asset asset : registry.assets()) {
      for (TokenContract contract : asset.contracts()) {
        decimalsByChain
            .computeIfAbsent(contract.chainId(), chain -> new HashMap<>())
            .put(contract.address().toLowerCase(Locale.ROOT), contract.decimals());
      }
    }
    this.pools = pools;
  }

  /**
   * A decoder that also scales the amounts of {@code tokens} (a local chain's test tokens, which
   * the registry cannot list) and of the pools' tokens on {@code chainId}. Registry decimals win
   * when both name a contract: the registry is the reviewed source.
   */
  public LogDecoder(
      Registry registry, PoolRegistry pools, long chainId, List<PoolRegistry.Token> tokens) {
    this(registry, pools);
    Map<String, Integer> chain = decimalsByChain.computeIfAbsent(chainId, id -> new HashMap<>());
    for (PoolRegistry.Token token : tokens) {
      chain.putIfAbsent(token.address().toLowerCase(Locale.ROOT), token.decimals());
    }
    for (PoolRegistry.Pool pool : pools.pools()) {
      for (PoolRegistry.Token token : List.of(pool.token0(), pool.token1())) {
        chain.putIfAbsent(token.address().toLowerCase(Locale.ROOT), token.decimals());
      }
    }
  }

  /**
   * The decoded event of {@code log}, a typed failure when a known event does not decode, or "not
   * ours" for any other signature.
   *
   * @param ingestTime when the log was received, written as the event's ingest time
   */
  public DecodeResult decode(EvmLog log, Instant ingestTime) {
    List<String> topics = log.topics();
    if (topics.isEmpty()) {
      return new DecodeResult.NotOurs("anonymous log (no topic0)");
    }
    String topic0 = topics.getFirst().toLowerCase(Locale.ROOT);
    try {
      ChainEvent.Builder event;
      if (topic0.equals(EventSignatures.TRANSFER_TOPIC)) {
        if (topics.size() == 4) {
          // ERC-721 shares the signature text but indexes the token id: no amount to decode.
          return new DecodeResult.NotOurs("ERC-721 Transfer (tokenId indexed)");
        }
        event = transfer(log);
      } else if (topic0.equals(EventSignatures.WETH_DEPOSIT_TOPIC)) {
        event = ChainEvent.newBuilder().setWethDeposit(wethFlow(log, "Deposit"));
      } else if (topic0.equals(EventSignatures.WETH_WITHDRAWAL_TOPIC)) {
        event = ChainEvent.newBuilder().setWethWithdrawal(wethFlow(log, "Withdrawal"));
      } else if (topic0.equals(EventSignatures.V2_SWAP_TOPIC)) {
        event = v2Swap(log);
      } else if (topic0.equals(EventSignatures.V2_SYNC_TOPIC)) {
        event = v2Sync(log);
      } else if (topic0.equals(EventSignatures.V3_SWAP_TOPIC)) {
        event = v3Swap(log);
      } else {
        return new DecodeResult.NotOurs("unknown topic0 " + topic0);
      }
      return new DecodeResult.Decoded(envelope(event, log, ingestTime));
    } catch (AbiException e) {
      return new DecodeResult.Failed(e.failure());
    } catch (RuntimeException e) {
      // A bug must not stop the tailer: the log is dead-lettered with the cause.
      return new DecodeResult.Failed(
          new DecodeFailure(DecodeFailure.Kind.DECODER_ERROR, "decoder error: " + e));
    }
  }

  private ChainEvent.Builder transfer(EvmLog log) throws AbiException {
    String token = AbiWords.address(log.address());
    shape(log, "Transfer", 3, 1);
    BigInteger value = dataUint(log.data(), 0, 256, "Transfer value");
    return ChainEvent.newBuilder()
        .setTransfer(
            TokenTransfer.newBuilder()
                .setToken(token)
                .setFrom(topicAddress(log.topics().get(1), "Transfer from"))
                .setTo(topicAddress(log.topics().get(2), "Transfer to"))
                .setAmount(Decimals.of(scale(value, decimals(log.chainId(), token)))));
  }

  private WethFlow wethFlow(EvmLog log, String name) throws AbiException {
    String token = AbiWords.address(log.address());
    shape(log, name, 2, 1);
    BigInteger wad = dataUint(log.data(), 0, 256, name + " wad");
    return WethFlow.newBuilder()
        .setAccount(topicAddress(log.topics().get(1), name + " account"))
        .setAmount(Decimals.of(scale(wad, decimals(log.chainId(), token))))
        .build();
  }

  private ChainEvent.Builder v2Swap(EvmLog log) throws AbiException {
    shape(log, "V2 Swap", 3, 4);
    String data = log.data();
    Optional<PoolRegistry.Pool> pool = pools.find(log.address());
    int d0 = pool.map(p -> p.token0().decimals()).orElse(0);
    int d1 = pool.map(p -> p.token1().decimals()).orElse(0);
    return ChainEvent.newBuilder()
        .setV2Swap(
            UniswapV2Swap.newBuilder()
                .setSender(topicAddress(log.topics().get(1), "V2 Swap sender"))
                .setTo(topicAddress(log.topics().get(2), "V2 Swap to"))
                .setAmount0In(Decimals.of(scale(dataUint(data, 0, 256, "amount0In"), d0)))
                .setAmount1In(Decimals.of(scale(dataUint(data, 1, 256, "amount1In"), d1)))
                .setAmount0Out(Decimals.of(scale(dataUint(data, 2, 256, "amount0Out"), d0)))
                .setAmount1Out(Decimals.of(scale(dataUint(data, 3, 256, "amount1Out"), d1))));
  }

  private ChainEvent.Builder v2Sync(EvmLog log) throws AbiException {
    shape(log, "V2 Sync", 1, 2);
    Optional<PoolRegistry.Pool> pool = pools.find(log.address());
    int d0 = pool.map(p -> p.token0().decimals()).orElse(0);
    int d1 = pool.map(p -> p.token1().decimals()).orElse(0);
    return ChainEvent.newBuilder()
        .setV2Sync(
            UniswapV2Sync.newBuilder()
                .setReserve0(Decimals.of(scale(dataUint(log.data(), 0, 112, "reserve0"), d0)))
                .setReserve1(Decimals.of(scale(dataUint(log.data(), 1, 112, "reserve1"), d1))));
  }

  private ChainEvent.Builder v3Swap(EvmLog log) throws AbiException {
    shape(log, "V3 Swap", 3, 5);
    String data = log.data();
    Optional<PoolRegistry.Pool> pool = pools.find(log.address());
    int d0 = pool.map(p -> p.token0().decimals()).orElse(0);
    int d1 = pool.map(p -> p.token1().decimals()).orElse(0);
    BigInteger sqrtPriceX96 = dataUint(data, 2, 160, "sqrtPriceX96");
    UniswapV3Swap.Builder swap =
        UniswapV3Swap.newBuilder()
            .setSender(topicAddress(log.topics().get(1), "V3 Swap sender"))
            .setRecipient(topicAddress(log.topics().get(2), "V3 Swap recipient"))
            .setAmount0(Decimals.of(scale(dataInt(data, 0, 256, "amount0"), d0)))
            .setAmount1(Decimals.of(scale(dataInt(data, 1, 256, "amount1"), d1)))
            .setSqrtPriceX96(sqrtPriceX96.toString())
            .setLiquidity(Decimals.of(new BigDecimal(dataUint(data, 3, 128, "liquidity"))))
            .setTick(dataInt(data, 4, 24, "tick").intValueExact());
    if (pool.isPresent()) {
      // Without the pool's decimals the price would be in raw units; leave it unset instead.
      swap.setPrice(Decimals.of(V3Price.fromSqrtPriceX96(sqrtPriceX96, d0, d1)));
    }
    return ChainEvent.newBuilder().setV3Swap(swap);
  }

  /** Checks the topic count and that the data holds at least {@code words} words. */
  private static void shape(EvmLog log, String name, int topicCount, int words)
      throws AbiException {
    if (log.topics().size() != topicCount) {
      throw new AbiException(
          DecodeFailure.Kind.WRONG_TOPIC_COUNT,
          name + " needs " + topicCount + " topics, the log has " + log.topics().size());
    }
    int have = AbiWords.wordCount(log.data());
    // Trailing words beyond the layout are tolerated, as ABI decoders do.
    if (have < words) {
      throw new AbiException(
          DecodeFailure.Kind.SHORT_DATA,
          name + " needs " + words + " data words, the log has " + have);
    }
  }

  private static ChainEvent envelope(ChainEvent.Builder event, EvmLog log, Instant ingestTime)
      throws AbiException {
    return event
        .setChainId(log.chainId())
        .setContract(AbiWords.address(log.address()))
        .setCursor(
            ChainCursor.newBuilder()
                .setBlockNumber(log.blockNumber())
                .setBlockHash(log.blockHash())
                .setLogIndex(log.logIndex()))
        .setTxHash(log.txHash())
        .setRemoved(log.removed())
        .setRaw(
            RawLog.newBuilder()
                .setAddress(log.address())
                .addAllTopics(log.topics())
                .setData(log.data()))
        .setEventTime(ProtoTime.of(log.blockTime()))
        .setIngestTime(ProtoTime.of(ingestTime))
        .build();
  }

  /** The registry decimals of {@code token} on {@code chainId}; 0 (raw units) when unknown. */
  private int decimals(long chainId, String token) {
    Map<String, Integer> chain = decimalsByChain.get(chainId);
    Integer decimals = chain == null ? null : chain.get(token);
    return decimals == null ? 0 : decimals;
  }

  /** {@code raw} token units as an exact token amount, without trailing zeros. */
  static BigDecimal scale(BigInteger raw, int decimals) {
    if (raw.signum() == 0) {
      return BigDecimal.ZERO;
    }
    BigDecimal value = new BigDecimal(raw, decimals).stripTrailingZeros();
    return value.scale() < 0 ? value.setScale(0) : value;
  }
}
