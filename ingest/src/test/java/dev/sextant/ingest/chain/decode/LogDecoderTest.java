package dev.sextant.ingest.chain.decode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.ingest.time.ProtoTime;
import dev.sextant.schemas.registry.Registry;
import dev.sextant.schemas.v1.ChainEvent;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.web3j.abi.EventEncoder;

class LogDecoderTest {

  static final Instant BLOCK_TIME = Instant.parse("2024-05-13T10:00:11Z");
  static final Instant INGEST = Instant.parse("2024-05-13T10:00:12.5Z");
  static final String ALICE = "0x00000000000000000000000000000000000a11ce";
  static final String BOB = "0x0000000000000000000000000000000000000b0b";
  static final String WETH = "0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2";
  static final String USDC = "0xa0b86991c6218b36c1d19d4a2e9eb0ce3606eb48";
  static final String V2_USDC_WETH = "0xb4e16d0168e52d35cacd2c6185b44281ec28c9dc";
  static final String V3_USDC_WETH = "0x88e6a0c2ddd26feeb64f039a2c41296fcb3f5640";

  static Registry registry;
  static PoolRegistry pools;
  static Map<String, EvmLog> golden;
  LogDecoder decoder = new LogDecoder(registry, pools);

  @BeforeAll
  static void load() throws IOException {
    registry = Registry.loadDefault();
    pools = knownPools(registry);
    golden = TestLogs.golden(BLOCK_TIME);
  }

  /** The two USDC/WETH pools on mainnet; token0 is USDC in both (its address sorts first). */
  static PoolRegistry knownPools(Registry registry) {
    return new PoolRegistry(
        List.of(
            PoolRegistry.pool(registry, 1, V2_USDC_WETH, USDC, WETH),
            PoolRegistry.pool(registry, 1, V3_USDC_WETH, USDC, WETH)));
  }

  ChainEvent decoded(String name) {
    DecodeResult result = decoder.decode(golden.get(name), INGEST);
    assertThat(result).isInstanceOf(DecodeResult.Decoded.class);
    return ((DecodeResult.Decoded) result).event();
  }

  @Test
  void shouldComputeWellKnownTopicHashesWithEventEncoder() {
    assertThat(EventEncoder.encode(EventSignatures.TRANSFER))
        .isEqualTo("0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef");
    assertThat(EventEncoder.encode(EventSignatures.WETH_DEPOSIT))
        .isEqualTo("0xe1fffcc4923d04b559f4d29a8bfc6cda04eb5b0d3c460751c2402c5c5cc9109c");
    assertThat(EventEncoder.encode(EventSignatures.WETH_WITHDRAWAL))
        .isEqualTo("0x7fcf532c15f0a6db0bd6d0e038bea71d30d808c7d98cb3bf7268a95bf5081b65");
    assertThat(EventEncoder.encode(EventSignatures.V2_SWAP))
        .isEqualTo("0xd78ad95fa46c994b6551d0da85fc275fe613ce37657fb8d5e3d130840159d822");
    assertThat(EventEncoder.encode(EventSignatures.V2_SYNC))
        .isEqualTo("0x1c411e9a96e071241c2f21f7726b17ae89e3cab4c78be50e062b03a9fffbbad1");
    assertThat(EventEncoder.encode(EventSignatures.V3_SWAP))
        .isEqualTo("0xc42079f94a6350d7e6235f29174924f928cc2ac818eb64fed8004e115fbcca67");
    assertThat(EventSignatures.V3_SWAP_TOPIC)
        .isEqualTo(EventEncoder.encode(EventSignatures.V3_SWAP));
  }

  @Test
  void shouldDecodeWethTransferScaledBy18Decimals() {
    ChainEvent event = decoded("weth-transfer");

    assertThat(event.getTransfer().getToken()).isEqualTo(WETH);
    assertThat(event.getTransfer().getFrom()).isEqualTo(ALICE);
    assertThat(event.getTransfer().getTo()).isEqualTo(BOB);
    assertThat(event.getTransfer().getAmount().getValue()).isEqualTo("0.5");
    assertThat(event.getChainId()).isEqualTo(1);
    assertThat(event.getContract()).isEqualTo(WETH);
    assertThat(event.getCursor().getBlockNumber()).isEqualTo(20_000_000L);
    assertThat(event.getCursor().getBlockHash()).isEqualTo("0x" + "ab".repeat(32));
    assertThat(event.getCursor().getLogIndex()).isEqualTo(1);
    assertThat(event.getTxHash()).endsWith("0001");
    assertThat(event.getRemoved()).isFalse();
    assertThat(ProtoTime.toInstant(event.getEventTime())).isEqualTo(BLOCK_TIME);
    assertThat(ProtoTime.toInstant(event.getIngestTime())).isEqualTo(INGEST);
    assertThat(event.getRaw().getTopicsList()).isEqualTo(golden.get("weth-transfer").topics());
    assertThat(event.getRaw().getData()).isEqualTo(golden.get("weth-transfer").data());
  }

  @Test
  void shouldDecodeUsdcTransferScaledBy6Decimals() {
    assertThat(decoded("usdc-transfer").getTransfer().getAmount().getValue()).isEqualTo("1234.56");
  }

  @Test
  void shouldKeepRawIntegerAmountOfUnknownToken() {
    assertThat(decoded("unknown-token-transfer").getTransfer().getAmount().getValue())
        .isEqualTo("42");
  }

  @Test
  void shouldScaleByTheDecimalsOfConfiguredTokensAndPoolTokens() {
    String unknown = "0x1111111111111111111111111111111111111111";
    String poolToken = "0x2222222222222222222222222222222222222222";
    PoolRegistry withPool =
        new PoolRegistry(
            List.of(
                new PoolRegistry.Pool(
                    "0x3333333333333333333333333333333333333333",
                    new PoolRegistry.Token(poolToken, "TKB", 3),
                    new PoolRegistry.Token(WETH, "WETH", 18))));
    LogDecoder configured =
        new LogDecoder(
            registry,
            withPool,
            1,
            List.of(
                new PoolRegistry.Token(unknown.toUpperCase().replace("0X", "0x"), "TKA", 1),
                // The registry's decimals win over a configured token's.
                new PoolRegistry.Token(USDC, "USDC", 2)));
    EvmLog transfer = golden.get("unknown-token-transfer");
    EvmLog ofPoolToken =
        new EvmLog(
            1,
            poolToken,
            transfer.topics(),
            transfer.data(),
            transfer.blockNumber(),
            transfer.blockHash(),
            transfer.logIndex(),
            transfer.txHash(),
            false,
            transfer.blockTime());

    assertThat(amount(configured, transfer)).isEqualTo("4.2");
    assertThat(amount(configured, ofPoolToken)).isEqualTo("0.042");
    assertThat(amount(configured, golden.get("usdc-transfer"))).isEqualTo("1234.56");
    // On another chain the configured tokens mean nothing.
    EvmLog elsewhere =
        new EvmLog(
            5,
            transfer.address(),
            transfer.topics(),
            transfer.data(),
            transfer.blockNumber(),
            transfer.blockHash(),
            transfer.logIndex(),
            transfer.txHash(),
            false,
            transfer.blockTime());
    assertThat(amount(configured, elsewhere)).isEqualTo("42");
  }

  private static String amount(LogDecoder decoder, EvmLog log) {
    DecodeResult result = decoder.decode(log, INGEST);
    assertThat(result).isInstanceOf(DecodeResult.Decoded.class);
    return ((DecodeResult.Decoded) result).event().getTransfer().getAmount().getValue();
  }

  @Test
  void shouldDecodeWethDepositAndWithdrawal() {
    ChainEvent deposit = decoded("weth-deposit");
    ChainEvent withdrawal = decoded("weth-withdrawal");

    assertThat(deposit.getWethDeposit().getAccount()).isEqualTo(ALICE);
    assertThat(deposit.getWethDeposit().getAmount().getValue()).isEqualTo("2");
    assertThat(withdrawal.getWethWithdrawal().getAccount()).isEqualTo(BOB);
    assertThat(withdrawal.getWethWithdrawal().getAmount().getValue()).isEqualTo("0.125");
  }

  @Test
  void shouldDecodeV2SwapScaledByPoolTokens() {
    var swap = decoded("v2-swap-buy-weth").getV2Swap();

    assertThat(swap.getSender()).isEqualTo(ALICE);
    assertThat(swap.getTo()).isEqualTo(BOB);
    assertThat(swap.getAmount0In().getValue()).isEqualTo("3000");
    assertThat(swap.getAmount1In().getValue()).isEqualTo("0");
    assertThat(swap.getAmount0Out().getValue()).isEqualTo("0");
    assertThat(swap.getAmount1Out().getValue()).isEqualTo("1.5");
  }

  @Test
  void shouldDecodeV2SyncReserves() {
    var sync = decoded("v2-sync").getV2Sync();

    assertThat(sync.getReserve0().getValue()).isEqualTo("40000000");
    assertThat(sync.getReserve1().getValue()).isEqualTo("20000");
  }

  @Test
  void shouldDecodeV3SwapWithSignedAmountsTickAndPrice() {
    var swap = decoded("v3-swap-sell-weth").getV3Swap();

    assertThat(swap.getSender()).isEqualTo(ALICE);
    assertThat(swap.getRecipient()).isEqualTo(BOB);
    assertThat(swap.getAmount0().getValue()).isEqualTo("-2000");
    assertThat(swap.getAmount1().getValue()).isEqualTo("1");
    assertThat(swap.getSqrtPriceX96())
        .isEqualTo(java.math.BigInteger.valueOf(22360).shiftLeft(96).toString());
    assertThat(swap.getLiquidity().getValue()).isEqualTo("1000000000000000000");
    assertThat(swap.getTick()).isEqualTo(-200000);
    // 22360^2 raw WETH units per raw USDC unit, times 10^(6-18).
    assertThat(swap.getPrice().getValue()).isEqualTo("0.0004999696");
  }

  @Test
  void shouldKeepRawAmountsAndNoPriceForUnknownPool() {
    LogDecoder bare = new LogDecoder(registry, PoolRegistry.EMPTY);
    var result = (DecodeResult.Decoded) bare.decode(golden.get("v3-swap-sell-weth"), INGEST);

    assertThat(result.event().getV3Swap().getAmount0().getValue()).isEqualTo("-2000000000");
    assertThat(result.event().getV3Swap().hasPrice()).isFalse();
  }

  @Test
  void shouldCarryRemovedFlag() {
    EvmLog log = golden.get("weth-transfer");
    EvmLog removed =
        new EvmLog(
            log.chainId(),
            log.address(),
            log.topics(),
            log.data(),
            log.blockNumber(),
            log.blockHash(),
            log.logIndex(),
            log.txHash(),
            true,
            log.blockTime());

    var result = (DecodeResult.Decoded) decoder.decode(removed, INGEST);

    assertThat(result.event().getRemoved()).isTrue();
  }

  @Test
  void shouldFailWithWrongTopicCount() {
    EvmLog log = golden.get("v3-swap-sell-weth");
    EvmLog bad = withTopicsAndData(log, log.topics().subList(0, 2), log.data());

    DecodeResult result = decoder.decode(bad, INGEST);

    assertThat(result)
        .isEqualTo(
            new DecodeResult.Failed(
                new DecodeFailure(
                    DecodeFailure.Kind.WRONG_TOPIC_COUNT,
                    "V3 Swap needs 3 topics, the log has 2")));
  }

  @Test
  void shouldFailWithShortData() {
    EvmLog log = golden.get("v2-swap-buy-weth");
    EvmLog bad = withTopicsAndData(log, log.topics(), log.data().substring(0, 2 + 64 * 3));

    DecodeResult result = decoder.decode(bad, INGEST);

    assertThat(result).isInstanceOf(DecodeResult.Failed.class);
    DecodeFailure failure = ((DecodeResult.Failed) result).failure();
    assertThat(failure.kind()).isEqualTo(DecodeFailure.Kind.SHORT_DATA);
    assertThat(failure.message()).isEqualTo("V2 Swap needs 4 data words, the log has 3");
    assertThat(failure.kind().errorKind().wireName()).isEqualTo("missing_field");
  }

  @Test
  void shouldFailOnPartialWordAndNonHexAndOverflow() {
    EvmLog log = golden.get("weth-transfer");
    List<DecodeFailure.Kind> kinds = new ArrayList<>();
    for (String data :
        List.of(
            log.data() + "00",
            "0x" + "zz".repeat(32),
            // A uint112 reserve with its 113th bit set.
            "0x" + "0".repeat(35) + "2" + "0".repeat(28) + "0".repeat(64))) {
      EvmLog bad =
          data.endsWith("0".repeat(64)) && data.length() == 130
              ? withTopicsAndData(golden.get("v2-sync"), golden.get("v2-sync").topics(), data)
              : withTopicsAndData(log, log.topics(), data);
      kinds.add(((DecodeResult.Failed) decoder.decode(bad, INGEST)).failure().kind());
    }

    assertThat(kinds)
        .containsExactly(
            DecodeFailure.Kind.BAD_HEX,
            DecodeFailure.Kind.BAD_HEX,
            DecodeFailure.Kind.OUT_OF_RANGE);
  }

  @Test
  void shouldTellUnknownSignatureAndErc721ApartFromFailures() {
    EvmLog log = golden.get("weth-transfer");
    List<String> approval = new ArrayList<>(log.topics());
    approval.set(0, "0x8c5be1e5ebec7d5bd14f71427d1e84f3dd0314c0f7b2291e5b200ac8c7c3b925");
    List<String> erc721 = new ArrayList<>(log.topics());
    erc721.add("0x" + "0".repeat(63) + "7");

    assertThat(decoder.decode(withTopicsAndData(log, approval, log.data()), INGEST))
        .isInstanceOf(DecodeResult.NotOurs.class);
    assertThat(decoder.decode(withTopicsAndData(log, erc721, "0x"), INGEST))
        .isEqualTo(new DecodeResult.NotOurs("ERC-721 Transfer (tokenId indexed)"));
    assertThat(decoder.decode(withTopicsAndData(log, List.of(), "0x"), INGEST))
        .isInstanceOf(DecodeResult.NotOurs.class);
  }

  static EvmLog withTopicsAndData(EvmLog log, List<String> topics, String data) {
    return new EvmLog(
        log.chainId(),
        log.address(),
        topics,
        data,
        log.blockNumber(),
        log.blockHash(),
        log.logIndex(),
        log.txHash(),
        log.removed(),
        log.blockTime());
  }
}
