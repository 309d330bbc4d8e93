package dev.sextant.streams.kstreams.candle;

import dev.sextant.schemas.topics.Topics;
import dev.sextant.schemas.v1.IndicatorSnapshot;
import dev.sextant.schemas.v1.Trade;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.util.List;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * A {@link CandleProcessor} driven directly, so a test controls what the TopologyTestDriver does
 * itself: stream time, record metadata (partition and offset) and the processor's lifecycle.
 */
final class ProcessorHarness {

  final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  final MockProcessorContext<String, IndicatorSnapshot> context = new MockProcessorContext<>();
  final KeyValueStore<String, SeriesState> store;
  final CandleProcessor processor;
  private long streamTime = 0;

  ProcessorHarness(CandleConfig config) {
    store =
        Stores.keyValueStoreBuilder(
                Stores.inMemoryKeyValueStore(config.storeName()),
                Serdes.String(),
                new SeriesStateSerde())
            .withLoggingDisabled()
            .build();
    context.setCurrentStreamTimeMs(0);
    context.setCurrentSystemTimeMs(0);
    store.init(context.getStateStoreContext(), store);
    context.addStateStore(store);
    processor = new CandleProcessor(config, new CandleMetrics(registry));
    processor.init(context);
  }

  /**
   * Processes {@code trade} as read from {@code partition} at {@code offset}, with stream time
   * advanced to its event time as Kafka Streams does before handing a record over.
   */
  void process(Trade trade, int partition, long offset) {
    long ms = EventTime.millis(trade);
    context.setRecordMetadata(Topics.MARKET_TRADES.name(), partition, offset);
    streamTime = Math.max(streamTime, ms);
    context.setCurrentStreamTimeMs(streamTime);
    processor.process(new Record<>(trade.getInstrument(), trade, ms));
  }

  /** Everything forwarded so far, then forgets it. */
  List<IndicatorSnapshot> drain() {
    List<IndicatorSnapshot> out =
        context.forwarded().stream().map(f -> (IndicatorSnapshot) f.record().value()).toList();
    context.resetForwards();
    return out;
  }

  /** Runs the wall-clock punctuators the processor registered. */
  void punctuate(long wallClockMs) {
    context.scheduledPunctuators().forEach(p -> p.getPunctuator().punctuate(wallClockMs));
  }

  double count(String name, String... tags) {
    Counter c = registry.find(name).tags(tags).counter();
    return c == null ? 0 : c.count();
  }
}
