package dev.sextant.ingest.chain.decode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.ingest.market.testkit.SharedData;
import dev.sextant.schemas.registry.Registry;
import dev.sextant.schemas.v1.ChainEvent;
import dev.sextant.schemas.v1.Side;
import dev.sextant.schemas.v1.Trade;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Decodes every log of two public mainnet recordings: an {@code eth_getBlockReceipts} result and an
 * ethereum-etl log export.
 */
class LogDecoderConformanceTest {

  static final String RECEIPTS = "helios_mainnet_block_21925176_eth_getBlockReceipts.json";
  static final String ETL = "ethereum-etl_mainnet_logs_blocks_17173049-17173050.jsonl";
  static final String WETH = "0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2";
  static final String USDT = "0xdac17f958d2ee523a2206206994597c13d831ec7";
  static final String DAI = "0x6b175474e89094c44da98b954eedeac495271d0f";
  static final String V2_WETH_USDT = "0x0d4a11d5eeaac28ec3f61d100daf4d40471f1852";
  static final String V3_DAI_WETH = "0x60594a405d53811d3bc4766596efd80fd545a270";
  static final Instant INGEST = Instant.parse("2025-01-01T00:00:00Z");

  final Registry registry = Registry.loadDefault();
  final PoolRegistry pools =
      new PoolRegistry(
          List.of(
              PoolRegistry.pool(registry, 1, V2_WETH_USDT, WETH, USDT),
              PoolRegistry.pool(registry, 1, V3_DAI_WETH, DAI, WETH)));
  final LogDecoder decoder = new LogDecoder(registry, pools);

  record Outcome(Map<String, Integer> counts, List<ChainEvent> events, List<String> failures) {}

  Outcome decodeAll(List<EvmLog> logs) {
    Map<String, Integer> counts = new TreeMap<>();
    List<ChainEvent> events = new ArrayList<>();
    List<String> failures = new ArrayList<>();
    for (EvmLog log : logs) {
      String kind =
          switch (decoder.decode(log, INGEST)) {
            case DecodeResult.Decoded d -> {
              events.add(d.event());
              yield d.event().getDetailCase().name();
            }
            case DecodeResult.Failed f -> {
              failures.add(log.txHash() + ":" + log.logIndex() + " " + f.failure());
              yield "FAILED_" + f.failure().kind();
            }
            case DecodeResult.NotOurs n ->
                n.reason().startsWith("ERC-721") ? "NOT_OURS_ERC721" : "NOT_OURS";
          };
      counts.merge(kind, 1, Integer::sum);
    }
    return new Outcome(counts, events, failures);
  }

  static ChainEvent at(List<ChainEvent> events, String txHash, int logIndex) {
    return events.stream()
        .filter(e -> e.getTxHash().equals(txHash) && e.getCursor().getLogIndex() == logIndex)
        .findFirst()
        .orElseThrow();
  }

  @Test
  void shouldDecodeEveryLogOfBlockReceipts() throws IOException {
    // Receipts carry no block time; the events get a fixed one.
    List<EvmLog> logs =
        TestLogs.receiptLogs(SharedData.require(RECEIPTS), Instant.ofEpochSecond(1_740_000_000L));

    Outcome outcome = decodeAll(logs);

    assertThat(logs).hasSize(463);
    assertThat(outcome.failures()).isEmpty();
    assertThat(outcome.counts())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "TRANSFER", 225,
                "WETH_DEPOSIT", 24,
                "WETH_WITHDRAWAL", 6,
                "V2_SWAP", 24,
                "V2_SYNC", 24,
                "V3_SWAP", 13,
                "NOT_OURS_ERC721", 8,
                "NOT_OURS", 139));
    // The block's first log: WETH Deposit, wad 0x74ee4caaccc12b = 32913110348906795 wei.
    ChainEvent deposit =
        at(
            outcome.events(),
            "0xed435bf6c31aa136a6ca6031850cbdde28566919c2d4bd18e6ac841339f8f234",
            0);
    assertThat(deposit.getWethDeposit().getAccount())
        .isEqualTo("0x3328f7f4a1d1c57c35df56bbf0c9dcafca309c49");
    assertThat(deposit.getWethDeposit().getAmount().getValue()).isEqualTo("0.032913110348906795");
    ChainEvent transfer =
        at(
            outcome.events(),
            "0xed435bf6c31aa136a6ca6031850cbdde28566919c2d4bd18e6ac841339f8f234",
            1);
    assertThat(transfer.getTransfer().getTo())
        .isEqualTo("0x999b8fc9161fb1f399a0a2d280ae6a75c697f432");
    assertThat(transfer.getTransfer().getAmount().getValue()).isEqualTo("0.032913110348906795");
    assertThat(deposit.getCursor().getBlockNumber()).isEqualTo(21_925_176L);
  }

  @Test
  void shouldDecodeEveryLogOfEtlExport() throws IOException {
    List<EvmLog> logs = TestLogs.etlLogs(SharedData.require(ETL));

    Outcome outcome = decodeAll(logs);

    assertThat(logs).hasSize(681);
    assertThat(outcome.failures()).isEmpty();
    assertThat(outcome.counts())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "TRANSFER", 282,
                "WETH_DEPOSIT", 30,
                "WETH_WITHDRAWAL", 31,
                "V2_SWAP", 69,
                "V2_SYNC", 69,
                "V3_SWAP", 10,
                "NOT_OURS_ERC721", 9,
                "NOT_OURS", 181));
    // Log 0: WETH Transfer of 0x61ec933f00000000 = 7056176614974947328 wei.
    ChainEvent first =
        at(
            outcome.events(),
            "0xeb107a40ba73a50c79a9f2026e902d758d1c5e5e211f7a7db1b294f88f118dd0",
            0);
    assertThat(first.getTransfer().getAmount().getValue()).isEqualTo("7.056176614974947328");
    assertThat(first.getTransfer().getFrom())
        .isEqualTo("0x6b75d8af000000e20b7a7ddf000ba900b4009a80");
    assertThat(first.getEventTime().getSeconds()).isEqualTo(1_683_029_999L);
  }

  @Test
  void shouldPriceKnownPoolsOfEtlExport() throws IOException {
    List<EvmLog> logs = TestLogs.etlLogs(SharedData.require(ETL));
    List<ChainEvent> events = decodeAll(logs).events();
    DexTrades dex = new DexTrades(registry, pools);

    // V2 WETH/USDT: amount1In 300000000 (300 USDT), amount0Out 163431800996002843 wei.
    ChainEvent v2 =
        at(events, "0xb559b7027cdc452cc05be1c65fe930a1abb6c4796d7b141d4f6d7826f9e9fa92", 164);
    assertThat(v2.getV2Swap().getAmount1In().getValue()).isEqualTo("300");
    assertThat(v2.getV2Swap().getAmount0Out().getValue()).isEqualTo("0.163431800996002843");
    Trade v2Trade = dex.trade(v2).orElseThrow();
    assertThat(v2Trade.getInstrument()).isEqualTo("uniswap-v2@1:WETH-USDT");
    assertThat(v2Trade.getSide()).isEqualTo(Side.SIDE_BUY);
    assertThat(v2Trade.getSize().getValue()).isEqualTo("0.163431800996002843");
    assertThat(v2Trade.getPrice().getValue()).isEqualTo("1835.628061195613291651876699553836");

    // V3 DAI/WETH: amount0 -22018221659062564954034, amount1 12013451935700119211,
    // sqrtPriceX96 1850899735984347797179475757, tick -75137.
    ChainEvent v3 =
        at(events, "0xd9bda14ce031d98af00d9a7ffef7b4a054d58fed1114e36b45fbe5aeaf2a81a0", 75);
    assertThat(v3.getV3Swap().getAmount0().getValue()).isEqualTo("-22018.221659062564954034");
    assertThat(v3.getV3Swap().getAmount1().getValue()).isEqualTo("12.013451935700119211");
    assertThat(v3.getV3Swap().getSqrtPriceX96()).isEqualTo("1850899735984347797179475757");
    assertThat(v3.getV3Swap().getTick()).isEqualTo(-75137);
    assertThat(v3.getV3Swap().getPrice().getValue())
        .isEqualTo("0.000545766179533792612122722577797181");
    Trade v3Trade = dex.trade(v3).orElseThrow();
    assertThat(v3Trade.getInstrument()).isEqualTo("uniswap-v3@1:WETH-DAI");
    assertThat(v3Trade.getSide()).isEqualTo(Side.SIDE_SELL);
    assertThat(v3Trade.getSize().getValue()).isEqualTo("12.013451935700119211");
    assertThat(v3Trade.getPrice().getValue()).isEqualTo("1832.797249026442156412776025254489");
  }

  @Test
  void shouldDecodeQuicklyEnoughToMeasure() throws IOException {
    // A rough figure for the docs, printed, never asserted.
    List<EvmLog> logs = TestLogs.etlLogs(SharedData.require(ETL));
    long decoded = 0;
    long start = 0;
    for (int round = 0; round < 300; round++) {
      if (round == 100) {
        start = System.nanoTime();
        decoded = 0;
      }
      for (EvmLog log : logs) {
        if (decoder.decode(log, INGEST) instanceof DecodeResult.Decoded) {
          decoded++;
        }
      }
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf(
        "%d logs (%d decoded) in %.3f s: %.0f logs/s%n",
        200L * logs.size(), decoded, seconds, 200L * logs.size() / seconds);
    // 681 logs less 181 of other signatures and 9 ERC-721 transfers.
    assertThat(decoded).isEqualTo(200L * 491);
  }
}
