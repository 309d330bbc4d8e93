package dev.sextant.ingest.chain.decode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.ingest.time.ProtoTime;
import dev.sextant.schemas.registry.Registry;
import dev.sextant.schemas.v1.ChainEvent;
import dev.sextant.schemas.v1.Side;
import dev.sextant.schemas.v1.Trade;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class DexTradesTest {

  static Registry registry;
  static PoolRegistry pools;
  static Map<String, EvmLog> golden;
  LogDecoder decoder;
  DexTrades trades;

  @BeforeAll
  static void load() throws IOException {
    registry = Registry.loadDefault();
    pools = LogDecoderTest.knownPools(registry);
    golden = TestLogs.golden(LogDecoderTest.BLOCK_TIME);
  }

  ChainEvent event(String name) {
    decoder = new LogDecoder(registry, pools);
    return ((DecodeResult.Decoded) decoder.decode(golden.get(name), LogDecoderTest.INGEST)).event();
  }

  Optional<Trade> trade(ChainEvent event) {
    return new DexTrades(registry, pools).trade(event);
  }

  @Test
  void shouldMakeBuyTradeFromV2SwapPayingOutWeth() {
    Trade trade = trade(event("v2-swap-buy-weth")).orElseThrow();

    // The pool took 3000 USDC and paid out 1.5 WETH: the trader bought WETH at 2000.
    assertThat(trade.getInstrument()).isEqualTo("uniswap-v2@1:WETH-USDC");
    assertThat(trade.getVenue()).isEqualTo("uniswap-v2@1");
    assertThat(trade.getSide()).isEqualTo(Side.SIDE_BUY);
    assertThat(trade.getSize().getValue()).isEqualTo("1.5");
    assertThat(trade.getPrice().getValue()).isEqualTo("2000");
    assertThat(trade.getTradeId()).isEqualTo(golden.get("v2-swap-buy-weth").txHash() + ":6");
    assertThat(ProtoTime.toInstant(trade.getEventTime())).isEqualTo(LogDecoderTest.BLOCK_TIME);
    assertThat(ProtoTime.toInstant(trade.getIngestTime())).isEqualTo(LogDecoderTest.INGEST);
  }

  @Test
  void shouldMakeSellTradeFromV3SwapTakingInWeth() {
    Trade trade = trade(event("v3-swap-sell-weth")).orElseThrow();

    assertThat(trade.getInstrument()).isEqualTo("uniswap-v3@1:WETH-USDC");
    assertThat(trade.getSide()).isEqualTo(Side.SIDE_SELL);
    assertThat(trade.getSize().getValue()).isEqualTo("1");
    assertThat(trade.getPrice().getValue()).isEqualTo("2000");
    assertThat(trade.getTradeId()).endsWith(":8");
  }

  @Test
  void shouldRoundNonTerminatingPriceTo34SignificantDigits() {
    ChainEvent swap = event("v3-swap-sell-weth");
    ChainEvent thirds =
        swap.toBuilder()
            .setV3Swap(
                swap.getV3Swap().toBuilder()
                    .setAmount0(dev.sextant.schemas.decimal.Decimals.of("-1000"))
                    .setAmount1(dev.sextant.schemas.decimal.Decimals.of("3")))
            .build();

    assertThat(trade(thirds).orElseThrow().getPrice().getValue())
        .isEqualTo("333.3333333333333333333333333333333");
  }

  @Test
  void shouldMakeNoTradeFromSyncUnknownPoolRetractionOrOneWayFlows() {
    ChainEvent swap = event("v3-swap-sell-weth");
    ChainEvent oneWay =
        swap.toBuilder()
            .setV3Swap(
                swap.getV3Swap().toBuilder()
                    .setAmount0(dev.sextant.schemas.decimal.Decimals.of("5")))
            .build();

    assertThat(trade(event("v2-sync"))).isEmpty();
    assertThat(new DexTrades(registry, PoolRegistry.EMPTY).trade(swap)).isEmpty();
    assertThat(trade(swap.toBuilder().setRemoved(true).build())).isEmpty();
    assertThat(trade(oneWay)).isEmpty();
  }

  @Test
  void shouldMakeNoTradeWhenOnlyTheQuoteMoved() {
    ChainEvent swap = event("v3-swap-sell-weth");
    ChainEvent quoteOnly =
        swap.toBuilder()
            .setV3Swap(
                swap.getV3Swap().toBuilder()
                    .setAmount0(dev.sextant.schemas.decimal.Decimals.of("5"))
                    .setAmount1(dev.sextant.schemas.decimal.Decimals.of("0")))
            .build();

    assertThat(trade(quoteOnly)).isEmpty();
  }

  @Test
  void shouldQuoteInWethWhenNoStablecoin() {
    String pool = "0xa2107fa5b38d9bbd2c461d6edf11b11a50f6b974";
    String link = "0x514910771af9ca656af840dff83e8264ecf986ca";
    PoolRegistry linkWeth =
        new PoolRegistry(
            List.of(
                PoolRegistry.pool(
                    registry, 1, pool, link, "0xc02aaa39b223fe8d0a0e5c4f27ead9083c756cc2")));
    ChainEvent swap = event("v2-swap-buy-weth").toBuilder().setContract(pool).build();

    Trade trade = new DexTrades(registry, linkWeth).trade(swap).orElseThrow();

    // Pool took 3000 LINK (as token0 amounts) and paid 1.5 WETH: the trader sold LINK.
    assertThat(trade.getInstrument()).isEqualTo("uniswap-v2@1:LINK-WETH");
    assertThat(trade.getSide()).isEqualTo(Side.SIDE_SELL);
    assertThat(trade.getSize().getValue()).isEqualTo("3000");
    assertThat(trade.getPrice().getValue()).isEqualTo("0.0005");
  }
}
