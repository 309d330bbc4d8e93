package dev.sextant.streams.kstreams.candle;

import static dev.sextant.streams.kstreams.candle.Trades.buy;
import static dev.sextant.streams.kstreams.candle.Trades.sell;
import static org.assertj.core.api.Assertions.assertThat;

import dev.sextant.schemas.v1.IndicatorSnapshot;
import dev.sextant.schemas.v1.Trade;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * At-least-once replay: after a crash the changelog (the state) can be ahead of the committed input
 * offsets, so records already applied are read again. The TopologyTestDriver numbers offsets itself
 * and cannot re-deliver one, so these tests drive the processor directly with explicit partitions
 * and offsets, the way the consumer re-delivers them after a restart from the committed offset.
 */
class CandleReplayTest {

  static final String BTC = "coinbase:BTC-USD";

  static final List<Trade> TRADES =
      List.of(
          buy(BTC, 100, "100.00", "1"), sell(BTC, 400, "101.00", "2"), buy(BTC, 900, "99.50", "4"));

  static CandleConfig oneSecond() {
    return new CandleConfig(
        List.of(Interval.S1), Duration.ofSeconds(2), Duration.ZERO, 20, CandleConfig.DEFAULT_STORE);
  }

  @Test
  void shouldNotCountTradesTwiceWhenRecordsAlreadyInTheStateAreReadAgain() {
    ProcessorHarness h = new ProcessorHarness(oneSecond());
    for (int i = 0; i < TRADES.size(); i++) {
      h.process(TRADES.get(i), 3, 10 + i);
    }
    // Crash: the state holds offsets 10..12, the last commit was at 11; 11 and 12 come again.
    h.process(TRADES.get(1), 3, 11);
    h.process(TRADES.get(2), 3, 12);
    h.process(buy(BTC, 3_000, "102.00", "1"), 3, 13); // closes [0,1s)

    IndicatorSnapshot fin =
        h.drain().stream().filter(IndicatorSnapshot::getFinal).findFirst().get();
    assertThat(fin.getTradeCount()).isEqualTo(3);
    assertThat(fin.getVolume().getValue()).isEqualTo("7");
    assertThat(fin.getBuyVolume().getValue()).isEqualTo("5");
    assertThat(fin.getSellVolume().getValue()).isEqualTo("2");
    assertThat(fin.getClose().getValue()).isEqualTo("99.50");
    assertThat(h.count(CandleMetrics.REPLAYED, "interval", "1s")).isEqualTo(2);
  }

  @Test
  void shouldApplyARecordFromAnotherPartitionWhateverItsOffset() {
    ProcessorHarness h = new ProcessorHarness(oneSecond());
    h.process(TRADES.get(0), 0, 50);
    h.process(TRADES.get(1), 1, 7); // e.g. after the topic was re-partitioned
    h.process(buy(BTC, 3_000, "102.00", "1"), 1, 8);

    IndicatorSnapshot fin =
        h.drain().stream().filter(IndicatorSnapshot::getFinal).findFirst().get();
    assertThat(fin.getTradeCount()).isEqualTo(2);
    assertThat(h.count(CandleMetrics.REPLAYED, "interval", "1s")).isZero();
  }

  @Test
  void shouldKeepThePositionWhenCandlesClose() {
    ProcessorHarness h = new ProcessorHarness(oneSecond());
    h.process(TRADES.get(0), 0, 1);
    h.process(buy(BTC, 3_000, "102.00", "1"), 0, 2); // closes [0,1s), rewrites the state
    h.process(buy(BTC, 3_000, "102.00", "1"), 0, 2); // read again

    assertThat(h.store.get(BTC + "/1s").applied()).isEqualTo(new InputPosition(0, 2));
    assertThat(h.store.get(BTC + "/1s").open().getFirst().tradeCount()).isEqualTo(1);
  }
}
