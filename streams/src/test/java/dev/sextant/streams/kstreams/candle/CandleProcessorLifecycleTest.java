package dev.sextant.streams.kstreams.candle;

import static dev.sextant.streams.kstreams.candle.Trades.buy;
import static org.assertj.core.api.Assertions.assertThat;

import com.google.protobuf.util.Timestamps;
import dev.sextant.schemas.v1.IndicatorSnapshot;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Kafka Streams reuses a processor instance when a task is suspended and initialized again (for
 * example after a TaskCorruptedException aborted a transaction and rolled the store back): nothing
 * kept in memory from before may leak into what the processor does afterwards.
 */
class CandleProcessorLifecycleTest {

  static final String BTC = "coinbase:BTC-USD";
  static final String ETH = "kraken:ETH-USD";

  static CandleConfig oneSecond(Duration liveEvery) {
    return new CandleConfig(
        List.of(Interval.S1), Duration.ofSeconds(2), liveEvery, 20, CandleConfig.DEFAULT_STORE);
  }

  @Test
  void shouldNotFlushLiveRecordsQueuedBeforeAReinitialization() {
    ProcessorHarness h = new ProcessorHarness(oneSecond(Duration.ofMillis(100)));
    h.process(buy(BTC, 100, "100.00", "1"), 0, 0);
    assertThat(h.drain()).hasSize(1); // the key's first update goes at once
    h.process(buy(BTC, 200, "100.50", "1"), 0, 1);
    assertThat(h.drain()).isEmpty(); // within the interval: queued, waiting for the punctuator

    // The transaction that produced the queued record is aborted; the task is re-initialized.
    h.processor.close();
    h.processor.init(h.context);
    h.punctuate(1_000);

    assertThat(h.drain()).isEmpty();
  }

  @Test
  void shouldScanTheRestoredStoreForDueCandlesAfterAReinitialization() {
    ProcessorHarness h = new ProcessorHarness(oneSecond(Duration.ZERO));
    h.process(buy(BTC, 100, "100.00", "1"), 0, 0);
    h.process(buy(BTC, 5_000, "101.00", "1"), 0, 1); // closes [0,1s), then [5s,6s) is open
    h.drain();

    // The store is rolled back to a state the processor has not seen: an ETH candle of [1s,2s).
    SeriesState eth =
        new SeriesState(
            List.of(Candle.first(1_000, tick(ETH, 1_500, "2000.00"))),
            IndicatorState.empty(),
            InputPosition.NONE,
            new SeriesClock(1_500, 1_500, Long.MIN_VALUE));
    h.processor.close();
    h.store.put(ETH + "/1s", eth);
    h.processor.init(h.context);

    // ETH has been quiet since stream time 1,500: its watermark reaches its end + grace (4,000)
    // at stream time 9,000, after the idle allowance (5 s). Its candle closes then, not later.
    h.process(buy(BTC, 8_999, "101.50", "1"), 0, 2);
    assertThat(h.drain()).noneMatch(s -> s.getFinal() && s.getInstrument().equals(ETH));
    h.process(buy(BTC, 9_000, "101.50", "1"), 0, 3);
    List<IndicatorSnapshot> out = h.drain();
    assertThat(out)
        .filteredOn(IndicatorSnapshot::getFinal)
        .singleElement()
        .satisfies(
            s -> {
              assertThat(s.getInstrument()).isEqualTo(ETH);
              assertThat(Timestamps.toMillis(s.getWindowStart())).isEqualTo(1_000);
              assertThat(s.getClose().getValue()).isEqualTo("2000.00");
            });
  }

  static Tick tick(String instrument, long eventTimeMs, String price) {
    return new Tick(
        instrument,
        new java.math.BigDecimal(price),
        java.math.BigDecimal.ONE,
        Tick.Side.BUY,
        eventTimeMs);
  }
}
